/* Helpers shared by the WASI test programs: each program checks its own
 * results and exits non-zero on the first mismatch, naming it on stderr. */
#ifndef ZWASM_WASI_TEST_COMMON_H
#define ZWASM_WASI_TEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

/* The first preopened directory. */
#define SANDBOX 3

static inline void fail_at(const char *file, int line, const char *what) {
    fflush(stdout);
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    exit(1);
}

#define CHECK(cond) \
    do { if (!(cond)) fail_at(__FILE__, __LINE__, #cond); } while (0)

/* A WASI call must return exactly `expected`. */
#define EXPECT(call, expected)                                                   \
    do {                                                                         \
        int got_ = (int)(call);                                                  \
        int want_ = (int)(expected);                                             \
        if (got_ != want_) {                                                     \
            fflush(stdout);                                                      \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d\n", __FILE__,    \
                    __LINE__, #call, got_, want_);                               \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

#define OK(call) EXPECT(call, 0)

/* Rights a program asks for when it opens a file the way wasi-libc does. */
#define RIGHTS_RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | \
                   __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET |                  \
                   __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | \
                   __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ADVISE | \
                   __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS)
#define RIGHTS_RO (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | \
                   __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_ADVISE)

/* Opens `path` under the sandbox with `oflags` and `rights`. */
static inline __wasi_fd_t open_at(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                           __wasi_rights_t rights, __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd = 0;
    __wasi_errno_t e = __wasi_path_open(dir, 0, path, oflags, rights, rights, fdflags, &fd);
    if (e != 0) {
        fflush(stdout);
        fprintf(stderr, "cannot open %s: errno %d\n", path, e);
        exit(1);
    }
    return fd;
}

/* Writes all of `len` bytes, looping over short writes. */
static inline void write_all(__wasi_fd_t fd, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len > 0) {
        __wasi_ciovec_t iov = {p, len};
        __wasi_size_t n = 0;
        OK(__wasi_fd_write(fd, &iov, 1, &n));
        CHECK(n > 0 && n <= len);
        p += n;
        len -= n;
    }
}

/* Reads until `len` bytes or end of file; returns how many. */
static inline size_t read_full(__wasi_fd_t fd, void *buf, size_t len) {
    uint8_t *p = buf;
    size_t total = 0;
    while (total < len) {
        __wasi_iovec_t iov = {p + total, len - total};
        __wasi_size_t n = 0;
        OK(__wasi_fd_read(fd, &iov, 1, &n));
        if (n == 0) break;
        total += n;
    }
    return total;
}

static inline void write_file(__wasi_fd_t dir, const char *path, const char *text) {
    __wasi_fd_t fd = open_at(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
    write_all(fd, text, strlen(text));
    OK(__wasi_fd_close(fd));
}

static inline __wasi_filestat_t stat_path(__wasi_fd_t dir, const char *path, int follow) {
    __wasi_filestat_t st;
    OK(__wasi_path_filestat_get(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st));
    return st;
}

#endif
