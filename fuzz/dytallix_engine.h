// DytallixEngine: our VM (vm/engine.h) behind the WasmEngine interface, for
// differential fuzzing against a reference engine.
#ifndef DYTALLIX_FUZZ_DYTALLIX_ENGINE_H_
#define DYTALLIX_FUZZ_DYTALLIX_ENGINE_H_

#include <memory>
#include <span>
#include <string_view>

#include "base/profile.h"
#include "fuzz/wasm_engine.h"
#include "vm/engine.h"

namespace dytallix::internal {

class DytallixEngine : public WasmEngine {
 public:
  // Modules are validated, compiled and run under `profile`; every call and
  // the start function run with `options` (gas metering, dispatch).
  DytallixEngine(const Profile& profile, const CallOptions& options);

  absl::Status Validate(std::span<const uint8_t> wasm) override;
  absl::StatusOr<std::optional<TrapKind>> Instantiate(
      std::span<const uint8_t> wasm) override;
  CallOutcome Call(std::string_view name, std::span<const Cell> args) override;
  std::span<const uint8_t> Memory(std::string_view name) override;
  Cell Global(std::string_view name) override;

 private:
  Cell ToCell(const Value& v) const;

  const Profile profile_;
  const CallOptions options_;
  std::shared_ptr<const CompiledModule> module_;
  std::unique_ptr<Store> store_;
  Instance* instance_ = nullptr;  // owned by store_
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_FUZZ_DYTALLIX_ENGINE_H_
