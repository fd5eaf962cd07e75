#include "tools/inspection.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dytallix::internal {

std::string TypeString(const FuncType& type) {
  auto names = [](const std::vector<ValType>& types) {
    return absl::StrJoin(types, ", ", [](std::string* out, ValType t) {
      absl::StrAppend(out, std::string(ValTypeName(t)));
    });
  };
  return absl::StrCat("(", names(type.params), ") -> (", names(type.results),
                      ")");
}

std::map<uint32_t, std::vector<std::string>> FunctionExportNames(
    const Module& module) {
  std::map<uint32_t, std::vector<std::string>> names;
  for (const Export& e : module.exports) {
    if (e.kind == ExternKind::kFunction) names[e.index].push_back(e.name);
  }
  return names;
}

std::optional<uint32_t> MaxStackHeight(const Inspection& inspection,
                                       size_t defined_index) {
  if (!inspection.validation || !inspection.validation->ok()) {
    return std::nullopt;
  }
  return (*inspection.validation)->functions[defined_index].max_stack_height;
}

}  // namespace dytallix::internal
