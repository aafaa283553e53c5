// wasi-test: stdin=pipeline.txt
// A real program for pipelines: reads standard input to its end, writes
// each line numbered and with its words reversed to standard output, and a
// summary (lines, words, bytes) to standard error.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lines = 0, words = 0, bytes = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        bytes += len;
        lines++;
        if (line[len - 1] == '\n') line[--len] = 0;
        char *word[256];
        int n = 0;
        for (char *tok = strtok(line, " \t"); tok && n < 256; tok = strtok(NULL, " \t")) word[n++] = tok;
        words += n;
        printf("%4ld:", lines);
        for (int i = n - 1; i >= 0; i--) {
            for (char *c = word[i]; *c; c++) *c = (char)toupper((unsigned char)*c);
            printf(" %s", word[i]);
        }
        putchar('\n');
    }
    if (ferror(stdin)) {
        perror("stdin");
        return 1;
    }
    free(line);
    fprintf(stderr, "%ld lines, %ld words, %ld bytes\n", lines, words, bytes);
    return 0;
}
