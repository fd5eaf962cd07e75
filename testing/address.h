// Addr: a test address whose 32 bytes all hold one value, so tests can name
// distinct accounts and contracts by a single byte.
#ifndef DYTALLIX_TESTING_ADDRESS_H_
#define DYTALLIX_TESTING_ADDRESS_H_

#include <cstdint>

#include "base/types.h"

namespace dytallix::testing {

inline internal::Address Addr(uint8_t fill) {
  internal::Address a;
  a.fill(fill);
  return a;
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_ADDRESS_H_
