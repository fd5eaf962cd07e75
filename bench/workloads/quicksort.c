/* quicksort: sorts n pseudo-random 32-bit integers (median-of-three Hoare
 * partitioning, insertion sort below 16 elements). Measures data-dependent
 * branches, compares and swaps. n is clamped to kMaxCount (8 MiB of
 * elements). Checksum: a strided sample of the sorted array, and whether it
 * came out sorted. */
#include "workload.h"

enum { kMaxCount = 2 << 20, kInsertionSortBelow = 16, kSamples = 1024 };

static uint32_t values[kMaxCount];

static void InsertionSort(uint32_t* first, uint32_t* last) {
  for (uint32_t* p = first + 1; p < last; ++p) {
    uint32_t value = *p;
    uint32_t* q = p;
    for (; q > first && q[-1] > value; --q) *q = q[-1];
    *q = value;
  }
}

static inline void Swap(uint32_t* x, uint32_t* y) {
  uint32_t t = *x;
  *x = *y;
  *y = t;
}

/* Orders first, middle and last-1 and returns the median's value. */
static uint32_t MedianOfThree(uint32_t* first, uint32_t* last) {
  uint32_t* middle = first + (last - first) / 2;
  if (*middle < *first) Swap(middle, first);
  if (last[-1] < *middle) Swap(last - 1, middle);
  if (*middle < *first) Swap(middle, first);
  return *middle;
}

/* Sorts [first, last). Recurses into the smaller part and loops on the larger
 * one, so the native stack never holds more than log2(n) frames. */
static void QuickSort(uint32_t* first, uint32_t* last) {
  while (last - first >= kInsertionSortBelow) {
    uint32_t pivot = MedianOfThree(first, last);
    /* The median-of-three leaves a value <= pivot at first and >= pivot at
     * last - 1, so neither scan runs off the range, and the split point j + 1
     * leaves both parts non-empty. */
    uint32_t* i = first;
    uint32_t* j = last - 1;
    for (;;) {
      while (*i < pivot) ++i;
      while (*j > pivot) --j;
      if (i >= j) break;
      Swap(i++, j--);
    }
    /* [first, j] <= pivot <= [j + 1, last) */
    if (j + 1 - first < last - (j + 1)) {
      QuickSort(first, j + 1);
      first = j + 1;
    } else {
      QuickSort(j + 1, last);
      last = j + 1;
    }
  }
  InsertionSort(first, last);
}

int32_t run(int32_t n) {
  uint32_t count = n < kMaxCount ? (uint32_t)n : kMaxCount;
  uint32_t seed = 0x2545f491;
  for (uint32_t i = 0; i < count; ++i) values[i] = NextRandom(&seed);
  QuickSort(values, values + count);
  uint32_t sorted = 1;
  for (uint32_t i = 1; i < count; ++i) sorted &= values[i - 1] <= values[i];
  uint32_t hash = Mix(kMixSeed, sorted);
  uint32_t stride = count / kSamples + 1;
  for (uint32_t i = 0; i < count; i += stride) hash = Mix(hash, values[i]);
  return (int32_t)hash;
}
