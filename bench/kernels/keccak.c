/* 64-bit bit twiddling: the Keccak-f[1600] permutation (the core of SHA-3),
 * absorbing a 136-byte block of generated data before each permutation, as
 * SHA3-256 does. run(n) absorbs n * 64 blocks and returns a checksum of the
 * state. */
#include "common.h"

static const u64 RC[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

/* Rotation offsets and lane permutation of the rho and pi steps, in the
 * order the standard compact formulation walks them. */
static const u32 ROT[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                            27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
static const u32 PI[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                           15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

static inline u64 rotl(u64 x, u32 n) { return (x << n) | (x >> (64 - n)); }

NOINLINE static void keccak_f(u64 st[25]) {
    u64 bc[5];
    for (u32 round = 0; round < 24; round++) {
        /* theta */
        for (u32 i = 0; i < 5; i++) bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        for (u32 i = 0; i < 5; i++) {
            u64 t = bc[(i + 4) % 5] ^ rotl(bc[(i + 1) % 5], 1);
            for (u32 j = 0; j < 25; j += 5) st[j + i] ^= t;
        }
        /* rho and pi */
        u64 t = st[1];
        for (u32 i = 0; i < 24; i++) {
            u32 j = PI[i];
            u64 next = st[j];
            st[j] = rotl(t, ROT[i]);
            t = next;
        }
        /* chi */
        for (u32 j = 0; j < 25; j += 5) {
            for (u32 i = 0; i < 5; i++) bc[i] = st[j + i];
            for (u32 i = 0; i < 5; i++) st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        /* iota */
        st[0] ^= RC[round];
    }
}

u32 run(u32 n) {
    u64 st[25] = {0};
    u64 x = 0x0123456789abcdefull;
    for (u32 r = 0; r < n * 64; r++) {
        for (u32 i = 0; i < 17; i++) { /* 17 lanes = 136-byte rate */
            x ^= x << 7;
            x ^= x >> 9;
            st[i] ^= x;
        }
        keccak_f(st);
    }
    u32 h = 2166136261u;
    for (u32 i = 0; i < 25; i++) h = mix64(h, st[i]);
    return h;
}
