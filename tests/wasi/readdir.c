// wasi-test: dir=sandbox::/sandbox
// Listing directories with fd_readdir: entries and their types, paging
// with cookies through buffers of every small size, entries truncated at
// the end of a buffer, and the errors.
#include "common.h"
#include <dirent.h>

#define MAX_ENTRIES 64

struct entry {
    char name[64];
    uint8_t type;
    uint64_t next;
};

/* Lists `fd` with a buffer of `size` bytes, resuming from the cookie of
 * the last whole entry each time. */
static int list(__wasi_fd_t fd, size_t size, struct entry *out) {
    uint8_t *buf = malloc(size);
    int count = 0;
    __wasi_dircookie_t cookie = 0;
    for (;;) {
        __wasi_size_t used = 0;
        OK(__wasi_fd_readdir(fd, buf, size, cookie, &used));
        CHECK(used <= size);
        size_t at = 0;
        int whole = 0;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + at, sizeof d);
            if (at + sizeof d + d.d_namlen > used) break;  // cut short
            CHECK(count < MAX_ENTRIES && d.d_namlen < 64);
            memcpy(out[count].name, buf + at + sizeof d, d.d_namlen);
            out[count].name[d.d_namlen] = 0;
            out[count].type = d.d_type;
            out[count].next = d.d_next;
            CHECK(d.d_ino != 0);
            cookie = d.d_next;
            count++;
            whole++;
            at += sizeof d + d.d_namlen;
        }
        if (used < size) break;  // the end of the directory
        // A full buffer holding no whole entry: this size is too small.
        if (whole == 0) {
            free(buf);
            return -1;
        }
    }
    free(buf);
    return count;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_fd_t data = open_at(dir, "data", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0);
    struct entry all[MAX_ENTRIES], paged[MAX_ENTRIES];
    int count = list(data, 4096, all);
    CHECK(count == 6);
    // `.` and `..` come first; their cookies are 1 and 2.
    CHECK(strcmp(all[0].name, ".") == 0 && all[0].next == 1);
    CHECK(strcmp(all[1].name, "..") == 0 && all[1].next == 2);
    qsort(all, count, sizeof all[0], by_name);
    for (int i = 0; i < count; i++) printf("%s type %d\n", all[i].name, all[i].type);
    CHECK(strcmp(all[2].name, "big.txt") == 0 && all[2].type == __WASI_FILETYPE_REGULAR_FILE);
    CHECK(strcmp(all[4].name, "nested") == 0 && all[4].type == __WASI_FILETYPE_DIRECTORY);

    // Paging through any buffer big enough for one entry gives the same list.
    for (size_t size = 24; size <= 80; size++) {
        int got = list(data, size, paged);
        // The longest entry, "numbers.txt", needs 24 + 11 bytes.
        if (size < 35) {
            CHECK(got < 0);
            continue;
        }
        CHECK(got == count);
        qsort(paged, got, sizeof paged[0], by_name);
        for (int i = 0; i < got; i++) CHECK(strcmp(paged[i].name, all[i].name) == 0);
    }

    // A cookie past the end gives nothing; a buffer of 0 bytes holds nothing.
    uint8_t buf[256];
    __wasi_size_t used = 99;
    OK(__wasi_fd_readdir(data, buf, sizeof buf, 1000, &used));
    CHECK(used == 0);
    OK(__wasi_fd_readdir(data, buf, 0, 0, &used));
    CHECK(used == 0);
    // A buffer smaller than one entry is filled with its beginning.
    OK(__wasi_fd_readdir(data, buf, 10, 0, &used));
    CHECK(used == 10);

    // New entries show up when listing starts again.
    write_file(dir, "data/zz-new.txt", "new");
    CHECK(list(data, 4096, paged) == count + 1);
    OK(__wasi_path_unlink_file(dir, "data/zz-new.txt"));
    CHECK(list(data, 4096, paged) == count);

    // The links directory reports link types without following them.
    __wasi_fd_t links = open_at(dir, "links", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0);
    int nlinks = list(links, 1024, paged);
    CHECK(nlinks == 10);
    for (int i = 2; i < nlinks; i++) CHECK(paged[i].type == __WASI_FILETYPE_SYMBOLIC_LINK);
    OK(__wasi_fd_close(links));

    EXPECT(__wasi_fd_readdir(99, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);
    OK(__wasi_fd_close(data));
    EXPECT(__wasi_fd_readdir(data, buf, sizeof buf, 0, &used), __WASI_ERRNO_BADF);

    // libc's directory stream over the same calls.
    DIR *d = opendir("/sandbox/data/nested");
    CHECK(d != NULL);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "greek.txt") == 0) CHECK(e->d_type == DT_REG);
        if (strcmp(e->d_name, "deep") == 0) CHECK(e->d_type == DT_DIR);
        seen++;
    }
    CHECK(seen == 4);
    rewinddir(d);
    CHECK(readdir(d) != NULL);
    CHECK(closedir(d) == 0);
    CHECK(opendir("/sandbox/hello.txt") == NULL);

    puts("readdir ok");
    return 0;
}
