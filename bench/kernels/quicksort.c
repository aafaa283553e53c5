/* Sorting: recursive quicksort (median of three, insertion sort below 16
 * elements) of 100,000 random i32 values, n times with a fresh array each
 * time. Returns a checksum of sampled elements of the sorted arrays. */
#include "common.h"

#define COUNT 100000

static i32 data[COUNT];

static inline void swap(i32 *a, i32 *b) {
    i32 t = *a;
    *a = *b;
    *b = t;
}

NOINLINE static void insertion_sort(i32 *lo, i32 *hi) {
    for (i32 *p = lo + 1; p <= hi; p++) {
        i32 v = *p;
        i32 *q = p;
        while (q > lo && q[-1] > v) {
            *q = q[-1];
            q--;
        }
        *q = v;
    }
}

NOINLINE static void quicksort(i32 *lo, i32 *hi) {
    while (hi - lo >= 16) {
        i32 *mid = lo + (hi - lo) / 2;
        if (*mid < *lo) swap(mid, lo);
        if (*hi < *lo) swap(hi, lo);
        if (*hi < *mid) swap(hi, mid);
        i32 pivot = *mid;
        i32 *i = lo, *j = hi;
        while (i <= j) {
            while (*i < pivot) i++;
            while (*j > pivot) j--;
            if (i <= j) {
                swap(i, j);
                i++;
                j--;
            }
        }
        /* recurse into the smaller side, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(lo, j);
            lo = i;
        } else {
            quicksort(i, hi);
            hi = j;
        }
    }
    insertion_sort(lo, hi);
}

u32 run(u32 n) {
    u32 h = 2166136261u;
    u32 seed = 2463534242u;
    for (u32 r = 0; r < n; r++) {
        for (u32 i = 0; i < COUNT; i++) data[i] = (i32)rng_next(&seed);
        quicksort(data, data + COUNT - 1);
        for (u32 i = 0; i < COUNT; i += 997) h = mix(h, (u32)data[i]);
        for (u32 i = 1; i < COUNT; i++)
            if (data[i - 1] > data[i]) return 0; /* not sorted: a wrong answer */
    }
    return h;
}
