// wasi-test: dir=sandbox::/sandbox
// wasi-test-only-zwasm: the reference engine's Python embedding defines only wasi_snapshot_preview1
// The older `wasi_unstable` import module: the calls whose ABI differs from
// Preview 1 (fd_seek's `whence` numbering, the 56-byte filestat, the 56-byte
// clock subscription) and one that is the same (fd_write).
#include "common.h"

#define OLD(name) __attribute__((import_module("wasi_unstable"), import_name(name)))
OLD("fd_seek") uint16_t old_seek(uint32_t fd, int64_t off, uint32_t whence, uint64_t *pos);
OLD("fd_filestat_get") uint16_t old_fstat(uint32_t fd, uint8_t *out);
OLD("path_filestat_get") uint16_t old_pstat(uint32_t fd, uint32_t flags, const char *p, uint32_t len, uint8_t *out);
OLD("poll_oneoff") uint16_t old_poll(const uint8_t *in, uint8_t *out, uint32_t n, uint32_t *nevents);
OLD("fd_write") uint16_t old_write(uint32_t fd, const __wasi_ciovec_t *iov, uint32_t n, uint32_t *written);

static uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

int main(void) {
    __wasi_fd_t fd = open_at(SANDBOX, "hello.txt", 0, RIGHTS_RO, 0);
    uint64_t pos = 0;
    // In this ABI, whence counts cur (0), end (1), set (2).
    OK(old_seek(fd, 0, 1, &pos));
    CHECK(pos == 13);
    OK(old_seek(fd, 4, 2, &pos));
    CHECK(pos == 4);
    OK(old_seek(fd, 2, 0, &pos));
    CHECK(pos == 6);
    EXPECT(old_seek(fd, 0, 3, &pos), __WASI_ERRNO_INVAL);

    // filestat: dev, ino, filetype at 16, a 32-bit nlink at 20, size at 24.
    uint8_t st[64];
    memset(st, 0xee, sizeof st);
    OK(old_fstat(fd, st));
    CHECK(st[16] == __WASI_FILETYPE_REGULAR_FILE);
    CHECK(u32(st + 20) == 1);
    CHECK(u64(st + 24) == 13);
    CHECK(st[56] == 0xee);  // nothing written past 56 bytes
    memset(st, 0xee, sizeof st);
    OK(old_pstat(SANDBOX, 0, "data", 4, st));
    CHECK(st[16] == __WASI_FILETYPE_DIRECTORY);
    CHECK(st[56] == 0xee);

    // A clock subscription: userdata, tag, then identifier, id, timeout,
    // precision and flags, 56 bytes in all.
    uint8_t sub[56], ev[32];
    memset(sub, 0, sizeof sub);
    uint64_t userdata = 77, timeout = 2000000;
    uint32_t clock = __WASI_CLOCKID_MONOTONIC;
    memcpy(sub, &userdata, 8);
    sub[8] = __WASI_EVENTTYPE_CLOCK;
    memcpy(sub + 24, &clock, 4);
    memcpy(sub + 32, &timeout, 8);
    uint32_t n = 0;
    OK(old_poll(sub, ev, 1, &n));
    CHECK(n == 1 && u64(ev) == 77 && ev[10] == __WASI_EVENTTYPE_CLOCK);

    __wasi_ciovec_t iov = {(const uint8_t *)"unstable ok\n", 12};
    uint32_t written = 0;
    OK(old_write(1, &iov, 1, &written));
    CHECK(written == 12);
    return 0;
}
