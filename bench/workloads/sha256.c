/* sha256: SHA-256 (FIPS 180-4) of an n KiB stream. Measures 32-bit integer
 * ALU work: rotations, shifts, adds and bitwise logic with little memory
 * traffic. The stream repeats a 64 KiB pseudo-random chunk, with each
 * repetition's first word replaced by its index so no two chunks are equal.
 * Checksum: the digest's eight words folded together. */
#include "workload.h"

enum { kBlockBytes = 64, kChunkBytes = 64 << 10 };

typedef struct {
  uint32_t state[8];
  uint64_t length_bits;
} Sha256;

static const uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint8_t chunk[kChunkBytes];

static inline uint32_t RotateRight(uint32_t x, int bits) {
  return (x >> bits) | (x << (32 - bits));
}

static void Init(Sha256* sha) {
  static const uint32_t kInitialState[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                            0xa54ff53a, 0x510e527f, 0x9b05688c,
                                            0x1f83d9ab, 0x5be0cd19};
  for (int i = 0; i < 8; ++i) sha->state[i] = kInitialState[i];
  sha->length_bits = 0;
}

static void CompressBlock(uint32_t state[8], const uint8_t* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    const uint8_t* p = block + 4 * i;
    w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = RotateRight(w[i - 15], 7) ^ RotateRight(w[i - 15], 18) ^
                  (w[i - 15] >> 3);
    uint32_t s1 = RotateRight(w[i - 2], 17) ^ RotateRight(w[i - 2], 19) ^
                  (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t s1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
    uint32_t choose = (e & f) ^ (~e & g);
    uint32_t t1 = h + s1 + choose + kRoundConstants[i] + w[i];
    uint32_t s0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
    uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

/* Requires size to be a multiple of kBlockBytes (a whole number of KiB is). */
static void UpdateBlocks(Sha256* sha, const uint8_t* data, uint32_t size) {
  for (uint32_t offset = 0; offset < size; offset += kBlockBytes) {
    CompressBlock(sha->state, data + offset);
  }
  sha->length_bits += (uint64_t)size * 8;
}

/* Pads the message (a whole number of blocks) and returns the digest's eight
 * words folded together. */
static uint32_t Finish(Sha256* sha) {
  uint8_t tail[kBlockBytes] = {0x80};
  for (int i = 0; i < 8; ++i) {
    tail[kBlockBytes - 1 - i] = (uint8_t)(sha->length_bits >> (8 * i));
  }
  CompressBlock(sha->state, tail);
  uint32_t hash = kMixSeed;
  for (int i = 0; i < 8; ++i) hash = Mix(hash, sha->state[i]);
  return hash;
}

int32_t run(int32_t n) {
  uint32_t seed = 0x5eed5eed;
  for (uint32_t i = 0; i < kChunkBytes; i += 4) {
    uint32_t word = NextRandom(&seed);
    for (int b = 0; b < 4; ++b) chunk[i + b] = (uint8_t)(word >> (8 * b));
  }
  Sha256 sha;
  Init(&sha);
  uint64_t remaining = (uint64_t)n << 10;
  for (uint32_t index = 0; remaining > 0; ++index) {
    uint32_t size = remaining < kChunkBytes ? (uint32_t)remaining : kChunkBytes;
    for (int b = 0; b < 4; ++b) chunk[b] = (uint8_t)(index >> (8 * b));
    UpdateBlocks(&sha, chunk, size);
    remaining -= size;
  }
  return (int32_t)Finish(&sha);
}
