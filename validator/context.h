// ModuleContext: the index spaces a function body is checked against (the
// spec's context C), flattened once per module so the body checker never
// walks the import list.
#ifndef DYTALLIX_VALIDATOR_CONTEXT_H_
#define DYTALLIX_VALIDATOR_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "base/profile.h"
#include "decoder/module.h"

namespace dytallix::internal {

struct ModuleContext {
  // REQUIRES: CheckModuleStructure(module) succeeded. Keeps references to
  // `module` and `profile`, which must outlive the context.
  ModuleContext(const Module& module, const Profile& profile);

  const Module& module;
  const Profile& profile;
  std::vector<const FuncType*> func_types;  // by function index
  std::vector<GlobalType> globals;          // by global index
  std::vector<ValType> tables;              // element type by table index
  // C.refs: functions named by an element segment, an export or a global
  // initializer; only those may appear in a body's ref.func.
  std::vector<bool> declared_funcs;
  bool has_memory = false;
  std::optional<uint32_t> data_count;  // the data count section
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_CONTEXT_H_
