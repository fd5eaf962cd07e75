// SpecSession: the VM side of one spec script — a Store with the spectest
// module, the instances the script has made (by $name and the current one),
// and the registered names — and the commands that need execution.
//
// Each command returns Ok if it behaved as the spec expects, or an error
// whose message says why not (for the runner's failure line). Every call a
// command makes (invoke, get, instantiation) is also recorded, so that
// sessions compiled with different gas metering can be compared
// (gas_equality.h).
//
// Not thread-safe: one script runs on one thread.
#ifndef DYTALLIX_TESTS_SPEC_SPEC_SESSION_H_
#define DYTALLIX_TESTS_SPEC_SPEC_SESSION_H_

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/spec/gas_equality.h"
#include "tests/spec/spec_script.h"
#include "vm/engine.h"
#include "vm/store.h"

namespace dytallix::internal {

// How a session compiles and calls. The default is the spec suite with
// metering off: block-charged code, unmetered calls.
struct SessionOptions {
  GasOptions gas = {};    // fixed into every module the session loads
  CallOptions call = {};  // of every invoke; start functions run unmetered
  Compilation compilation = Compilation::kEager;  // of every module loaded
};

class SpecSession {
 public:
  explicit SpecSession(const SessionOptions& options = {});
  SpecSession(const SpecSession&) = delete;
  SpecSession& operator=(const SpecSession&) = delete;

  // `module`: load and instantiate; the result becomes the current module,
  // also under `name` if that is not empty. On failure there is no current
  // module (nor one under `name`), so later actions fail instead of running
  // an older module.
  absl::Status Module(std::span<const uint8_t> bytes, const std::string& name);
  // `register`: the exports of module `name` (empty: current) become
  // importable as module `as`.
  absl::Status Register(const std::string& name, const std::string& as);

  absl::Status RunAction(const Action& action);  // must not trap
  absl::Status AssertReturn(const Action& action,
                            const std::vector<Expectation>& expected);
  absl::Status AssertTrap(const Action& action, std::string_view text);
  absl::Status AssertExhaustion(const Action& action);
  // The module must load but fail to link.
  absl::Status AssertUnlinkable(std::span<const uint8_t> bytes);
  // The module must load and link, then trap while instantiating.
  absl::Status AssertUninstantiable(std::span<const uint8_t> bytes,
                                    std::string_view text);

  // The calls made since the last TakeCalls, in order; clears the record.
  std::vector<CallRecord> TakeCalls();

 private:
  absl::StatusOr<Instance*> FindInstance(const std::string& name) const;
  // Runs and records `action`.
  absl::StatusOr<CallRecord> Perform(const Action& action);
  absl::StatusOr<CallRecord> CallFunction(Instance& instance,
                                          const Action& action);
  absl::StatusOr<std::shared_ptr<const CompiledModule>> LoadValid(
      std::span<const uint8_t> bytes) const;
  // Loads, instantiates and records the instantiation (if it links).
  absl::StatusOr<InstantiateResult> LoadAndInstantiate(
      std::span<const uint8_t> bytes);

  const SessionOptions options_;
  std::vector<CallRecord> calls_;
  Store store_;
  Linker linker_;
  Instance* current_ = nullptr;             // owned by store_
  std::map<std::string, Instance*> named_;  // owned by store_
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_SPEC_SESSION_H_
