#include "testing/module_gen/choices.h"

#include "base/check.h"

namespace dytallix::testing {

uint32_t Choices::Below(uint32_t n) {
  DYT_DCHECK(n > 0);
  // One byte per small decision keeps a mutation's effect local.
  if (n <= 256) return Byte() % n;
  return U32() % n;
}

uint32_t Choices::U32() {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{Byte()} << (8 * i);
  return v;
}

uint64_t Choices::U64() {
  const uint64_t low = U32();
  return low | uint64_t{U32()} << 32;
}

}  // namespace dytallix::testing
