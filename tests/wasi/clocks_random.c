// wasi-test:
// Clocks, randomness and yielding: clock_res_get, clock_time_get,
// random_get, sched_yield.
#include "common.h"
#include <time.h>

int main(void) {
    __wasi_timestamp_t res = 0, t1 = 0, t2 = 0, wall = 0;
    OK(__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res));
    CHECK(res > 0 && res <= 1000000000ull);
    OK(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res));
    CHECK(res > 0 && res <= 1000000000ull);

    OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &wall));
    // Some time after 2020-01-01 and before 2200.
    CHECK(wall > 1577836800ull * 1000000000ull);
    CHECK(wall < 7258118400ull * 1000000000ull);

    OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t1));
    for (int i = 0; i < 100; i++) OK(__wasi_sched_yield());
    OK(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t2));
    CHECK(t2 >= t1);

    // libc's view of the same clocks.
    struct timespec ts;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
    CHECK((__wasi_timestamp_t)ts.tv_sec * 1000000000ull + ts.tv_nsec >= t2);
    CHECK(time(NULL) >= 1577836800);

    uint8_t a[4096], b[4096];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    OK(__wasi_random_get(a, sizeof a));
    OK(__wasi_random_get(b, sizeof b));
    CHECK(memcmp(a, b, sizeof a) != 0);
    int seen[256] = {0}, distinct = 0;
    for (size_t i = 0; i < sizeof a; i++) {
        if (!seen[a[i]]++) distinct++;
    }
    // 4096 random bytes cover nearly every value.
    CHECK(distinct > 200);
    OK(__wasi_random_get(a, 0));
    uint32_t r = arc4random();
    (void)r;

    puts("clocks, randomness and yield ok");
    return 0;
}
