/* sieve: the sieve of Eratosthenes below n, one bit per odd number. Measures
 * tight loops of strided read-modify-write over a large array. n is clamped
 * to kMaxLimit (12.5 MB of bits). Checksum: the number of primes below n and
 * their sum modulo 2^32. */
#include "workload.h"

enum { kMaxLimit = 200000000 };

/* Bit k stands for the odd number 2k + 1. */
static uint32_t odd_composite[kMaxLimit / 64 + 1];

static inline uint32_t IsMarked(uint32_t odd) {
  uint32_t k = odd >> 1;
  return odd_composite[k >> 5] >> (k & 31) & 1;
}

static inline void Mark(uint32_t odd) {
  uint32_t k = odd >> 1;
  odd_composite[k >> 5] |= 1u << (k & 31);
}

int32_t run(int32_t n) {
  uint32_t limit = n < kMaxLimit ? (uint32_t)n : kMaxLimit;
  for (uint32_t w = 0; w <= limit / 64; ++w) odd_composite[w] = 0;
  uint32_t root = 1;  // the smallest root with root * root >= limit
  while (root * root < limit) ++root;
  uint32_t count = limit > 2;  // 2, the even prime
  uint32_t sum = limit > 2 ? 2 : 0;
  for (uint32_t i = 3; i < limit; i += 2) {
    if (IsMarked(i)) continue;
    ++count;
    sum += i;
    if (i >= root) continue;  // its multiples below limit are already marked
    for (uint32_t j = i * i; j < limit; j += 2 * i) Mark(j);
  }
  return (int32_t)Mix(Mix(kMixSeed, count), sum);
}
