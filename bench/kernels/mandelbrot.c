/* Floating point: the Mandelbrot set on a 256 x 256 grid over [-2, 0.5] x
 * [-1.25, 1.25], at most 50 * n iterations per point. Returns a checksum of
 * the iteration counts. */
#include "common.h"

#define SIZE 256

NOINLINE static u32 escape(double cr, double ci, u32 limit) {
    double zr = 0, zi = 0;
    u32 i = 0;
    while (i < limit) {
        double zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) break;
        zi = 2 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        i++;
    }
    return i;
}

u32 run(u32 n) {
    u32 h = 2166136261u;
    u32 limit = 50 * n;
    for (u32 y = 0; y < SIZE; y++) {
        double ci = -1.25 + 2.5 * y / SIZE;
        u32 row = 0;
        for (u32 x = 0; x < SIZE; x++) {
            double cr = -2.0 + 2.5 * x / SIZE;
            row = row * 31 + escape(cr, ci, limit);
        }
        h = mix(h, row);
    }
    return h;
}
