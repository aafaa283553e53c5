// wasi-test: dir=sandbox::/sandbox
// Operations on paths: path_create_directory, path_remove_directory,
// path_unlink_file, path_rename, path_filestat_get,
// path_filestat_set_times, path_link, path_symlink, path_readlink, with the
// errors each gives (EEXIST, ENOENT, ENOTDIR, EISDIR, ENOTEMPTY, EINVAL).
#include "common.h"

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_filestat_t st;
    __wasi_size_t n;
    char buf[64];

    // Directories.
    OK(__wasi_path_create_directory(dir, "scratch/a"));
    OK(__wasi_path_create_directory(dir, "scratch/a/b/"));
    EXPECT(__wasi_path_create_directory(dir, "scratch/a"), __WASI_ERRNO_EXIST);
    EXPECT(__wasi_path_create_directory(dir, "scratch/missing/x"), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_create_directory(dir, "hello.txt/x"), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_create_directory(dir, "hello.txt"), __WASI_ERRNO_EXIST);
    EXPECT(__wasi_path_create_directory(dir, "."), __WASI_ERRNO_EXIST);
    st = stat_path(dir, "scratch/a/b", 0);
    CHECK(st.filetype == __WASI_FILETYPE_DIRECTORY);
    EXPECT(__wasi_path_remove_directory(dir, "scratch/a"), __WASI_ERRNO_NOTEMPTY);
    EXPECT(__wasi_path_remove_directory(dir, "hello.txt"), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_remove_directory(dir, "scratch/none"), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_remove_directory(dir, "."), __WASI_ERRNO_INVAL);
    OK(__wasi_path_remove_directory(dir, "scratch/a/b"));
    OK(__wasi_path_remove_directory(dir, "scratch/a"));
    EXPECT(__wasi_path_filestat_get(dir, 0, "scratch/a", &st), __WASI_ERRNO_NOENT);

    // Files: unlink.
    write_file(dir, "scratch/f1", "one");
    EXPECT(__wasi_path_unlink_file(dir, "scratch/f1/"), __WASI_ERRNO_NOTDIR);
    OK(__wasi_path_create_directory(dir, "scratch/d1"));
    EXPECT(__wasi_path_unlink_file(dir, "scratch/d1"), __WASI_ERRNO_ISDIR);
    EXPECT(__wasi_path_unlink_file(dir, "scratch/d1/"), __WASI_ERRNO_ISDIR);
    EXPECT(__wasi_path_unlink_file(dir, "scratch/none"), __WASI_ERRNO_NOENT);
    OK(__wasi_path_unlink_file(dir, "scratch/f1"));
    EXPECT(__wasi_path_unlink_file(dir, "scratch/f1"), __WASI_ERRNO_NOENT);

    // Rename: files replace files, directories replace empty directories.
    write_file(dir, "scratch/f1", "one");
    write_file(dir, "scratch/f2", "two!");
    OK(__wasi_path_rename(dir, "scratch/f1", dir, "scratch/f2"));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.size == 3);
    EXPECT(__wasi_path_filestat_get(dir, 0, "scratch/f1", &st), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_rename(dir, "scratch/f2", dir, "scratch/d1"), __WASI_ERRNO_ISDIR);
    EXPECT(__wasi_path_rename(dir, "scratch/d1", dir, "scratch/f2"), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_rename(dir, "scratch/none", dir, "scratch/x"), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_rename(dir, "scratch/f2/", dir, "scratch/x"), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_rename(dir, "scratch/f2", dir, "scratch/x/"), __WASI_ERRNO_NOTDIR);
    OK(__wasi_path_create_directory(dir, "scratch/d2"));
    write_file(dir, "scratch/d2/inside", "x");
    EXPECT(__wasi_path_rename(dir, "scratch/d1", dir, "scratch/d2"), __WASI_ERRNO_NOTEMPTY);
    EXPECT(__wasi_path_rename(dir, "scratch/d1", dir, "scratch/d1/sub"), __WASI_ERRNO_INVAL);
    OK(__wasi_path_rename(dir, "scratch/d1/", dir, "scratch/d3/"));
    OK(__wasi_path_rename(dir, "scratch/d2", dir, "scratch/d3"));
    st = stat_path(dir, "scratch/d3/inside", 0);
    CHECK(st.size == 1);

    // Metadata by path, and timestamps.
    st = stat_path(dir, "hello.txt", 0);
    CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.size == 13 && st.nlink == 1);
    st = stat_path(dir, "data/", 0);
    CHECK(st.filetype == __WASI_FILETYPE_DIRECTORY);
    EXPECT(__wasi_path_filestat_get(dir, 0, "hello.txt/", &st), __WASI_ERRNO_NOTDIR);
    EXPECT(__wasi_path_filestat_get(dir, 0, "data/none", &st), __WASI_ERRNO_NOENT);
    OK(__wasi_path_filestat_set_times(dir, 0, "scratch/f2", 3000000000ull, 4000000000ull,
                                      __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.atim == 3000000000ull && st.mtim == 4000000000ull);
    OK(__wasi_path_filestat_set_times(dir, 0, "scratch/f2", 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.atim > 1577836800ull * 1000000000ull && st.mtim == 4000000000ull);
    EXPECT(__wasi_path_filestat_set_times(dir, 0, "scratch/f2", 0, 0,
                                          __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
           __WASI_ERRNO_INVAL);
    EXPECT(__wasi_path_filestat_set_times(dir, 0, "scratch/none", 0, 0, __WASI_FSTFLAGS_MTIM_NOW),
           __WASI_ERRNO_NOENT);

    // Hard links share the file.
    OK(__wasi_path_link(dir, 0, "scratch/f2", dir, "scratch/f2-link"));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.nlink == 2);
    __wasi_filestat_t st2 = stat_path(dir, "scratch/f2-link", 0);
    CHECK(st2.ino == st.ino && st2.dev == st.dev);
    EXPECT(__wasi_path_link(dir, 0, "scratch/f2", dir, "scratch/f2-link"), __WASI_ERRNO_EXIST);
    EXPECT(__wasi_path_link(dir, 0, "scratch/none", dir, "scratch/x"), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_link(dir, 0, "scratch/f2", dir, "scratch/none/x"), __WASI_ERRNO_NOENT);
    EXPECT(__wasi_path_link(dir, 0, "scratch/d3", dir, "scratch/d3-link"), __WASI_ERRNO_PERM);
    OK(__wasi_path_unlink_file(dir, "scratch/f2-link"));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.nlink == 1);

    // Symbolic links: created as given, read back, followed on request.
    OK(__wasi_path_symlink("f2", dir, "scratch/sym"));
    EXPECT(__wasi_path_symlink("f2", dir, "scratch/sym"), __WASI_ERRNO_EXIST);
    EXPECT(__wasi_path_symlink("f2", dir, "scratch/none/sym"), __WASI_ERRNO_NOENT);
    OK(__wasi_path_readlink(dir, "scratch/sym", (uint8_t *)buf, sizeof buf, &n));
    CHECK(n == 2 && memcmp(buf, "f2", 2) == 0);
    OK(__wasi_path_readlink(dir, "scratch/sym", (uint8_t *)buf, 1, &n));
    CHECK(n == 1 && buf[0] == 'f');
    EXPECT(__wasi_path_readlink(dir, "scratch/f2", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_INVAL);
    EXPECT(__wasi_path_readlink(dir, "scratch/none", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_NOENT);
    st = stat_path(dir, "scratch/sym", 0);
    CHECK(st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK && st.size == 2);
    st = stat_path(dir, "scratch/sym", 1);
    CHECK(st.filetype == __WASI_FILETYPE_REGULAR_FILE && st.size == 3);
    // Without the follow flag, opening a link is refused.
    __wasi_fd_t fd;
    EXPECT(__wasi_path_open(dir, 0, "scratch/sym", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP);
    OK(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "scratch/sym", 0, RIGHTS_RO, 0, 0, &fd));
    CHECK(read_full(fd, buf, sizeof buf) == 3 && memcmp(buf, "one", 3) == 0);
    OK(__wasi_fd_close(fd));
    // Links inside the sandbox work as directories in the middle of a path.
    st = stat_path(dir, "links/to_data/nested/greek.txt", 0);
    CHECK(st.size == 17);
    st = stat_path(dir, "links/to_hello", 1);
    CHECK(st.size == 13);
    // A dangling link can be made and removed; a loop is reported as such.
    OK(__wasi_path_symlink("nowhere", dir, "scratch/dangling"));
    EXPECT(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "scratch/dangling", &st),
           __WASI_ERRNO_NOENT);
    OK(__wasi_path_unlink_file(dir, "scratch/dangling"));
    EXPECT(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "links/loop_a", &st),
           __WASI_ERRNO_LOOP);
    EXPECT(__wasi_path_open(dir, 0, "links/loop_a/x", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP);
    // Removing a link removes the link, not what it points to.
    EXPECT(__wasi_path_remove_directory(dir, "links/to_data"), __WASI_ERRNO_NOTDIR);
    OK(__wasi_path_unlink_file(dir, "scratch/sym"));
    st = stat_path(dir, "scratch/f2", 0);
    CHECK(st.size == 3);

    // Paths with `.`, `..` and repeated slashes that stay inside.
    st = stat_path(dir, "data/./nested/../nested//deep/./leaf.txt", 0);
    CHECK(st.size == 10);
    st = stat_path(dir, "scratch/../hello.txt", 0);
    CHECK(st.size == 13);

    // Clean up what this program made.
    OK(__wasi_path_unlink_file(dir, "scratch/d3/inside"));
    OK(__wasi_path_remove_directory(dir, "scratch/d3"));
    OK(__wasi_path_unlink_file(dir, "scratch/f2"));
    puts("paths ok");
    return 0;
}
