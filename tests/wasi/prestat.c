// wasi-test: dir=sandbox::/sandbox dir=sandbox/data::data-alias
// The preopened directories: fd_prestat_get and fd_prestat_dir_name, and
// how the descriptors that are not preopens answer.
#include "common.h"

int main(void) {
    __wasi_prestat_t pre;
    char name[64];
    __wasi_fd_t fd;
    int found = 0;
    for (fd = 3;; fd++) {
        __wasi_errno_t e = __wasi_fd_prestat_get(fd, &pre);
        if (e == __WASI_ERRNO_BADF) break;
        OK(e);
        CHECK(pre.tag == __WASI_PREOPENTYPE_DIR);
        size_t len = pre.u.dir.pr_name_len;
        CHECK(len > 0 && len < sizeof name);
        if (len > 1) EXPECT(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len - 1), __WASI_ERRNO_NAMETOOLONG);
        memset(name, 0, sizeof name);
        OK(__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, sizeof name));
        CHECK(strlen(name) == len);
        __wasi_fdstat_t st;
        OK(__wasi_fd_fdstat_get(fd, &st));
        CHECK(st.fs_filetype == __WASI_FILETYPE_DIRECTORY);
        CHECK(st.fs_rights_base & __WASI_RIGHTS_PATH_OPEN);
        CHECK(st.fs_rights_inheriting & __WASI_RIGHTS_FD_READ);
        printf("preopen %d: %s\n", fd, name);
        found++;
    }
    CHECK(found == 2);
    CHECK(fd == 5);

    EXPECT(__wasi_fd_prestat_get(0, &pre), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_prestat_get(1, &pre), __WASI_ERRNO_BADF);
    // A directory opened through a preopen is not a preopen itself.
    __wasi_fd_t sub = open_at(3, "data", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0);
    EXPECT(__wasi_fd_prestat_get(sub, &pre), __WASI_ERRNO_BADF);
    OK(__wasi_fd_close(sub));

    // libc finds files through the preopen names.
    FILE *f = fopen("data-alias/nested/greek.txt", "r");
    CHECK(f != NULL);
    char line[16];
    CHECK(fgets(line, sizeof line, f) && strcmp(line, "alpha\n") == 0);
    fclose(f);
    f = fopen("/sandbox/hello.txt", "r");
    CHECK(f != NULL);
    fclose(f);

    // Closing a preopen makes its number free.
    OK(__wasi_fd_close(4));
    EXPECT(__wasi_fd_prestat_get(4, &pre), __WASI_ERRNO_BADF);
    puts("prestat ok");
    return 0;
}
