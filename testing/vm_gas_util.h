// A module assembled from WAT, compiled with chosen GasOptions and
// instantiated in its own Store, for the gas tests: MeteredVm(wat, mode).
#ifndef DYTALLIX_TESTING_VM_GAS_UTIL_H_
#define DYTALLIX_TESTING_VM_GAS_UTIL_H_

#include <memory>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "testing/wat.h"
#include "vm/engine.h"

namespace dytallix::testing {

enum class GasMode { kPerBlock, kPerInstruction };

inline const char* GasModeName(GasMode mode) {
  return mode == GasMode::kPerBlock ? "per-block" : "per-instruction";
}

class MeteredVm {
 public:
  // Load or instantiation failures fail the test (ok() is then false).
  MeteredVm(std::string_view wat, GasMode mode,
            const internal::Profile& profile = internal::Profile::Spec())
      : store_(std::make_unique<internal::Store>(profile)) {
    internal::GasOptions gas;
    gas.metering = mode == GasMode::kPerInstruction
                       ? internal::GasMetering::kPerInstruction
                       : internal::GasMetering::kPerBlock;
    auto module = internal::Load(Wasm(wat), profile, gas);
    EXPECT_TRUE(module.ok()) << module.status();
    if (!module.ok()) return;
    auto result = internal::Instantiate(*store_, *module, {});
    EXPECT_TRUE(result.ok() && !result->trap);
    if (result.ok()) instance_ = result->instance;
  }

  bool ok() const { return instance_ != nullptr; }

  // Calls export `name` with metering on and `limit` gas.
  internal::CallResult Run(std::string_view name, uint64_t limit,
                           std::vector<internal::Value> args = {}) {
    internal::CallOptions options{.metering = true, .gas_limit = limit};
    auto r = internal::Invoke(*store_, *instance_, name, args, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : internal::CallResult{};
  }

 private:
  std::unique_ptr<internal::Store> store_;
  internal::Instance* instance_ = nullptr;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_VM_GAS_UTIL_H_
