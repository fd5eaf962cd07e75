// CompiledCodeKey: what compiled code depends on, as a cache key. Compiled code
// bakes in the gas schedule's static costs and the profile's structural limits
// and NaN canonicalization, so a cache of CompiledModules must be keyed by all
// three hashes, never by the code hash alone.
//
// Thread-safety: plain values and pure functions.
#ifndef DYTALLIX_VM_COMPILED_CODE_KEY_H_
#define DYTALLIX_VM_COMPILED_CODE_KEY_H_

#include <compare>
#include <span>

#include "base/profile.h"
#include "vm/gas_schedule.h"

namespace dytallix::internal {

// SHA-256 over the little-endian serialization of every Profile field in
// declaration order (u32 as 4 bytes, bools as 1 byte).
Hash256 ProfileHash(const Profile& profile);

// SHA-256 of a module's bytes.
Hash256 CodeHash(std::span<const uint8_t> wasm);

struct CompiledCodeKey {
  Hash256 code;
  Hash256 schedule;
  Hash256 profile;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads defaulted <=>
  auto operator<=>(const CompiledCodeKey&) const = default;
};

inline CompiledCodeKey KeyFor(const Hash256& code_hash,
                              const GasSchedule& schedule,
                              const Profile& profile) {
  return CompiledCodeKey{code_hash, schedule.Hash(), ProfileHash(profile)};
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_COMPILED_CODE_KEY_H_
