// wasi-test: arg=first arg=second arg=with=equals arg=ünïcødé env=GREETING=hello env=EMPTY= env=PATHLIKE=/a:/b
// Command-line arguments and environment: args_sizes_get, args_get,
// environ_sizes_get, environ_get, seen both directly and through libc.
#include "common.h"

int main(int argc, char **argv) {
    __wasi_size_t count = 0, size = 0;
    OK(__wasi_args_sizes_get(&count, &size));
    CHECK((int)count == argc);
    CHECK(count == 5);

    char **ptrs = calloc(count + 1, sizeof(char *));
    char *buf = malloc(size);
    OK(__wasi_args_get((uint8_t **)ptrs, (uint8_t *)buf));
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        CHECK(strcmp(ptrs[i], argv[i]) == 0);
        // Strings are packed one after another, each with its terminator.
        CHECK(ptrs[i] == buf + used);
        used += strlen(ptrs[i]) + 1;
        printf("arg %zu: %s\n", i, argv[i]);
    }
    CHECK(used == size);
    CHECK(strcmp(argv[3], "with=equals") == 0);
    CHECK(strcmp(argv[4], "\xc3\xbcn\xc3\xaf\x63\xc3\xb8\x64\xc3\xa9") == 0);

    OK(__wasi_environ_sizes_get(&count, &size));
    CHECK(count == 3);
    char **env = calloc(count + 1, sizeof(char *));
    char *envbuf = malloc(size);
    OK(__wasi_environ_get((uint8_t **)env, (uint8_t *)envbuf));
    used = 0;
    for (size_t i = 0; i < count; i++) {
        printf("env %zu: %s\n", i, env[i]);
        used += strlen(env[i]) + 1;
    }
    CHECK(used == size);
    CHECK(strcmp(env[0], "GREETING=hello") == 0);
    CHECK(strcmp(env[1], "EMPTY=") == 0);

    CHECK(strcmp(getenv("GREETING"), "hello") == 0);
    CHECK(strcmp(getenv("EMPTY"), "") == 0);
    CHECK(strcmp(getenv("PATHLIKE"), "/a:/b") == 0);
    CHECK(getenv("HOME") == NULL);
    puts("args and environment ok");
    return 0;
}
