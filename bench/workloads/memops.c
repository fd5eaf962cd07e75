/* memops: bulk memory traffic. Each iteration fills a region of one buffer,
 * copies it into the other and shifts part of the copy over itself (an
 * overlapping move), at sizes from 16 B to 64 KiB and 8-byte aligned offsets.
 * Built twice from this file: plainly, where the wasm build calls workload.h's
 * word loops, and with -mbulk-memory, where the same __builtin_mem* calls
 * become memory.fill and memory.copy instructions. Checksum: bytes sampled
 * from every iteration's result. */
#include "workload.h"

enum { kBufferBytes = 4 << 20, kLargestShift = 12 /* 16 B << 12 = 64 KiB */ };

static uint8_t source[kBufferBytes];
static uint8_t target[kBufferBytes];

int32_t run(int32_t n) {
  uint32_t seed = 0x0badf00d;
  uint32_t hash = kMixSeed;
  for (int32_t iteration = 0; iteration < n; ++iteration) {
    uint32_t r = NextRandom(&seed);
    uint32_t size = 16u << (r % (kLargestShift + 1));
    uint32_t from = NextRandom(&seed) % (kBufferBytes - size) & ~7u;
    uint32_t to = NextRandom(&seed) % (kBufferBytes - size) & ~7u;
    __builtin_memset(source + from, (int)(r >> 24), size);
    source[from + r % size] = (uint8_t)iteration;
    __builtin_memcpy(target + to, source + from, size);
    uint32_t shift = size / 4;
    __builtin_memmove(target + to + shift, target + to, size - shift);
    hash = Mix(hash, target[to + r % size]);
    hash = Mix(hash, target[to + size - 1]);
  }
  return (int32_t)hash;
}
