// wasi-test: dir=sandbox::/sandbox
// The sandbox: every way out of the preopened directory is refused —
// absolute paths, `..` above the root, symbolic links (existing or made by
// the guest) that lead outside or to absolute paths — for every call that
// takes a path. Nothing outside may be read, made, changed or removed.
#include "common.h"

/* path_open with an explicit length, so a path can hold a NUL byte. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t raw_path_open(int32_t fd, int32_t dirflags, const char *path, int32_t len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, __wasi_fd_t *out);

#define ESCAPES 7
static const char *escapes[ESCAPES] = {
    "/etc/passwd",
    "..",
    "../outside/secret.txt",
    "data/../../outside/secret.txt",
    "links/escape_dir/secret.txt",
    "links/absolute/x",
    "links/to_data/../../outside",
};

int main(void) {
    const __wasi_fd_t dir = SANDBOX;
    __wasi_fd_t fd;
    __wasi_filestat_t st;
    __wasi_size_t n;
    char buf[64];

    for (int i = 0; i < ESCAPES; i++) {
        const char *p = escapes[i];
        EXPECT(__wasi_path_open(dir, 0, p, 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, 0, RIGHTS_RO, 0, 0, &fd),
               __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_open(dir, 0, p, __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, 0, &fd), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_filestat_get(dir, 0, p, &st), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, &st), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_filestat_set_times(dir, 0, p, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_create_directory(dir, p), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_remove_directory(dir, p), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_unlink_file(dir, p), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_readlink(dir, p, (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_rename(dir, "hello.txt", dir, p), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_rename(dir, p, dir, "scratch/stolen"), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_link(dir, 0, "hello.txt", dir, p), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_link(dir, 0, p, dir, "scratch/stolen"), __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_symlink("hello.txt", dir, p), __WASI_ERRNO_PERM);
    }

    // Links that lead out: the link itself may be looked at, never followed.
    const char *out_links[] = {"links/escape_file", "links/escape_dir", "links/absolute"};
    for (int i = 0; i < 3; i++) {
        const char *p = out_links[i];
        EXPECT(__wasi_path_open(dir, 0, p, 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_LOOP);
        EXPECT(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, 0, RIGHTS_RO, 0, 0, &fd),
               __WASI_ERRNO_PERM);
        EXPECT(__wasi_path_filestat_get(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, &st), __WASI_ERRNO_PERM);
        st = stat_path(dir, p, 0);
        CHECK(st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
    }
    // A relative target can be read; an absolute one would show host paths.
    OK(__wasi_path_readlink(dir, "links/escape_file", (uint8_t *)buf, sizeof buf, &n));
    CHECK(n == 24 && memcmp(buf, "../../outside/secret.txt", 24) == 0);
    EXPECT(__wasi_path_readlink(dir, "links/absolute", (uint8_t *)buf, sizeof buf, &n), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "links/escape_dir/", 0, RIGHTS_RO, 0, 0, &fd),
           __WASI_ERRNO_PERM);

    // Links the guest makes: an absolute target is refused outright; a
    // relative one that climbs out can be made but never leads anywhere.
    EXPECT(__wasi_path_symlink("/etc/passwd", dir, "scratch/abs"), __WASI_ERRNO_PERM);
    OK(__wasi_path_symlink("../../outside", dir, "scratch/up"));
    EXPECT(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "scratch/up/secret.txt", 0, RIGHTS_RO, 0, 0,
                            &fd),
           __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_open(dir, 0, "scratch/up/new.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, 0, &fd),
           __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_create_directory(dir, "scratch/up/newdir"), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_unlink_file(dir, "scratch/up/secret.txt"), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_rename(dir, "hello.txt", dir, "scratch/up/moved.txt"), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_link(dir, 0, "hello.txt", dir, "scratch/up/linked.txt"), __WASI_ERRNO_PERM);
    // A chain of links: each step inside, the last one out.
    OK(__wasi_path_symlink("up", dir, "scratch/chain1"));
    OK(__wasi_path_symlink("chain1/secret.txt", dir, "scratch/chain2"));
    EXPECT(__wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "scratch/chain2", 0, RIGHTS_RO, 0, 0, &fd),
           __WASI_ERRNO_PERM);
    // Replacing a directory of the path by a link after the fact changes
    // nothing: every lookup starts again from the root.
    OK(__wasi_path_create_directory(dir, "scratch/real"));
    write_file(dir, "scratch/real/file", "inside");
    OK(__wasi_path_rename(dir, "scratch/real", dir, "scratch/moved"));
    OK(__wasi_path_symlink("../../outside", dir, "scratch/real"));
    EXPECT(__wasi_path_open(dir, 0, "scratch/real/secret.txt", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_PERM);

    // A subdirectory descriptor is a root of its own: `..` cannot leave it.
    __wasi_fd_t sub = open_at(dir, "data", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO | __WASI_RIGHTS_PATH_OPEN, 0);
    EXPECT(__wasi_path_open(sub, 0, "..", __WASI_OFLAGS_DIRECTORY, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_open(sub, 0, "../hello.txt", 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_PERM);
    EXPECT(__wasi_path_filestat_get(sub, 0, "nested/../..", &st), __WASI_ERRNO_PERM);
    st = stat_path(sub, "nested/..", 0);
    CHECK(st.filetype == __WASI_FILETYPE_DIRECTORY);
    OK(__wasi_fd_close(sub));

    // Paths are UTF-8 without NUL bytes.
    EXPECT(raw_path_open(dir, 0, "hello.txt\0x", 11, 0, RIGHTS_RO, 0, 0, &fd), __WASI_ERRNO_INVAL);
    OK(raw_path_open(dir, 0, "hello.txt\0x", 9, 0, RIGHTS_RO, 0, 0, &fd));
    OK(__wasi_fd_close(fd));

    // libc refuses the same escapes.
    CHECK(fopen("/sandbox/../outside/secret.txt", "r") == NULL);
    CHECK(fopen("/sandbox/links/escape_file", "r") == NULL);
    CHECK(fopen("/etc/passwd", "r") == NULL);

    OK(__wasi_path_unlink_file(dir, "scratch/real"));
    OK(__wasi_path_unlink_file(dir, "scratch/up"));
    OK(__wasi_path_unlink_file(dir, "scratch/chain1"));
    OK(__wasi_path_unlink_file(dir, "scratch/chain2"));
    puts("sandbox ok");
    return 0;
}
