// dytallix inspect: what a module holds and whether it passes validation.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/profile.h"
#include "decoder/decoder.h"
#include "tools/commands.h"
#include "tools/file_util.h"
#include "validator/validator.h"

namespace dytallix::internal {
namespace {

constexpr char kUsage[] =
    "usage: dytallix inspect FILE.wasm [--profile contract|spec]\n"
    "Decodes and validates FILE.wasm (default: the contract profile) and\n"
    "prints its imports, exports and per-function facts.\n";

std::string TypeString(const FuncType& type) {
  auto names = [](const std::vector<ValType>& types) {
    return absl::StrJoin(types, ", ", [](std::string* out, ValType t) {
      absl::StrAppend(out, std::string(ValTypeName(t)));
    });
  };
  return absl::StrCat("(", names(type.params), ") -> (", names(type.results),
                      ")");
}

void PrintSummary(const Module& module) {
  std::printf(
      "types %zu, imports %zu, functions %zu (+%u imported), tables %zu, "
      "memories %zu, globals %zu, exports %zu, element segments %zu, data "
      "segments %zu, custom sections %zu\n",
      module.types.size(), module.imports.size(), module.functions.size(),
      module.NumImportedFunctions(), module.tables.size(),
      module.memories.size(), module.globals.size(), module.exports.size(),
      module.elements.size(), module.data.size(), module.customs.size());
}

void PrintImports(const Module& module) {
  if (module.imports.empty()) return;
  std::printf("imports:\n");
  for (const Import& import : module.imports) {
    std::string detail;
    if (import.kind == ExternKind::kFunction &&
        import.type_index < module.types.size()) {
      detail = TypeString(module.types[import.type_index]);
    }
    std::printf("  %-7s %s.%s %s\n",
                std::string(ExternKindName(import.kind)).c_str(),
                import.module.c_str(), import.name.c_str(), detail.c_str());
  }
}

void PrintExports(const Module& module) {
  if (module.exports.empty()) return;
  std::printf("exports:\n");
  for (const Export& e : module.exports) {
    std::string detail = absl::StrCat(e.index);
    if (e.kind == ExternKind::kFunction && e.index < module.NumFunctions()) {
      detail =
          absl::StrCat(e.index, " ", TypeString(module.FunctionType(e.index)));
    }
    std::printf("  %-7s %s %s\n", std::string(ExternKindName(e.kind)).c_str(),
                e.name.c_str(), detail.c_str());
  }
}

void PrintFunctions(const Module& module, const ModuleInfo& info) {
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const Function& f = module.functions[i];
    std::printf("  function %zu: %zu instructions, %llu locals, max stack %u\n",
                i + module.NumImportedFunctions(), f.code.size(),
                static_cast<unsigned long long>(f.num_locals),
                info.functions[i].max_stack_height);
  }
}

}  // namespace

int InspectCommand(Args args) {
  std::string path;
  std::string profile_name = "contract";
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (args[i] == "--profile" && i + 1 < args.size()) {
      profile_name = args[++i];
    } else if (path.empty() && !args[i].starts_with("-")) {
      path = args[i];
    } else {
      std::fputs(kUsage, stderr);
      return 1;
    }
  }
  if (path.empty() || (profile_name != "contract" && profile_name != "spec")) {
    std::fputs(kUsage, stderr);
    return 1;
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(path);
  if (!bytes.ok()) {
    std::fprintf(stderr, "dytallix: %s\n",
                 std::string(bytes.status().message()).c_str());
    return 1;
  }
  std::printf("%s: %zu bytes\n", path.c_str(), bytes->size());
  absl::StatusOr<Module> module = Decode(*bytes);
  if (!module.ok()) {
    std::printf("decode: %s\n", std::string(module.status().message()).c_str());
    return 1;
  }
  PrintSummary(*module);
  PrintImports(*module);
  PrintExports(*module);
  const Profile profile =
      profile_name == "spec" ? Profile::Spec() : Profile::Contract();
  absl::StatusOr<ModuleInfo> info = Validate(*module, profile);
  if (!info.ok()) {
    std::printf("validation under the %s profile: %s\n", profile_name.c_str(),
                std::string(info.status().message()).c_str());
    return 1;
  }
  std::printf("validation under the %s profile: ok\n", profile_name.c_str());
  PrintFunctions(*module, *info);
  return 0;
}

}  // namespace dytallix::internal
