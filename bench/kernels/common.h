/* Shared by every C kernel: fixed-width types, the export macro, a small
 * deterministic random generator, a checksum mixer and the two memory
 * functions clang may call on its own (there is no libc: each kernel is a
 * freestanding module whose only export besides its memory is `run`). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef short i16;
typedef int i32;
typedef long long i64;
typedef unsigned long usize;

#define NOINLINE __attribute__((noinline))

/* xorshift32: deterministic and identical on every engine. */
static inline u32 rng_next(u32 *state) {
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Folds a value into a running 32-bit checksum (FNV-1a style on words). */
static inline u32 mix(u32 h, u32 v) {
    return (h ^ v) * 16777619u;
}

static inline u32 mix64(u32 h, u64 v) {
    return mix(mix(h, (u32)v), (u32)(v >> 32));
}

static inline u64 f64_bits(double d) {
    union { double d; u64 u; } x = {d};
    return x.u;
}

/* clang lowers struct copies and zeroing loops to calls of these; with no
 * libc they must exist here. They move eight bytes at a time where both
 * pointers allow it, as a libc would. `no_builtin` stops clang from turning
 * their own loops back into calls of themselves. */
__attribute__((no_builtin)) void *memset(void *dst, int c, usize n) {
    u8 *d = dst;
    for (; n && ((usize)d & 7); n--) *d++ = (u8)c;
    u64 w = 0x0101010101010101ull * (u8)c;
    for (; n >= 8; n -= 8, d += 8) *(u64 *)d = w;
    for (; n; n--) *d++ = (u8)c;
    return dst;
}

__attribute__((no_builtin)) void *memcpy(void *dst, const void *src, usize n) {
    u8 *d = dst;
    const u8 *s = src;
    if ((((usize)d ^ (usize)s) & 7) == 0) {
        for (; n && ((usize)d & 7); n--) *d++ = *s++;
        for (; n >= 8; n -= 8, d += 8, s += 8) *(u64 *)d = *(const u64 *)s;
    }
    for (; n; n--) *d++ = *s++;
    return dst;
}

#endif
