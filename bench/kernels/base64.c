/* String work: base64 encoding of 48 KiB of bytes and decoding back, with a
 * lookup table each way and a check that the round trip is exact. n rounds,
 * each on a buffer changed by the previous one. Returns a checksum of the
 * encoded text. */
#include "common.h"

#define RAW_SIZE (48 * 1024)
#define ENC_SIZE (RAW_SIZE / 3 * 4)

static u8 raw[RAW_SIZE], text[ENC_SIZE], back[RAW_SIZE];
static const char ALPHABET[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static u8 decode_table[256];

NOINLINE static u32 encode(const u8 *in, u32 len, u8 *out) {
    u8 *o = out;
    u32 i = 0;
    for (; i + 3 <= len; i += 3) {
        u32 v = (u32)in[i] << 16 | (u32)in[i + 1] << 8 | in[i + 2];
        *o++ = (u8)ALPHABET[v >> 18];
        *o++ = (u8)ALPHABET[(v >> 12) & 63];
        *o++ = (u8)ALPHABET[(v >> 6) & 63];
        *o++ = (u8)ALPHABET[v & 63];
    }
    if (i < len) { /* one or two bytes left: pad with '=' */
        u32 v = (u32)in[i] << 16 | (i + 1 < len ? (u32)in[i + 1] << 8 : 0);
        *o++ = (u8)ALPHABET[v >> 18];
        *o++ = (u8)ALPHABET[(v >> 12) & 63];
        *o++ = i + 1 < len ? (u8)ALPHABET[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    return (u32)(o - out);
}

/* Returns the decoded length, or -1 on a character outside the alphabet. */
NOINLINE static i32 decode(const u8 *in, u32 len, u8 *out) {
    u8 *o = out;
    for (u32 i = 0; i + 4 <= len; i += 4) {
        u32 a = decode_table[in[i]], b = decode_table[in[i + 1]];
        u32 c = decode_table[in[i + 2]], d = decode_table[in[i + 3]];
        if ((a | b | c | d) & 0x80) {
            if (in[i + 3] != '=' || i + 4 != len || (a | b) & 0x80) return -1;
            *o++ = (u8)(a << 2 | b >> 4);
            if (in[i + 2] != '=') *o++ = (u8)(b << 4 | c >> 2);
            break;
        }
        u32 v = a << 18 | b << 12 | c << 6 | d;
        *o++ = (u8)(v >> 16);
        *o++ = (u8)(v >> 8);
        *o++ = (u8)v;
    }
    return (i32)(o - out);
}

u32 run(u32 n) {
    for (u32 i = 0; i < 256; i++) decode_table[i] = 0x80;
    for (u32 i = 0; i < 64; i++) decode_table[(u8)ALPHABET[i]] = (u8)i;
    u32 seed = 0xdeadbeef;
    for (u32 i = 0; i < RAW_SIZE; i++) raw[i] = (u8)rng_next(&seed);
    u32 h = 2166136261u;
    for (u32 r = 0; r < n; r++) {
        u32 len = RAW_SIZE - (r % 3); /* exercise both paddings */
        u32 elen = encode(raw, len, text);
        i32 dlen = decode(text, elen, back);
        if (dlen != (i32)len) return 0;
        for (u32 i = 0; i < len; i++)
            if (back[i] != raw[i]) return 0;
        for (u32 i = 0; i < elen; i += 61) h = mix(h, text[i]);
        raw[r % RAW_SIZE] ^= text[r % elen]; /* the next round sees a change */
    }
    return h;
}
