/* fib: naive doubly recursive Fibonacci. Measures call and return cost;
 * run(n) makes about 1.6^n calls. Checksum: fib(n) mod 2^32. */
#include "workload.h"

static uint32_t Fib(uint32_t n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

int32_t run(int32_t n) { return (int32_t)Fib((uint32_t)n); }
