// wasi-test: arg=7 exit=7
// proc_exit: the status given ends the run, wherever the call is made.
#include "common.h"

static void deep(int depth, int status) {
    if (depth == 0) {
        puts("exiting from deep inside");
        fflush(stdout);
        __wasi_proc_exit(status);
    }
    deep(depth - 1, status);
    puts("never printed");
}

int main(int argc, char **argv) {
    CHECK(argc == 2);
    deep(50, atoi(argv[1]));
    return 99;
}
