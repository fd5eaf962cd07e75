// Hostile modules: for each structural dimension a load phase (decode,
// validate, compile and its post-passes, instantiate, the static analyzer)
// walks, a generator of valid contract modules that push that dimension as
// far as the size `n` says. Each is what an attacker would deploy to make a
// node work without paying: the load-linearity test loads each at n and 8n
// and bounds the growth; the gas calibration bench loads each at its largest
// n to check that the per-byte load price covers it.
//
// Every module exports `memory` and a method `m` of type () -> () that does
// no work when called, so the contract profile and the host ABI accept it.
#ifndef DYTALLIX_TESTING_MODULE_GEN_HOSTILE_MODULES_H_
#define DYTALLIX_TESTING_MODULE_GEN_HOSTILE_MODULES_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dytallix::testing {

struct HostileShape {
  std::string_view name;
  // The module at size `n` (roughly proportional bytes).
  std::vector<uint8_t> (*make)(uint32_t n);
  // The largest n the contract profile accepts (module size and limits).
  uint32_t max_n;
};

// Every shape, in a fixed order.
std::span<const HostileShape> HostileShapes();

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_HOSTILE_MODULES_H_
