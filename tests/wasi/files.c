// wasi-test: dir=sandbox::/sandbox
// Regular files through descriptors: path_open flags, fd_read, fd_write,
// fd_seek, fd_tell, fd_pread, fd_pwrite, fd_filestat_get,
// fd_filestat_set_size, fd_filestat_set_times, fd_advise, fd_allocate,
// fd_sync, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags, fd_close.
#include "common.h"

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_fd_t fd, other;
    __wasi_filesize_t pos;
    __wasi_size_t n;
    __wasi_filestat_t st;
    __wasi_fdstat_t fst;
    char buf[128];

    // Create, then refuse to create again exclusively.
    fd = open_at(dir, "scratch/file.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_RW, 0);
    EXPECT(__wasi_path_open(dir, 0, "scratch/file.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_RW,
                            RIGHTS_RW, 0, &other),
           __WASI_ERRNO_EXIST);
    EXPECT(__wasi_path_open(dir, 0, "scratch/missing.txt", 0, RIGHTS_RW, RIGHTS_RW, 0, &other), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_open(dir, 0, "hello.txt", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0, 0, &other),
           __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_open(dir, 0, "data", 0, RIGHTS_RW, RIGHTS_RW, 0, &other), __WASI_ERRNO_ISDIR);
    EXPECT(__wasi_path_open(dir, 0, "hello.txt/x", 0, RIGHTS_RO, 0, 0, &other), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_open(dir, 0, "", 0, RIGHTS_RO, 0, 0, &other), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_open(99, 0, "hello.txt", 0, RIGHTS_RO, 0, 0, &other), __WASI_ERRNO_BADF);

    OK(__wasi_fd_fdstat_get(fd, &fst));
    CHECK(fst.fs_filetype == __WASI_FILETYPE_REGULAR_FILE);
    CHECK(fst.fs_rights_base & __WASI_RIGHTS_FD_READ);
    CHECK(fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE);
    CHECK(fst.fs_flags == 0);

    write_all(fd, "0123456789", 10);
    OK(__wasi_fd_tell(fd, &pos));
    CHECK(pos == 10);
    OK(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &pos));
    CHECK(pos == 2);
    OK(__wasi_fd_seek(fd, 3, __WASI_WHENCE_CUR, &pos));
    CHECK(pos == 5);
    OK(__wasi_fd_seek(fd, -1, __WASI_WHENCE_END, &pos));
    CHECK(pos == 9);
    EXPECT(__wasi_fd_seek(fd, -100, __WASI_WHENCE_CUR, &pos), __WASI_ERRNO_INVAL);
    OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    CHECK(read_full(fd, buf, sizeof buf) == 10);
    CHECK(memcmp(buf, "0123456789", 10) == 0);

    // Scatter reads fill the iovecs in order.
    OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    char a[3], b[4];
    __wasi_iovec_t two[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 4}};
    OK(__wasi_fd_read(fd, two, 2, &n));
    // A read may stop short, but only after filling the first iovec.
    CHECK(n >= 3 && n <= 7 && memcmp(a, "012", 3) == 0 && memcmp(b, "3456", n - 3) == 0);
    OK(__wasi_fd_seek(fd, 7, __WASI_WHENCE_SET, &pos));

    // Positional I/O leaves the offset alone.
    OK(__wasi_fd_tell(fd, &pos));
    CHECK(pos == 7);
    __wasi_ciovec_t cv = {(const uint8_t *)"AB", 2};
    OK(__wasi_fd_pwrite(fd, &cv, 1, 4, &n));
    CHECK(n == 2);
    __wasi_iovec_t iv = {(uint8_t *)buf, 6};
    OK(__wasi_fd_pread(fd, &iv, 1, 2, &n));
    CHECK(n == 6 && memcmp(buf, "23AB67", 6) == 0);
    OK(__wasi_fd_pread(fd, &iv, 1, 100, &n));
    CHECK(n == 0);
    OK(__wasi_fd_tell(fd, &pos));
    CHECK(pos == 7);

    // Size: grow fills with zeros, shrink cuts.
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.size == 10 && st.nlink == 1);
    OK(__wasi_fd_filestat_set_size(fd, 16));
    OK(__wasi_fd_pread(fd, &iv, 1, 10, &n));
    CHECK(n == 6 && memcmp(buf, "\0\0\0\0\0\0", 6) == 0);
    OK(__wasi_fd_filestat_set_size(fd, 4));
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.size == 4);

    // Timestamps: explicit values, "now", and invalid combinations.
    OK(__wasi_fd_filestat_set_times(fd, 1000000000ull, 2000000000ull,
                                    __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.atim == 1000000000ull && st.mtim == 2000000000ull);
    OK(__wasi_fd_filestat_set_times(fd, 0, 5000000000ull, __WASI_FSTFLAGS_MTIM));
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.atim == 1000000000ull && st.mtim == 5000000000ull);
    OK(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.mtim > 1577836800ull * 1000000000ull);
    EXPECT(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW),
           __WASI_ERRNO_INVAL);
    EXPECT(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
           __WASI_ERRNO_INVAL);

    // Advice is accepted for every defined value.
    for (int advice = __WASI_ADVICE_NORMAL; advice <= __WASI_ADVICE_NOREUSE; advice++)
        OK(__wasi_fd_advise(fd, 0, 4, advice));

    // Allocation either reserves the space (the size grows to cover it) or
    // is reported as unsupported.
    __wasi_errno_t e = __wasi_fd_allocate(fd, 0, 64);
    CHECK(e == 0 || e == __WASI_ERRNO_NOTSUP);
    if (e == 0) {
        OK(__wasi_fd_filestat_get(fd, &st));
        CHECK(st.size == 64);
        OK(__wasi_fd_filestat_set_size(fd, 4));
    }

    OK(__wasi_fd_sync(fd));
    OK(__wasi_fd_datasync(fd));

    // Append mode: every write goes to the end, wherever the offset is.
    OK(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    OK(__wasi_fd_fdstat_get(fd, &fst));
    CHECK(fst.fs_flags == __WASI_FDFLAGS_APPEND);
    OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    write_all(fd, "xy", 2);
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.size == 6);
    OK(__wasi_fd_fdstat_set_flags(fd, 0));
    OK(__wasi_fd_fdstat_get(fd, &fst));
    CHECK(fst.fs_flags == 0);

    OK(__wasi_fd_close(fd));
    EXPECT(__wasi_fd_close(fd), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_tell(fd, &pos), __WASI_ERRNO_BADF);

    // Opened with FDFLAGS_APPEND from the start, and with TRUNC.
    fd = open_at(dir, "scratch/file.txt", 0, RIGHTS_RW, __WASI_FDFLAGS_APPEND);
    write_all(fd, "!", 1);
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.size == 7);
    OK(__wasi_fd_close(fd));
    fd = open_at(dir, "scratch/file.txt", __WASI_OFLAGS_TRUNC, RIGHTS_RW, 0);
    OK(__wasi_fd_filestat_get(fd, &st));
    CHECK(st.size == 0);
    OK(__wasi_fd_close(fd));

    // A file opened for reading only cannot be written, and the other way.
    fd = open_at(dir, "hello.txt", 0, RIGHTS_RO, 0);
    OK(__wasi_fd_fdstat_get(fd, &fst));
    CHECK(!(fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
    EXPECT(__wasi_fd_write(fd, &cv, 1, &n), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_pwrite(fd, &cv, 1, 0, &n), __WASI_ERRNO_BADF);
    CHECK(read_full(fd, buf, sizeof buf) == 13 && memcmp(buf, "Hello, WASI!\n", 13) == 0);
    OK(__wasi_fd_close(fd));
    fd = open_at(dir, "scratch/file.txt", 0, __WASI_RIGHTS_FD_WRITE, 0);
    EXPECT(__wasi_fd_read(fd, &iv, 1, &n), __WASI_ERRNO_BADF);
    OK(__wasi_fd_close(fd));

    // Directory descriptors carry no file data.
    __wasi_fd_t d = open_at(dir, "data", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0);
    OK(__wasi_fd_fdstat_get(d, &fst));
    CHECK(fst.fs_filetype == __WASI_FILETYPE_DIRECTORY);
    EXPECT(__wasi_fd_read(d, &iv, 1, &n), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_write(d, &cv, 1, &n), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_seek(d, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_advise(d, 0, 1, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_allocate(d, 0, 1), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_filestat_set_size(d, 0), __WASI_ERRNO_BADF);
    OK(__wasi_fd_filestat_get(d, &st));
    CHECK(st.filetype == __WASI_FILETYPE_DIRECTORY);
    OK(__wasi_fd_close(d));

    // The same through libc.
    FILE *f = fopen("/sandbox/scratch/libc.txt", "w+");
    CHECK(f != NULL);
    CHECK(fprintf(f, "value=%d\n", 42) == 9);
    CHECK(fseek(f, 0, SEEK_SET) == 0);
    int value = 0;
    CHECK(fscanf(f, "value=%d", &value) == 1 && value == 42);
    CHECK(fclose(f) == 0);
    CHECK(fopen("/sandbox/scratch/nope/x", "r") == NULL);

    puts("files ok");
    return 0;
}
