// wasi-test: stdin=stdin.txt
// The standard streams: fd_read from stdin, fd_write (several iovecs) to
// stdout and stderr, fd_fdstat_get on each, and the errors a stream gives.
#include "common.h"

int main(void) {
    __wasi_fdstat_t st;
    OK(__wasi_fd_fdstat_get(0, &st));
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_READ);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    OK(__wasi_fd_fdstat_get(1, &st));
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE);
    CHECK(!(st.fs_rights_base & __WASI_RIGHTS_FD_READ));
    OK(__wasi_fd_fdstat_get(2, &st));
    CHECK(st.fs_rights_base & __WASI_RIGHTS_FD_WRITE);

    char buf[256];
    size_t n = read_full(0, buf, sizeof buf - 1);
    buf[n] = 0;
    CHECK(n == 58);
    CHECK(strncmp(buf, "first line of input\n", 20) == 0);
    // At the end, reads return 0 bytes.
    __wasi_size_t got = 99;
    __wasi_iovec_t iov = {(uint8_t *)buf, 10};
    OK(__wasi_fd_read(0, &iov, 1, &got));
    CHECK(got == 0);

    // Several iovecs, one of them empty; the stream may take fewer bytes.
    const char *parts[] = {"gathered ", "", "write\n"};
    __wasi_ciovec_t vecs[3];
    for (int i = 0; i < 3; i++) vecs[i] = (__wasi_ciovec_t){(const uint8_t *)parts[i], strlen(parts[i])};
    __wasi_size_t written = 0;
    OK(__wasi_fd_write(1, vecs, 3, &written));
    CHECK(written > 0 && written <= 15);
    const char *all = "gathered write\n";
    write_all(1, all + written, 15 - written);
    OK(__wasi_fd_write(1, vecs, 0, &written));
    CHECK(written == 0);

    write_all(2, "to stderr\n", 10);

    // Streams are not files: no positioning, and each goes one way.
    __wasi_filesize_t pos;
    EXPECT(__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_SPIPE);
    EXPECT(__wasi_fd_tell(1, &pos), __WASI_ERRNO_SPIPE);
    EXPECT(__wasi_fd_write(0, vecs, 1, &written), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_read(1, &iov, 1, &got), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_pread(1, &iov, 1, 0, &got), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_write(99, vecs, 1, &written), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_read(99, &iov, 1, &got), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_fdstat_get(99, &st), __WASI_ERRNO_BADF);

    printf("stdin said: %s\n", buf);
    fprintf(stderr, "stdio ok\n");
    return 0;
}
