// wasi-test: exit=143
// wasi-test-only-zwasm: the reference engine answers ENOTSUP to proc_raise
// proc_raise with a terminating signal ends the guest like a process killed
// by it: status 128 + the signal number (15, `term`).
#include "common.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
uint16_t proc_raise(uint32_t sig);

int main(void) {
    puts("raising term");
    fflush(stdout);
    proc_raise(15);
    puts("still running after a terminating signal");
    return 1;
}
