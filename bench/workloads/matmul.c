/* matmul: C = A * B for n x n matrices of pseudo-random elements, in i-k-j
 * loop order (row-major, unit stride in the inner loop). Built twice: with
 * MATMUL_F64 the elements are doubles in [-1, 1] (f64 multiply-add), without
 * it 32-bit integers (i32 multiply-add). n is clamped to kMaxDim so the three
 * matrices fit in 12 MiB. Checksum: every element of C (its bits, for f64). */
#include "workload.h"

#if defined(MATMUL_F64)
typedef double Element;
enum { kMaxDim = 700 };

static Element RandomElement(uint32_t* seed) {
  return (double)(int32_t)(NextRandom(seed) % 2001u - 1000u) / 1000.0;
}

static uint32_t MixElement(uint32_t hash, Element value) {
  union {
    double value;
    uint64_t bits;
  } u = {value};
  return Mix(Mix(hash, (uint32_t)u.bits), (uint32_t)(u.bits >> 32));
}
#else
typedef uint32_t Element;
enum { kMaxDim = 1000 };

static Element RandomElement(uint32_t* seed) { return NextRandom(seed); }

static uint32_t MixElement(uint32_t hash, Element value) {
  return Mix(hash, value);
}
#endif

static Element a[kMaxDim * kMaxDim];
static Element b[kMaxDim * kMaxDim];
static Element c[kMaxDim * kMaxDim];

int32_t run(int32_t n) {
  uint32_t dim = n < kMaxDim ? (uint32_t)n : kMaxDim;
  uint32_t seed = 0x12345678;
  for (uint32_t i = 0; i < dim * dim; ++i) {
    a[i] = RandomElement(&seed);
    b[i] = RandomElement(&seed);
    c[i] = 0;
  }
  for (uint32_t i = 0; i < dim; ++i) {
    Element* c_row = c + i * dim;
    for (uint32_t k = 0; k < dim; ++k) {
      Element a_ik = a[i * dim + k];
      const Element* b_row = b + k * dim;
      for (uint32_t j = 0; j < dim; ++j) c_row[j] += a_ik * b_row[j];
    }
  }
  uint32_t hash = kMixSeed;
  for (uint32_t i = 0; i < dim * dim; ++i) hash = MixElement(hash, c[i]);
  return (int32_t)hash;
}
