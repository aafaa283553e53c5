/* Loops over an array: the sieve of Eratosthenes over a byte array, run n
 * times with a slightly different limit each time. Returns a checksum of
 * the prime counts and the largest prime found. */
#include "common.h"

#define LIMIT (1u << 20)

static u8 composite[LIMIT];

NOINLINE static u32 sieve(u32 limit, u32 *largest) {
    for (u32 i = 0; i < limit; i++) composite[i] = 0;
    u32 count = 0;
    for (u32 i = 2; i < limit; i++) {
        if (composite[i]) continue;
        count++;
        *largest = i;
        for (u32 j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    return count;
}

u32 run(u32 n) {
    u32 h = 2166136261u;
    for (u32 r = 0; r < n; r++) {
        u32 largest = 0;
        u32 count = sieve(LIMIT - (r & 1023) * 257, &largest);
        h = mix(mix(h, count), largest);
    }
    return h;
}
