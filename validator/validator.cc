#include "validator/validator.h"

#include "base/check.h"
#include "base/status_macros.h"
#include "validator/context.h"
#include "validator/function_checker.h"
#include "validator/limits.h"
#include "validator/module_checks.h"

namespace dytallix::internal {

struct BodyValidator::State {
  explicit State(const Module& module, const Profile& profile)
      : context(module, profile), checker(context) {}
  ModuleContext context;
  FunctionChecker checker;  // refers to `context`
};

BodyValidator::BodyValidator(const Module& module, const Profile& profile)
    : module_(module), profile_(profile) {}

BodyValidator::~BodyValidator() = default;

// Module-level rules first (so a module breaking both a spec rule and a
// limit gets the spec's answer), then the limits, all before anything is
// sized by the module's counts (the context, the function bodies).
absl::Status BodyValidator::CheckModule() {
  DYT_DCHECK(state_ == nullptr);
  DYT_RETURN_IF_ERROR(CheckModuleStructure(module_));
  DYT_RETURN_IF_ERROR(CheckModuleLimits(module_, profile_));
  DYT_RETURN_IF_ERROR(CheckDeclaredTypes(module_, profile_));
  DYT_RETURN_IF_ERROR(CheckInitializers(module_, profile_));
  state_ = std::make_unique<State>(module_, profile_);
  return absl::OkStatus();
}

absl::Status BodyValidator::CheckBody(uint32_t defined_index,
                                      const Function& body,
                                      FunctionInfo& info) {
  DYT_DCHECK(state_ != nullptr);
  return state_->checker.Check(defined_index, body, info);
}

absl::StatusOr<ModuleInfo> Validate(const Module& module,
                                    const Profile& profile) {
  DYT_DCHECK(!module.bodies_deferred);
  BodyValidator validator(module, profile);
  DYT_RETURN_IF_ERROR(validator.CheckModule());
  ModuleInfo info;
  info.functions.resize(module.functions.size());
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    DYT_RETURN_IF_ERROR(
        validator.CheckBody(i, module.functions[i], info.functions[i]));
  }
  return info;
}

}  // namespace dytallix::internal
