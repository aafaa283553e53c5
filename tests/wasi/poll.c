// wasi-test: dir=sandbox::/sandbox stdin=stdin.txt
// poll_oneoff: relative and absolute clock timeouts, several clocks at
// once, descriptors that are ready at once, clocks and descriptors mixed,
// and the errors.
#include "common.h"
#include <time.h>
#include <unistd.h>

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t;
    OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t));
    return t;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout, int absolute) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = absolute ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

int main(void) {
    __wasi_event_t ev[4];
    __wasi_size_t n = 0;
    const uint64_t ms = 1000000;

    // No subscriptions at all is invalid.
    EXPECT(__wasi_poll_oneoff(NULL, ev, 0, &n), __WASI_ERRNO_INVAL);

    // One relative monotonic timeout.
    __wasi_subscription_t s[4];
    s[0] = clock_sub(11, __WASI_CLOCKID_MONOTONIC, 10 * ms, 0);
    __wasi_timestamp_t t0 = now();
    OK(__wasi_poll_oneoff(s, ev, 1, &n));
    CHECK(now() - t0 >= 10 * ms);
    CHECK(n == 1 && ev[0].userdata == 11 && ev[0].type == __WASI_EVENTTYPE_CLOCK && ev[0].error == 0);

    // A realtime timeout (what libc's sleep functions use).
    s[0] = clock_sub(12, __WASI_CLOCKID_REALTIME, 5 * ms, 0);
    t0 = now();
    OK(__wasi_poll_oneoff(s, ev, 1, &n));
    CHECK(now() - t0 >= 5 * ms);
    CHECK(n == 1 && ev[0].userdata == 12);

    // An absolute deadline on the monotonic clock, and one in the past.
    s[0] = clock_sub(13, __WASI_CLOCKID_MONOTONIC, now() + 8 * ms, 1);
    t0 = now();
    OK(__wasi_poll_oneoff(s, ev, 1, &n));
    CHECK(now() - t0 >= 7 * ms);
    CHECK(n == 1 && ev[0].userdata == 13);
    s[0] = clock_sub(14, __WASI_CLOCKID_MONOTONIC, 1, 1);
    OK(__wasi_poll_oneoff(s, ev, 1, &n));
    CHECK(n == 1 && ev[0].userdata == 14);

    // Two clocks: the earlier one fires, the later one does not.
    s[0] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 10 * 1000 * ms, 0);
    s[1] = clock_sub(22, __WASI_CLOCKID_MONOTONIC, 5 * ms, 0);
    t0 = now();
    OK(__wasi_poll_oneoff(s, ev, 2, &n));
    CHECK(now() - t0 < 5000 * ms);
    CHECK(n == 1 && ev[0].userdata == 22);

    // A regular file is always ready for reading and writing, so a long
    // timeout beside it does not fire.
    __wasi_fd_t file = open_at(SANDBOX, "hello.txt", 0, RIGHTS_RO | __WASI_RIGHTS_POLL_FD_READWRITE, 0);
    __wasi_fd_t out = open_at(SANDBOX, "scratch/poll.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);
    s[0] = fd_sub(31, __WASI_EVENTTYPE_FD_READ, file);
    s[1] = clock_sub(32, __WASI_CLOCKID_MONOTONIC, 10 * 1000 * ms, 0);
    s[2] = fd_sub(33, __WASI_EVENTTYPE_FD_WRITE, out);
    // A call reports at least one ready subscription; asking again with
    // the ones not yet seen finds the other.
    t0 = now();
    int saw_read = 0, saw_write = 0, rounds = 0;
    while (!(saw_read && saw_write)) {
        CHECK(rounds++ < 2);
        __wasi_subscription_t left[3];
        int count = 0;
        if (!saw_read) left[count++] = s[0];
        left[count++] = s[1];
        if (!saw_write) left[count++] = s[2];
        OK(__wasi_poll_oneoff(left, ev, count, &n));
        CHECK(n >= 1);
        for (size_t i = 0; i < n; i++) {
            CHECK(ev[i].error == 0);
            CHECK(ev[i].userdata != 32);
            if (ev[i].userdata == 31) {
                CHECK(ev[i].type == __WASI_EVENTTYPE_FD_READ);
                saw_read = 1;
            }
            if (ev[i].userdata == 33) {
                CHECK(ev[i].type == __WASI_EVENTTYPE_FD_WRITE);
                saw_write = 1;
            }
        }
    }
    CHECK(now() - t0 < 5000 * ms);

    // Standard input (a file here) has data; standard output takes it.
    s[0] = fd_sub(41, __WASI_EVENTTYPE_FD_READ, 0);
    s[1] = fd_sub(42, __WASI_EVENTTYPE_FD_WRITE, 1);
    OK(__wasi_poll_oneoff(s, ev, 2, &n));
    CHECK(n >= 1);
    for (size_t i = 0; i < n; i++) CHECK(ev[i].error == 0 && (ev[i].userdata == 41 || ev[i].userdata == 42));

    // A closed descriptor is refused.
    OK(__wasi_fd_close(out));
    s[0] = fd_sub(51, __WASI_EVENTTYPE_FD_READ, out);
    EXPECT(__wasi_poll_oneoff(s, ev, 1, &n), __WASI_ERRNO_BADF);
    s[0] = fd_sub(52, __WASI_EVENTTYPE_FD_WRITE, 1000);
    EXPECT(__wasi_poll_oneoff(s, ev, 1, &n), __WASI_ERRNO_BADF);
    OK(__wasi_fd_close(file));

    // libc's sleeps are poll_oneoff underneath.
    t0 = now();
    struct timespec req = {0, 3 * ms};
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(now() - t0 >= 3 * ms);
    CHECK(usleep(2000) == 0);

    puts("poll ok");
    return 0;
}
