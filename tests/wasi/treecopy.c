// wasi-test: dir=sandbox::/sandbox dir=out::/out
// A real program: walks a directory tree, copies every file into another
// preopened directory, and prints the SHA-256 of each file (checked again
// on the copy), sorted by path.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* SHA-256, after FIPS 180-4. */
typedef struct {
    uint32_t h[8];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
    uint32_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(sha256 *s) {
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, init, sizeof init);
    s->length = 0;
    s->used = 0;
}

static void sha256_update(sha256 *s, const uint8_t *p, size_t n) {
    s->length += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha256_block(s, s->block);
            s->used = 0;
        }
    }
}

static void sha256_hex(sha256 *s, char out[65]) {
    uint64_t bits = s->length * 8;
    uint8_t pad = 0x80;
    sha256_update(s, &pad, 1);
    pad = 0;
    while (s->used != 56) sha256_update(s, &pad, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", s->h[i]);
}

struct file { char path[256]; char hash[65]; long size; };
static struct file files[256];
static int nfiles;

static void die(const char *what, const char *path) {
    fprintf(stderr, "%s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* Copies `src` to `dst` and returns the hash of what was read. */
static long copy_file(const char *src, const char *dst, char hash[65]) {
    int in = open(src, O_RDONLY);
    if (in < 0) die("cannot open", src);
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) die("cannot create", dst);
    sha256 s;
    sha256_init(&s);
    static uint8_t buf[7919];  // an odd size, so reads straddle blocks
    long total = 0;
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        sha256_update(&s, buf, n);
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, n - done);
            if (w <= 0) die("cannot write", dst);
            done += w;
        }
        total += n;
    }
    if (n < 0) die("cannot read", src);
    close(in);
    if (close(out) != 0) die("cannot close", dst);
    sha256_hex(&s, hash);
    return total;
}

static void hash_file(const char *path, char hash[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot reopen", path);
    sha256 s;
    sha256_init(&s);
    uint8_t buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&s, buf, n);
    fclose(f);
    sha256_hex(&s, hash);
}

static void walk(const char *src, const char *dst, const char *rel) {
    DIR *d = opendir(src);
    if (!d) die("cannot list", src);
    if (mkdir(dst, 0755) != 0 && errno != EEXIST) die("cannot make", dst);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char s[512], t[512], r[256];
        snprintf(s, sizeof s, "%s/%s", src, e->d_name);
        snprintf(t, sizeof t, "%s/%s", dst, e->d_name);
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat st;
        if (lstat(s, &st) != 0) die("cannot stat", s);
        if (S_ISDIR(st.st_mode)) {
            walk(s, t, r);
        } else if (S_ISREG(st.st_mode)) {
            struct file *f = &files[nfiles++];
            snprintf(f->path, sizeof f->path, "%s", r);
            f->size = copy_file(s, t, f->hash);
            if (f->size != st.st_size) {
                fprintf(stderr, "%s: copied %ld of %lld bytes\n", s, f->size, (long long)st.st_size);
                exit(1);
            }
        }
    }
    closedir(d);
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

int main(void) {
    walk("/sandbox/data", "/out/data", "");
    qsort(files, nfiles, sizeof files[0], by_path);
    long total = 0;
    for (int i = 0; i < nfiles; i++) {
        char copy[512], check[65];
        snprintf(copy, sizeof copy, "/out/data/%s", files[i].path);
        hash_file(copy, check);
        if (strcmp(check, files[i].hash) != 0) {
            fprintf(stderr, "%s: the copy differs\n", files[i].path);
            return 1;
        }
        printf("%s  %7ld  %s\n", files[i].hash, files[i].size, files[i].path);
        total += files[i].size;
    }
    printf("%d files, %ld bytes copied\n", nfiles, total);
    return 0;
}
