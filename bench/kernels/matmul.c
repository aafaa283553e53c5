/* Loops over arrays: integer matrix multiply, C = A x B on 128 x 128 i32
 * matrices with wrapping arithmetic, then B is replaced by C (so every
 * round depends on the one before). Returns a checksum of C's diagonal. */
#include "common.h"

#define N 128

static i32 a[N][N], b[N][N], c[N][N];

NOINLINE static void multiply(void) {
    for (u32 i = 0; i < N; i++) {
        for (u32 j = 0; j < N; j++) c[i][j] = 0;
        for (u32 k = 0; k < N; k++) {
            i32 aik = a[i][k];
            for (u32 j = 0; j < N; j++) c[i][j] += aik * b[k][j];
        }
    }
}

u32 run(u32 n) {
    u32 seed = 12345;
    for (u32 i = 0; i < N; i++)
        for (u32 j = 0; j < N; j++) {
            a[i][j] = (i32)(rng_next(&seed) % 17) - 8;
            b[i][j] = (i32)(rng_next(&seed) % 17) - 8;
        }
    u32 h = 2166136261u;
    for (u32 r = 0; r < n; r++) {
        multiply();
        for (u32 i = 0; i < N; i++)
            for (u32 j = 0; j < N; j++) b[i][j] = c[i][j] >> 3;
        for (u32 i = 0; i < N; i++) h = mix(h, (u32)c[i][i]);
    }
    return h;
}
