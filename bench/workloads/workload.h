/* Shared by every benchmark workload. Each workload is one freestanding C file
 * (no libc) that defines run(n): it builds its own input from a fixed seed,
 * does work proportional to n and returns a 32-bit checksum of the result.
 * The same file is compiled to WebAssembly and, with driver.c, to a native
 * program, so every engine must return the same checksum for the same n. */
#ifndef DYTALLIX_BENCH_WORKLOADS_WORKLOAD_H_
#define DYTALLIX_BENCH_WORKLOADS_WORKLOAD_H_

#include <stddef.h>
#include <stdint.h>

/* The exported entry point. Requires n >= 0; a workload with a memory-bound
 * input size clamps n to what fits in 16 MiB of linear memory (the contract
 * profile's cap) and says so beside its constants. */
int32_t run(int32_t n);

/* xorshift32: a cheap, deterministic input generator. *state must not be 0. */
static inline uint32_t NextRandom(uint32_t* state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

/* Folds one value into a running checksum (FNV-1a step over a whole word). */
static inline uint32_t Mix(uint32_t hash, uint32_t value) {
  return (hash ^ value) * 16777619u;
}

static const uint32_t kMixSeed = 2166136261u;

#if defined(__wasm__)
/* A freestanding compiler may still emit calls to these (struct copies, and
 * __builtin_memcpy & co. when bulk memory is off), and the wasm build has no
 * libc to provide them. The native build takes them from libc. These are
 * plain word-at-a-time loops, what a small contract would ship. */
void* memcpy(void* restrict dst, const void* restrict src, size_t size) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
    for (; size >= 4; size -= 4, d += 4, s += 4) {
      *(uint32_t*)d = *(const uint32_t*)s;
    }
  }
  while (size-- > 0) *d++ = *s++;
  return dst;
}

void* memset(void* dst, int byte, size_t size) {
  unsigned char* d = dst;
  if (((uintptr_t)d & 3) == 0) {
    uint32_t word = (unsigned char)byte * 0x01010101u;
    for (; size >= 4; size -= 4, d += 4) *(uint32_t*)d = word;
  }
  while (size-- > 0) *d++ = (unsigned char)byte;
  return dst;
}

void* memmove(void* dst, const void* src, size_t size) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  uintptr_t gap = (uintptr_t)d - (uintptr_t)s; /* wraps when d < s */
  if (gap >= size) {
    /* d is below s or past its end: a forward copy never reads a byte it
     * has already overwritten. */
    while (size-- > 0) *d++ = *s++;
  } else {
    while (size-- > 0) d[size] = s[size];
  }
  return dst;
}
#endif

#endif /* DYTALLIX_BENCH_WORKLOADS_WORKLOAD_H_ */
