/* Floating point: the spectral norm of the infinite matrix
 * A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n, by ten rounds
 * of the power method on A^T A. Returns a checksum of the norm's bits. */
#include "common.h"

#define MAX_N 4096

static double u[MAX_N], v[MAX_N], tmp[MAX_N];

static inline double a(u32 i, u32 j) {
    return 1.0 / ((double)((i + j) * (i + j + 1) / 2 + i + 1));
}

NOINLINE static void mul_av(u32 n, const double *x, double *y) {
    for (u32 i = 0; i < n; i++) {
        double sum = 0;
        for (u32 j = 0; j < n; j++) sum += a(i, j) * x[j];
        y[i] = sum;
    }
}

NOINLINE static void mul_atv(u32 n, const double *x, double *y) {
    for (u32 i = 0; i < n; i++) {
        double sum = 0;
        for (u32 j = 0; j < n; j++) sum += a(j, i) * x[j];
        y[i] = sum;
    }
}

static void mul_atav(u32 n, const double *x, double *y) {
    mul_av(n, x, tmp);
    mul_atv(n, tmp, y);
}

u32 run(u32 n) {
    if (n > MAX_N) n = MAX_N;
    for (u32 i = 0; i < n; i++) u[i] = 1;
    for (u32 r = 0; r < 10; r++) {
        mul_atav(n, u, v);
        mul_atav(n, v, u);
    }
    double vbv = 0, vv = 0;
    for (u32 i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    return mix64(2166136261u, f64_bits(n ? __builtin_sqrt(vbv / vv) : 0));
}
