// wasi-test: dir=sandbox::/sandbox
// The descriptor table: numbering, fd_renumber, fd_close, and dropping
// rights with fd_fdstat_set_rights.
#include "common.h"

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_fdstat_t st;
    char buf[32];

    // New descriptors take the lowest free numbers after the preopen.
    __wasi_fd_t a = open_at(dir, "hello.txt", 0, RIGHTS_RO, 0);
    __wasi_fd_t b = open_at(dir, "data/numbers.txt", 0, RIGHTS_RO, 0);
    CHECK(a == 4 && b == 5);
    OK(__wasi_fd_close(a));
    __wasi_fd_t c = open_at(dir, "data/nested/greek.txt", 0, RIGHTS_RO, 0);
    CHECK(c == 4);

    // Renumbering moves a descriptor onto another, closing that one.
    OK(__wasi_fd_renumber(c, b));
    EXPECT(__wasi_fd_fdstat_get(c, &st), __WASI_ERRNO_BADF);
    CHECK(read_full(b, buf, 6) == 6 && memcmp(buf, "alpha\n", 6) == 0);
    // Both ends must be open; onto itself changes nothing.
    EXPECT(__wasi_fd_renumber(b, 40), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_renumber(40, b), __WASI_ERRNO_BADF);
    OK(__wasi_fd_renumber(b, b));
    CHECK(read_full(b, buf, 5) == 5 && memcmp(buf, "beta\n", 5) == 0);

    // Standard output can be replaced by a file.
    __wasi_fd_t log = open_at(dir, "scratch/stdout.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
    puts("before the switch");
    fflush(stdout);
    OK(__wasi_fd_renumber(log, 1));
    write_all(1, "into the file\n", 14);
    __wasi_fd_t check = open_at(dir, "scratch/stdout.txt", 0, RIGHTS_RO, 0);
    CHECK(read_full(check, buf, sizeof buf) == 14 && memcmp(buf, "into the file\n", 14) == 0);
    OK(__wasi_fd_close(check));

    // Rights can only be dropped. The runtime either honours the request
    // (later calls see fewer rights, and adding any back fails) or does not
    // support changing rights at all.
    __wasi_fd_t f = open_at(dir, "hello.txt", 0, RIGHTS_RO, 0);
    OK(__wasi_fd_fdstat_get(f, &st));
    __wasi_rights_t before = st.fs_rights_base;
    CHECK(before & __WASI_RIGHTS_FD_READ);
    __wasi_errno_t e = __wasi_fd_fdstat_set_rights(f, before & ~__WASI_RIGHTS_FD_SEEK, st.fs_rights_inheriting);
    CHECK(e == 0 || e == __WASI_ERRNO_NOTSUP);
    if (e == 0) {
        OK(__wasi_fd_fdstat_get(f, &st));
        CHECK(st.fs_rights_base == (before & ~__WASI_RIGHTS_FD_SEEK));
        __wasi_filesize_t pos;
        EXPECT(__wasi_fd_seek(f, 1, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
        EXPECT(__wasi_fd_fdstat_set_rights(f, before, st.fs_rights_inheriting), __WASI_ERRNO_NOTCAPABLE);
        CHECK(read_full(f, buf, 5) == 5);
    }
    EXPECT(__wasi_fd_fdstat_set_rights(77, 0, 0), __WASI_ERRNO_BADF);
    OK(__wasi_fd_close(f));

    // Closing a standard stream is allowed.
    OK(__wasi_fd_close(0));
    EXPECT(__wasi_fd_fdstat_get(0, &st), __WASI_ERRNO_BADF);
    __wasi_fd_t again = open_at(dir, "hello.txt", 0, RIGHTS_RO, 0);
    CHECK(read_full(again, buf, 5) == 5 && memcmp(buf, "Hello", 5) == 0);
    fprintf(stderr, "descriptors ok\n");
    return 0;
}
