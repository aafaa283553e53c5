/* A CoreMark-style mixed workload (written here, in the spirit of EEMBC's
 * CoreMark, not its code): each iteration runs linked-list work (search,
 * reverse, merge sort by two keys through a comparison function pointer),
 * 16-bit matrix arithmetic, and a character-classifying state machine over
 * a text of numbers, and folds every result into a CRC-16. run(n) does
 * n * 100 iterations and returns the final CRC with the iteration count. */
#include "common.h"

/* ---- CRC-16 (CCITT polynomial, bitwise) ---- */

static u16 crc8(u8 data, u16 crc) {
    for (u32 i = 0; i < 8; i++) {
        u32 bit = ((crc >> 15) ^ (data >> 7)) & 1;
        crc = (u16)(crc << 1);
        if (bit) crc ^= 0x1021;
        data = (u8)(data << 1);
    }
    return crc;
}

static u16 crc16(u16 v, u16 crc) { return crc8((u8)(v >> 8), crc8((u8)v, crc)); }
static u16 crc32v(u32 v, u16 crc) { return crc16((u16)(v >> 16), crc16((u16)v, crc)); }

/* ---- linked list ---- */

#define LIST_LEN 96

struct item {
    struct item *next;
    i16 value;
    u16 index;
};

static struct item items[LIST_LEN];

typedef i32 (*compare_fn)(const struct item *, const struct item *);

static i32 by_value(const struct item *a, const struct item *b) { return a->value - b->value; }
static i32 by_index(const struct item *a, const struct item *b) { return (i32)a->index - (i32)b->index; }

/* Bottom-up merge sort of a singly linked list (stable). */
NOINLINE static struct item *list_sort(struct item *list, compare_fn cmp) {
    for (u32 width = 1;; width *= 2) {
        struct item *p = list, *tail = 0;
        list = 0;
        u32 merges = 0;
        while (p) {
            merges++;
            struct item *q = p;
            u32 psize = 0;
            for (u32 i = 0; i < width && q; i++, q = q->next) psize++;
            u32 qsize = width;
            while (psize > 0 || (qsize > 0 && q)) {
                struct item *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q || cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1) return list;
    }
}

NOINLINE static struct item *list_reverse(struct item *p) {
    struct item *prev = 0;
    while (p) {
        struct item *next = p->next;
        p->next = prev;
        prev = p;
        p = next;
    }
    return prev;
}

NOINLINE static i32 list_find(const struct item *p, i16 value) {
    for (i32 pos = 0; p; p = p->next, pos++)
        if (p->value == value) return pos;
    return -1;
}

static u16 list_bench(struct item **list, u32 iter, u16 crc) {
    for (u32 k = 0; k < 4; k++) crc = crc16((u16)list_find(*list, (i16)((iter * 7 + k * 13) & 255)), crc);
    *list = list_reverse(*list);
    *list = list_sort(*list, by_value);
    crc = crc16((u16)(*list)->value, crc);
    /* change one value so the next sort has work to do */
    (*list)->next->value = (i16)((*list)->next->value ^ (i16)(iter & 255));
    *list = list_sort(*list, by_index);
    return crc16((u16)(*list)->next->next->value, crc);
}

/* ---- matrix ---- */

#define M 20

static i16 ma[M][M], mb[M][M];
static i32 mc[M][M];

NOINLINE static void mat_add_const(i16 m[M][M], i16 v) {
    for (u32 i = 0; i < M; i++)
        for (u32 j = 0; j < M; j++) m[i][j] = (i16)(m[i][j] + v);
}

NOINLINE static void mat_mul(i32 out[M][M], i16 a[M][M], i16 b[M][M]) {
    for (u32 i = 0; i < M; i++)
        for (u32 j = 0; j < M; j++) {
            i32 sum = 0;
            for (u32 k = 0; k < M; k++) sum += (i32)a[i][k] * (i32)b[k][j];
            out[i][j] = sum;
        }
}

/* matrix times matrix, keeping a bit field of each product */
NOINLINE static void mat_mul_bits(i32 out[M][M], i16 a[M][M], i16 b[M][M]) {
    for (u32 i = 0; i < M; i++)
        for (u32 j = 0; j < M; j++) {
            i32 sum = 0;
            for (u32 k = 0; k < M; k++) {
                i32 t = (i32)a[i][k] * (i32)b[k][j];
                sum += (t >> 2) & 15;
                sum += (t >> 5) & 127;
            }
            out[i][j] = sum;
        }
}

static u16 mat_sum(i32 m[M][M], u16 crc) {
    i32 acc = 0, prev = 0;
    for (u32 i = 0; i < M; i++)
        for (u32 j = 0; j < M; j++) {
            acc += m[i][j];
            if (acc > 1000000) { crc = crc32v((u32)acc, crc); acc = 0; }
            else if (m[i][j] < prev) acc -= 3;
            prev = m[i][j];
        }
    return crc32v((u32)acc, crc);
}

static u16 matrix_bench(u32 iter, u16 crc) {
    i16 v = (i16)((iter & 15) + 1);
    mat_add_const(ma, v);
    mat_mul(mc, ma, mb);
    crc = mat_sum(mc, crc);
    mat_mul_bits(mc, ma, mb);
    crc = mat_sum(mc, crc);
    mat_add_const(ma, (i16)-v);
    return crc;
}

/* ---- state machine ---- */

enum state { START, INT, FLOAT, EXP, EXP_SIGN, SCI, INVALID, NSTATES };

#define TEXT_LEN 400
static u8 text[TEXT_LEN + 1];

static const char *const WORDS[] = {"5012", "1.23", "-874", "+122", "-1.3e-2", "7.2E+3",
                                    "T0.3e-1F", "-.0", "0x8f", "123", "4.7e9", "==2"};

NOINLINE static enum state next_state(const u8 **p, u32 counts[NSTATES]) {
    enum state s = START;
    for (; **p && **p != ','; (*p)++) {
        u8 c = **p;
        counts[s]++;
        switch (s) {
        case START:
            if (c >= '0' && c <= '9') s = INT;
            else if (c == '+' || c == '-') s = INT;
            else if (c == '.') s = FLOAT;
            else s = INVALID;
            break;
        case INT:
            if (c == '.') s = FLOAT;
            else if (!(c >= '0' && c <= '9')) s = INVALID;
            break;
        case FLOAT:
            if (c == 'e' || c == 'E') s = EXP;
            else if (!(c >= '0' && c <= '9')) s = INVALID;
            break;
        case EXP:
            s = (c == '+' || c == '-') ? EXP_SIGN : INVALID;
            break;
        case EXP_SIGN:
            s = (c >= '0' && c <= '9') ? SCI : INVALID;
            break;
        case SCI:
            if (!(c >= '0' && c <= '9')) s = INVALID;
            break;
        default:
            break;
        }
    }
    if (**p) (*p)++;
    return s;
}

static u16 state_bench(u32 iter, u16 crc) {
    u32 counts[NSTATES] = {0}, finals[NSTATES] = {0};
    const u8 *p = text;
    while (*p) finals[next_state(&p, counts)]++;
    for (u32 i = 0; i < NSTATES; i++) crc = crc32v(counts[i] + finals[i] * 1000, crc);
    /* corrupt a few characters, and undo it, so the input varies */
    u32 pos = (iter * 37) % TEXT_LEN;
    u8 saved = text[pos];
    text[pos] = (u8)(saved == ',' ? ',' : (saved ^ 1));
    p = text;
    while (*p) finals[next_state(&p, counts)]++;
    text[pos] = saved;
    for (u32 i = 0; i < NSTATES; i++) crc = crc32v(finals[i], crc);
    return crc;
}

/* ---- driver ---- */

static void init(struct item **list) {
    u32 seed = 0x66;
    for (u32 i = 0; i < LIST_LEN; i++) {
        items[i].value = (i16)(rng_next(&seed) & 0x7fff);
        items[i].index = (u16)i;
        items[i].next = i + 1 < LIST_LEN ? &items[i + 1] : 0;
    }
    *list = &items[0];
    for (u32 i = 0; i < M; i++)
        for (u32 j = 0; j < M; j++) {
            ma[i][j] = (i16)((rng_next(&seed) & 0xff) - 128);
            mb[i][j] = (i16)((rng_next(&seed) & 0xff) - 128);
        }
    u32 len = 0;
    while (len < TEXT_LEN - 12) {
        const char *w = WORDS[rng_next(&seed) % 12];
        while (*w) text[len++] = (u8)*w++;
        text[len++] = ',';
    }
    text[len] = 0;
}

u32 run(u32 n) {
    struct item *list;
    init(&list);
    u16 crc = 0;
    u32 iters = n * 100;
    for (u32 i = 0; i < iters; i++) {
        crc = list_bench(&list, i, crc);
        crc = matrix_bench(i, crc);
        crc = state_bench(i, crc);
    }
    return (u32)crc << 16 ^ iters;
}
