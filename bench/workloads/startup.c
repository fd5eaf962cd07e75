/* startup: a module of about 200 KB whose run(n) does nothing but return n,
 * for measuring what an engine pays to load, validate, compile and
 * instantiate a contract-sized module before the first call. The bulk is
 * kFunctions distinct functions, reachable through a function table from the
 * exported dispatch() so the linker keeps them all. */
#include "workload.h"

/* Each function mixes its argument with constants derived from its number,
 * through a short loop and a branch, so no two compile to the same code. */
#define DEFINE_FUNCTION(k)                         \
  static uint32_t Function##k(uint32_t x) {        \
    uint32_t a = x * (2654435761u + k);            \
    for (uint32_t i = 0; i < (k % 5u) + 2u; ++i) { \
      a ^= a >> (k % 13u + 3u);                    \
      a *= 0x5bd1e995u ^ (k * 0x9e3779b9u);        \
      a += i * (k | 1u);                           \
    }                                              \
    if (a & (1u << (k % 31u))) {                   \
      a = (a << 7 | a >> 25) + (k * 0x85ebca6bu);  \
    } else {                                       \
      a = (a >> 11) ^ (k * 0xc2b2ae35u) ^ x;       \
    }                                              \
    return a ^ (a >> 16) ^ (uint32_t)k;            \
  }
#define TABLE_ENTRY(k) Function##k,

/* Ten and a hundred of M applied to numbers with the given prefix. Left
 * unformatted: clang-format would break these lists at odd places. */
// clang-format off
#define TEN(M, p) \
  M(p##0) M(p##1) M(p##2) M(p##3) M(p##4) M(p##5) M(p##6) M(p##7) M(p##8) M(p##9)
#define HUNDRED(M, p)                                                          \
  TEN(M, p##0) TEN(M, p##1) TEN(M, p##2) TEN(M, p##3) TEN(M, p##4)             \
  TEN(M, p##5) TEN(M, p##6) TEN(M, p##7) TEN(M, p##8) TEN(M, p##9)
/* Functions 100 to 1299. */
#define ALL(M)                                                                 \
  HUNDRED(M, 1) HUNDRED(M, 2) HUNDRED(M, 3) HUNDRED(M, 4) HUNDRED(M, 5)        \
  HUNDRED(M, 6) HUNDRED(M, 7) HUNDRED(M, 8) HUNDRED(M, 9) HUNDRED(M, 10)       \
  HUNDRED(M, 11) HUNDRED(M, 12)
// clang-format on

ALL(DEFINE_FUNCTION)

static uint32_t (*const kTable[])(uint32_t) = {ALL(TABLE_ENTRY)};

enum { kFunctions = sizeof(kTable) / sizeof(kTable[0]) };

/* Exported to keep every function alive; never timed. */
int32_t dispatch(int32_t index, int32_t x) {
  return (int32_t)kTable[(uint32_t)index % kFunctions]((uint32_t)x);
}

int32_t run(int32_t n) { return n; }
