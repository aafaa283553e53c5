/* Recursive calls: the doubly recursive Fibonacci function. Almost all the
 * time goes into call and return. run(n) = fib(n) mod 2^32. */
#include "common.h"

NOINLINE static u32 fib(u32 n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

u32 run(u32 n) {
    return fib(n);
}
