/* String work: a JSON tokenizer. A ~200 KiB document (nested objects and
 * arrays, strings with escapes, integers, decimals with exponents, literals)
 * is generated once; each of the n rounds tokenizes all of it, decoding
 * string escapes and numbers. Returns a checksum of the token stream. */
#include "common.h"

#define DOC_MAX (256 * 1024)

static char doc[DOC_MAX];
static u32 doc_len;
static char scratch[4096];

enum { T_LBRACE = 1, T_RBRACE, T_LBRACKET, T_RBRACKET, T_COLON, T_COMMA,
       T_STRING, T_NUMBER, T_TRUE, T_FALSE, T_NULL, T_ERROR };

/* ---- document generator ---- */

static u32 gen_seed;

static void put(const char *s) {
    while (*s && doc_len < DOC_MAX - 1) doc[doc_len++] = *s++;
}

static void put_uint(u32 v) {
    char buf[12];
    u32 k = 0;
    do buf[k++] = (char)('0' + v % 10); while (v /= 10);
    while (k && doc_len < DOC_MAX - 1) doc[doc_len++] = buf[--k];
}

static void gen_string(void) {
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "\\n", "\\\"q\\\"", "\\u00e9t\\u00e9", "x_y", " ", "\\\\"};
    put("\"");
    u32 k = 1 + rng_next(&gen_seed) % 4;
    while (k--) put(words[rng_next(&gen_seed) % 10]);
    put("\"");
}

static void gen_value(u32 depth) {
    u32 kind = rng_next(&gen_seed) % (depth < 6 ? 8 : 5);
    switch (kind) {
    case 0: gen_string(); break;
    case 1: put_uint(rng_next(&gen_seed) % 100000); break;
    case 2:
        put("-");
        put_uint(rng_next(&gen_seed) % 1000);
        put(".");
        put_uint(rng_next(&gen_seed) % 1000);
        put("e-");
        put_uint(rng_next(&gen_seed) % 5);
        break;
    case 3: put(rng_next(&gen_seed) & 1 ? "true" : "false"); break;
    case 4: put("null"); break;
    case 5:
    case 6: {
        put("{");
        u32 k = rng_next(&gen_seed) % 6;
        for (u32 i = 0; i < k; i++) {
            if (i) put(", ");
            gen_string();
            put(": ");
            gen_value(depth + 1);
        }
        put("}");
        break;
    }
    default: {
        put("[");
        u32 k = rng_next(&gen_seed) % 8;
        for (u32 i = 0; i < k; i++) {
            if (i) put(",");
            gen_value(depth + 1);
        }
        put("]");
    }
    }
}

static void generate(void) {
    gen_seed = 0x1234567;
    doc_len = 0;
    put("[");
    for (u32 i = 0; doc_len < DOC_MAX - 4096; i++) {
        if (i) put(",\n  ");
        gen_value(0);
    }
    put("]");
    doc[doc_len] = 0;
}

/* ---- tokenizer ---- */

struct lexer {
    const char *p, *end;
    u32 str_len;     /* length of the last decoded string */
    i64 int_part;    /* the last number: integer digits ... */
    double number;   /* ... and its value as a double */
};

static inline u32 hex(char c) {
    if (c >= '0' && c <= '9') return (u32)(c - '0');
    if (c >= 'a' && c <= 'f') return (u32)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (u32)(c - 'A' + 10);
    return 16;
}

static u32 lex_string(struct lexer *lx) {
    const char *p = lx->p + 1;
    u32 n = 0;
    while (p < lx->end && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            if (p >= lx->end) return T_ERROR;
            switch (*p++) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                if (lx->end - p < 4) return T_ERROR;
                u32 cp = hex(p[0]) << 12 | hex(p[1]) << 8 | hex(p[2]) << 4 | hex(p[3]);
                if (cp > 0xffff) return T_ERROR;
                p += 4;
                if (cp >= 0x80) { /* two or three UTF-8 bytes */
                    if (cp >= 0x800) scratch[n++ & 4095] = (char)(0xe0 | cp >> 12);
                    else scratch[n++ & 4095] = (char)(0xc0 | cp >> 6);
                    c = (char)(0x80 | (cp & 0x3f));
                } else {
                    c = (char)cp;
                }
                break;
            }
            default: return T_ERROR;
            }
        }
        scratch[n++ & 4095] = c;
    }
    if (p >= lx->end) return T_ERROR;
    lx->p = p + 1;
    lx->str_len = n;
    return T_STRING;
}

static u32 lex_number(struct lexer *lx) {
    const char *p = lx->p;
    int neg = *p == '-';
    if (neg) p++;
    i64 ip = 0;
    while (p < lx->end && *p >= '0' && *p <= '9') ip = ip * 10 + (*p++ - '0');
    double v = (double)ip;
    if (p < lx->end && *p == '.') {
        double scale = 0.1;
        for (p++; p < lx->end && *p >= '0' && *p <= '9'; p++, scale *= 0.1) v += (*p - '0') * scale;
    }
    if (p < lx->end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = p < lx->end && *p == '-';
        if (p < lx->end && (*p == '-' || *p == '+')) p++;
        u32 e = 0;
        while (p < lx->end && *p >= '0' && *p <= '9') e = e * 10 + (u32)(*p++ - '0');
        while (e--) v = eneg ? v / 10 : v * 10;
    }
    lx->int_part = neg ? -ip : ip;
    lx->number = neg ? -v : v;
    lx->p = p;
    return T_NUMBER;
}

static u32 lex_word(struct lexer *lx, const char *word, u32 token) {
    const char *p = lx->p;
    while (*word) {
        if (p >= lx->end || *p != *word) return T_ERROR;
        p++;
        word++;
    }
    lx->p = p;
    return token;
}

/* The next token, 0 at the end of input. */
NOINLINE static u32 next_token(struct lexer *lx) {
    while (lx->p < lx->end) {
        switch (*lx->p) {
        case ' ': case '\t': case '\n': case '\r': lx->p++; continue;
        case '{': lx->p++; return T_LBRACE;
        case '}': lx->p++; return T_RBRACE;
        case '[': lx->p++; return T_LBRACKET;
        case ']': lx->p++; return T_RBRACKET;
        case ':': lx->p++; return T_COLON;
        case ',': lx->p++; return T_COMMA;
        case '"': return lex_string(lx);
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9': return lex_number(lx);
        case 't': return lex_word(lx, "true", T_TRUE);
        case 'f': return lex_word(lx, "false", T_FALSE);
        case 'n': return lex_word(lx, "null", T_NULL);
        default: return T_ERROR;
        }
    }
    return 0;
}

NOINLINE static u32 tokenize(u32 *count) {
    struct lexer lx = {doc, doc + doc_len, 0, 0, 0};
    u32 h = 2166136261u, depth = 0, t;
    *count = 0;
    while ((t = next_token(&lx)) != 0) {
        if (t == T_ERROR) return 0;
        (*count)++;
        h = mix(h, t);
        if (t == T_STRING) h = mix(h, lx.str_len + (u8)scratch[0]);
        if (t == T_NUMBER) h = mix64(h, (u64)lx.int_part ^ f64_bits(lx.number));
        if (t == T_LBRACE || t == T_LBRACKET) depth++;
        if (t == T_RBRACE || t == T_RBRACKET) depth--;
    }
    return depth == 0 ? h : 0;
}

u32 run(u32 n) {
    generate();
    u32 h = mix(2166136261u, doc_len);
    for (u32 r = 0; r < n; r++) {
        u32 count;
        h = mix(mix(h, tokenize(&count)), count);
    }
    return h;
}
