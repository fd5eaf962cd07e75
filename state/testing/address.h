// Addr: a test address whose 32 bytes all hold one value, so tests can name
// distinct accounts and contracts by a single byte.
#ifndef DYTALLIX_STATE_TESTING_ADDRESS_H_
#define DYTALLIX_STATE_TESTING_ADDRESS_H_

#include <cstdint>

#include "base/types.h"

namespace dytallix::internal::testing {

inline Address Addr(uint8_t fill) {
  Address a;
  a.fill(fill);
  return a;
}

}  // namespace dytallix::internal::testing

#endif  // DYTALLIX_STATE_TESTING_ADDRESS_H_
