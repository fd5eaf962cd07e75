#include "validator/validator.h"

#include "base/status_macros.h"
#include "validator/context.h"
#include "validator/function_checker.h"
#include "validator/limits.h"
#include "validator/module_checks.h"

namespace dytallix::internal {

// Module-level rules first (so a module breaking both a spec rule and a
// limit gets the spec's answer), then the limits, all before anything is
// sized by the module's counts (the context, the function bodies).
absl::StatusOr<ModuleInfo> Validate(const Module& module,
                                    const Profile& profile) {
  DYT_RETURN_IF_ERROR(CheckModuleStructure(module));
  DYT_RETURN_IF_ERROR(CheckModuleLimits(module, profile));
  DYT_RETURN_IF_ERROR(CheckDeclaredTypes(module, profile));
  DYT_RETURN_IF_ERROR(CheckInitializers(module, profile));
  ModuleContext context(module, profile);
  FunctionChecker checker(context);
  ModuleInfo info;
  info.functions.resize(module.functions.size());
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    DYT_RETURN_IF_ERROR(checker.Check(i, info.functions[i]));
  }
  return info;
}

}  // namespace dytallix::internal
