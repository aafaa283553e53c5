/* A WASI program for test_zwasm_wasi.c, compiled to wasm32-wasi (clang
 * --target=wasm32-wasi with wasi-libc). It reports what it was given, one
 * fact per line on standard output: its arguments, the variable GREETING,
 * the file /data/message.txt (from a preopened directory), whether it can
 * escape that directory, and its standard input. It writes a line to
 * standard error and the file /data/written.txt, then exits with the
 * status its last argument names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("arg %d: %s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");

    FILE *in = fopen("/data/message.txt", "r");
    if (in) {
        char line[256];
        while (fgets(line, sizeof line, in)) {
            printf("file: %s", line);
        }
        fclose(in);
    } else {
        printf("file: cannot open /data/message.txt\n");
    }
    FILE *escape = fopen("/data/../outside.txt", "r");
    printf("escape: %s\n", escape ? "opened" : "refused");

    char input[256];
    size_t n = fread(input, 1, sizeof input - 1, stdin);
    input[n] = '\0';
    printf("stdin: %s\n", input);

    fprintf(stderr, "a line on stderr\n");
    FILE *out = fopen("/data/written.txt", "w");
    if (out) {
        fputs("written by the guest\n", out);
        fclose(out);
    }
    return argc > 1 ? atoi(argv[argc - 1]) : 0;
}
