#include "host/abi.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dytallix::internal {
namespace {

std::string TypeText(const FuncType& type) {
  auto names = [](const std::vector<ValType>& types) {
    std::vector<std::string> out;
    out.reserve(types.size());
    for (ValType t : types) out.emplace_back(ValTypeName(t));
    return absl::StrCat("(", absl::StrJoin(out, ", "), ")");
  };
  return absl::StrCat(names(type.params), " -> ", names(type.results));
}

absl::Status CheckImport(const Module& module, const Import& import) {
  const std::string where =
      absl::StrCat("import \"", import.module, ".", import.name, "\"");
  if (import.module != kAbiModule) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": contracts may import only from module \"",
                     std::string(kAbiModule), "\""));
  }
  const AbiFunction* abi = FindAbiFunction(import.name);
  if (abi == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": not a function of host ABI v1"));
  }
  if (import.kind != ExternKind::kFunction) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": must be a function, is a ",
                     std::string(ExternKindName(import.kind))));
  }
  const FuncType& type = module.types[import.type_index];
  if (type != abi->type) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": signature ", TypeText(type),
                     ", host ABI v1 has ", TypeText(abi->type)));
  }
  return absl::OkStatus();
}

// The type of function `index` in the module's function index space.
const FuncType& FunctionType(const Module& module, uint32_t index) {
  for (const Import& import : module.imports) {
    if (import.kind != ExternKind::kFunction) continue;
    if (index == 0) return module.types[import.type_index];
    --index;
  }
  return module.types[module.functions[index].type_index];
}

const Export* FindExport(const Module& module, std::string_view name) {
  for (const Export& e : module.exports) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

absl::Status CheckExports(const Module& module) {
  const Export* memory = FindExport(module, kMemoryExport);
  if (memory == nullptr || memory->kind != ExternKind::kMemory) {
    return absl::InvalidArgumentError(
        "export \"memory\": a contract must export its linear memory as "
        "\"memory\"");
  }
  const Export* init = FindExport(module, kInitExport);
  if (init != nullptr && (init->kind != ExternKind::kFunction ||
                          !IsMethodType(FunctionType(module, init->index)))) {
    return absl::InvalidArgumentError(
        "export \"init\": must be a function of type () -> ()");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckContractModule(const Module& module) {
  for (const Import& import : module.imports) {
    if (absl::Status s = CheckImport(module, import); !s.ok()) return s;
  }
  if (module.start.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "start function ", *module.start,
        ": contracts may not have one (it would run unmetered); use \"init\""));
  }
  return CheckExports(module);
}

const AbiFunction* FindAbiFunction(std::string_view name) {
  for (const AbiFunction& f : HostAbi()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace dytallix::internal
