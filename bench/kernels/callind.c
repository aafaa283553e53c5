/* Indirect calls through a table: a tiny object system where every shape
 * has a table of methods (as C++ virtual calls or C callbacks compile), and
 * a filter chain of function pointers picked by data. Each round calls
 * through function pointers of three signatures; run(n) does n * 20,000
 * rounds and returns a checksum of the results. */
#include "common.h"

struct shape;
struct shape_ops {
    i32 (*area)(const struct shape *);
    i32 (*scale)(struct shape *, i32);
    u32 (*tag)(const struct shape *, u32);
};
struct shape {
    const struct shape_ops *ops;
    i32 a, b;
};

NOINLINE static i32 rect_area(const struct shape *s) { return s->a * s->b; }
NOINLINE static i32 rect_scale(struct shape *s, i32 k) { s->a = (s->a * k) & 1023; s->b = (s->b + k) & 1023; return s->a; }
NOINLINE static u32 rect_tag(const struct shape *s, u32 h) { return mix(h, 1 + (u32)s->a); }
NOINLINE static i32 tri_area(const struct shape *s) { return s->a * s->b / 2; }
NOINLINE static i32 tri_scale(struct shape *s, i32 k) { s->b = (s->b * k + 1) & 1023; return s->b; }
NOINLINE static u32 tri_tag(const struct shape *s, u32 h) { return mix(h, 2 + (u32)s->b); }
NOINLINE static i32 circ_area(const struct shape *s) { return 3 * s->a * s->a; }
NOINLINE static i32 circ_scale(struct shape *s, i32 k) { s->a = (s->a + k * 3) & 1023; return s->a; }
NOINLINE static u32 circ_tag(const struct shape *s, u32 h) { return mix(h, 3 + (u32)(s->a ^ s->b)); }
NOINLINE static i32 sq_area(const struct shape *s) { return s->a * s->a; }
NOINLINE static i32 sq_scale(struct shape *s, i32 k) { s->a = (s->a ^ k) & 1023; return s->a; }
NOINLINE static u32 sq_tag(const struct shape *s, u32 h) { return h * 33 + (u32)s->a; }

static const struct shape_ops RECT = {rect_area, rect_scale, rect_tag};
static const struct shape_ops TRI = {tri_area, tri_scale, tri_tag};
static const struct shape_ops CIRC = {circ_area, circ_scale, circ_tag};
static const struct shape_ops SQ = {sq_area, sq_scale, sq_tag};

NOINLINE static u32 f_add(u32 x) { return x + 0x9e3779b9; }
NOINLINE static u32 f_rot(u32 x) { return x << 7 | x >> 25; }
NOINLINE static u32 f_mul(u32 x) { return x * 2654435761u; }
NOINLINE static u32 f_xs(u32 x) { return x ^ x >> 11; }

static u32 (*const filters[4])(u32) = {f_add, f_rot, f_mul, f_xs};

#define SHAPES 64
static struct shape shapes[SHAPES];

u32 run(u32 n) {
    static const struct shape_ops *const kinds[4] = {&RECT, &TRI, &CIRC, &SQ};
    u32 seed = 1234567;
    for (u32 i = 0; i < SHAPES; i++) {
        shapes[i].ops = kinds[rng_next(&seed) & 3];
        shapes[i].a = (i32)(rng_next(&seed) & 1023);
        shapes[i].b = (i32)(rng_next(&seed) & 1023);
    }
    u32 h = 2166136261u, x = 1;
    for (u32 r = 0; r < n * 20000; r++) {
        struct shape *s = &shapes[r & (SHAPES - 1)];
        i32 area = s->ops->area(s);
        x = filters[x & 3](x + (u32)area);
        s->ops->scale(s, (i32)(x & 7) + 1);
        h = s->ops->tag(s, h);
    }
    return mix(h, x);
}
