// Validate: the WebAssembly 2.0 validation algorithm plus the limits and
// feature policy of a Profile.
//
// Errors are absl::InvalidArgumentError whose message starts with "invalid: "
// (a spec validation rule) or "limit: " (a Profile limit or feature policy:
// names the limit, the value found and the allowed value), followed by the
// place, e.g.
//   "invalid: function 3 at offset 0x51: type mismatch: expected i32, found
//   i64" "limit: max_memory_pages: memory 0 declares 300 initial pages, limit
//   256"
//
// Thread-safe: no shared state.
#ifndef DYTALLIX_VALIDATOR_VALIDATOR_H_
#define DYTALLIX_VALIDATOR_VALIDATOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "decoder/module.h"

namespace dytallix::internal {

// What the compiler needs about one defined function, so it never re-derives
// it.
struct FunctionInfo {
  // The most operand-stack slots the body ever holds (locals excluded).
  uint32_t max_stack_height = 0;
  // Block structure, indexed like Function::code:
  //   block, loop  -> index of the matching end
  //   if           -> index of its else if it has one, else of its end
  //   else         -> index of the matching end
  //   anything else-> 0
  std::vector<uint32_t> partner;
};

struct ModuleInfo {
  std::vector<FunctionInfo> functions;  // one per Module::functions entry
};

absl::StatusOr<ModuleInfo> Validate(const Module& module,
                                    const Profile& profile);

// Validate in steps, for a module whose function bodies are decoded one at a
// time (decoder/decoder.h, Bodies::kDeferred): the module-level rules and
// limits first, then each body when its code is there. Validate's answer is
// the first error of these steps in index order. Keeps references to the
// module and the profile, which must outlive it. Not thread-safe.
class BodyValidator {
 public:
  BodyValidator(const Module& module, const Profile& profile);
  ~BodyValidator();
  BodyValidator(const BodyValidator&) = delete;
  BodyValidator& operator=(const BodyValidator&) = delete;

  // Everything but the bodies. Call once, first.
  absl::Status CheckModule();
  // `body`: Module::functions[defined_index] with its code (decoded with
  // DecodeBody, for one); fills `info`. REQUIRES: CheckModule() succeeded.
  absl::Status CheckBody(uint32_t defined_index, const Function& body,
                         FunctionInfo& info);

 private:
  struct State;
  const Module& module_;
  const Profile& profile_;
  std::unique_ptr<State> state_;  // after CheckModule()
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_VALIDATOR_H_
