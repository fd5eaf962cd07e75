// WabtEngine: wabt's reference interpreter (Debian's libwabt, wabt/interp/)
// behind the WasmEngine interface, the second engine the differential
// fuzzers check ours against.
//
// Features: WebAssembly 2.0 without SIMD (mutable globals, saturating
// conversions, sign extension, multi-value, bulk memory, reference types);
// everything later is off. Custom sections are never an error, not even a
// malformed custom section name, which the spec rejects.
//
// Run-time caps: wabt has no profile, so the memory and table limits of the
// profile it is given (max_memory_pages, max_table_elements) are applied as
// an "absent or larger maximum acts as the cap", exactly as our Store does;
// memory.grow and table.grow then fail at the same size in both engines.
// wabt's own stacks (its default Thread::Options) are smaller or larger than
// the profile's call depth and value stack: exhaustion traps differ by
// design, and callers compare them only as "both exhausted".
//
// wabt's trap messages map onto TrapKind (an unknown message aborts, so a
// new kind is noticed). NaN results are whatever wabt computes: arithmetic
// NaNs are not canonicalized.
#ifndef DYTALLIX_FUZZ_WABT_ENGINE_H_
#define DYTALLIX_FUZZ_WABT_ENGINE_H_

#include <memory>
#include <span>
#include <string_view>

#include "base/profile.h"
#include "fuzz/wasm_engine.h"

namespace dytallix::internal {

class WabtEngine : public WasmEngine {
 public:
  explicit WabtEngine(const Profile& caps);
  ~WabtEngine() override;

  absl::Status Validate(std::span<const uint8_t> wasm) override;
  absl::StatusOr<std::optional<TrapKind>> Instantiate(
      std::span<const uint8_t> wasm) override;
  CallOutcome Call(std::string_view name, std::span<const Cell> args) override;
  std::span<const uint8_t> Memory(std::string_view name) override;
  Cell Global(std::string_view name) override;

 private:
  struct State;  // wabt's objects, kept out of this header

  const Profile caps_;
  std::unique_ptr<State> state_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_FUZZ_WABT_ENGINE_H_
