// wasi-test: dir=sandbox::/sandbox stdin=stdin.txt
// wasi-test-only-zwasm: specified behaviours the reference engine lacks (it traps on the CPU-time clocks and on out-of-range enum values, and answers ENOTSUP for fd_allocate, fd_fdstat_set_rights and proc_raise, EINVAL for linking through a symbolic link and for removing a directory named with a trailing slash, and ENOTDIR for the preopen name of a stream)
// What the WASI specification asks for beyond the common subset: every
// clock, EINVAL for values outside an enum, real allocation, rights that
// can be dropped, links made through a followed symbolic link, proc_raise
// for ignored signals, flags on a stream, and ENOTDIR for directory calls
// on a file.
#include "common.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
uint16_t proc_raise(uint32_t sig);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_advise")))
uint16_t raw_advise(uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_seek")))
uint16_t raw_seek(uint32_t fd, int64_t offset, uint32_t whence, uint64_t *pos);

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_timestamp_t t, res;

    // All four clocks, and nothing past them.
    for (__wasi_clockid_t id = 0; id <= 3; id++) {
        OK(__wasi_clock_res_get(id, &res));
        CHECK(res > 0);
        OK(__wasi_clock_time_get(id, 0, &t));
        CHECK(t > 0);
    }
    EXPECT(__wasi_clock_res_get(4, &res), __WASI_ERRNO_INVAL);
    EXPECT(__wasi_clock_time_get(99, 0, &t), __WASI_ERRNO_INVAL);
    __wasi_subscription_t sub;
    __wasi_event_t ev;
    __wasi_size_t n;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 5;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = 99;
    OK(__wasi_poll_oneoff(&sub, &ev, 1, &n));
    CHECK(n == 1 && ev.userdata == 5 && ev.error == __WASI_ERRNO_INVAL);
    sub.u.tag = 3;
    EXPECT(__wasi_poll_oneoff(&sub, &ev, 1, &n), __WASI_ERRNO_INVAL);

    // Values outside an enum are invalid arguments, not traps.
    __wasi_fd_t f = open_at(dir, "scratch/conf.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
    EXPECT(raw_advise(f, 0, 1, 6), __WASI_ERRNO_INVAL);
    EXPECT(raw_advise(f, 0, 1, 256), __WASI_ERRNO_INVAL);
    uint64_t pos;
    EXPECT(raw_seek(f, 0, 3, &pos), __WASI_ERRNO_INVAL);
    EXPECT(__wasi_fd_fdstat_set_flags(f, 1 << 5), __WASI_ERRNO_INVAL);
    __wasi_fd_t bad;
    EXPECT(__wasi_path_open(dir, 0, "scratch/x", 1 << 4, RIGHTS_RW, 0, 0, &bad), __WASI_ERRNO_INVAL);

    // fd_allocate reserves space and extends the file.
    OK(__wasi_fd_allocate(f, 100, 28));
    __wasi_filestat_t st;
    OK(__wasi_fd_filestat_get(f, &st));
    CHECK(st.size == 128);
    EXPECT(__wasi_fd_allocate(f, 0, 0), __WASI_ERRNO_INVAL);

    // Rights dropped are gone for good.
    __wasi_fdstat_t fst;
    OK(__wasi_fd_fdstat_get(f, &fst));
    OK(__wasi_fd_fdstat_set_rights(f, fst.fs_rights_base & ~(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ALLOCATE), 0));
    __wasi_ciovec_t cv = {(const uint8_t *)"x", 1};
    EXPECT(__wasi_fd_write(f, &cv, 1, &n), __WASI_ERRNO_BADF);
    EXPECT(__wasi_fd_allocate(f, 0, 1), __WASI_ERRNO_NOTCAPABLE);
    EXPECT(__wasi_fd_fdstat_set_rights(f, fst.fs_rights_base, 0), __WASI_ERRNO_NOTCAPABLE);
    OK(__wasi_fd_fdstat_set_rights(f, 0, 0));
    EXPECT(__wasi_fd_filestat_get(f, &st), __WASI_ERRNO_NOTCAPABLE);
    OK(__wasi_fd_close(f));
    // A directory whose inheriting rights were narrowed passes on less.
    __wasi_fd_t d = open_at(dir, "data", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0);
    OK(__wasi_fd_fdstat_get(d, &fst));
    OK(__wasi_fd_fdstat_set_rights(d, fst.fs_rights_base, fst.fs_rights_inheriting & ~__WASI_RIGHTS_FD_SEEK));
    __wasi_fd_t inner = open_at(d, "numbers.txt", 0, RIGHTS_RO, 0);
    OK(__wasi_fd_fdstat_get(inner, &fst));
    CHECK(!(fst.fs_rights_base & __WASI_RIGHTS_FD_SEEK));
    EXPECT(__wasi_fd_seek(inner, 1, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
    OK(__wasi_fd_close(inner));

    // A directory can be synchronised; file calls on it are refused.
    OK(__wasi_fd_sync(d));
    OK(__wasi_fd_datasync(d));
    OK(__wasi_fd_filestat_set_times(d, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    OK(__wasi_fd_close(d));

    // Directory calls on a file descriptor: ENOTDIR.
    f = open_at(dir, "hello.txt", 0, RIGHTS_RO, 0);
    uint8_t buf[64];
    EXPECT(__wasi_fd_readdir(f, buf, sizeof buf, 0, &n), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_create_directory(f, "x"), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_unlink_file(f, "x"), __WASI_ERRNO_NOTDIR);
    OK(__wasi_fd_close(f));

    // A hard link made through a followed symbolic link links its target.
    OK(__wasi_path_link(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "links/to_hello", dir, "scratch/hello-link"));
    st = stat_path(dir, "scratch/hello-link", 0);
    CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.nlink == 2 && st.size == 13);
    OK(__wasi_path_unlink_file(dir, "scratch/hello-link"));
    OK(__wasi_path_link(dir, 0, "links/to_hello", dir, "scratch/link-link"));
    st = stat_path(dir, "scratch/link-link", 0);
    CHECK(st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
    OK(__wasi_path_unlink_file(dir, "scratch/link-link"));
    EXPECT(__wasi_path_link(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "links/escape_file", dir, "scratch/copy"),
           __WASI_ERRNO_PERM);
    OK(__wasi_path_unlink_file(dir, "scratch/conf.txt"));

    // A trailing slash names a directory for every call, removal included.
    OK(__wasi_path_create_directory(dir, "scratch/slash/"));
    OK(__wasi_path_remove_directory(dir, "scratch/slash/"));
    // Standard streams are not preopens.
    char name[16];
    EXPECT(__wasi_fd_prestat_dir_name(2, (uint8_t *)name, sizeof name), __WASI_ERRNO_BADF);

    // Stream flags: non-blocking reads of standard input.
    OK(__wasi_fd_fdstat_set_flags(0, __WASI_FDFLAGS_NONBLOCK));
    OK(__wasi_fd_fdstat_get(0, &fst));
    CHECK(fst.fs_flags == __WASI_FDFLAGS_NONBLOCK);
    __wasi_iovec_t iv = {buf, 5};
    OK(__wasi_fd_read(0, &iv, 1, &n));
    CHECK(n == 5 && memcmp(buf, "first", 5) == 0);
    EXPECT(__wasi_fd_fdstat_set_flags(1, __WASI_FDFLAGS_SYNC), __WASI_ERRNO_INVAL);

    // proc_raise: no signal and ignored signals return; stopping is not
    // supported; numbers past the last signal are invalid.
    OK(proc_raise(0));
    OK(proc_raise(16));  // chld
    OK(proc_raise(22));  // urg
    EXPECT(proc_raise(18), __WASI_ERRNO_NOTSUP);  // stop
    EXPECT(proc_raise(31), __WASI_ERRNO_INVAL);

    puts("conformance ok");
    return 0;
}
