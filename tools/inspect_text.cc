// The text form of an Inspection. Every string from the module or the
// command line is printed through EscapeText: one fact, one line.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "analyzer/analyzer.h"
#include "base/place.h"
#include "tools/inspection.h"
#include "tools/value_text.h"
#include "tools/wasm_listing.h"

namespace dytallix::internal {
namespace {

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
                EscapeText(import.module).c_str(),
                EscapeText(import.name).c_str(), detail.c_str());
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
                EscapeText(e.name).c_str(), detail.c_str());
  }
}

void PrintListing(const Function& function) {
  ForEachListingLine(function, [](const ListingLine& line) {
    std::printf("    0x%06x  %*s%s\n", line.offset, 2 * line.depth, "",
                line.text.c_str());
  });
}

// "function 3 increment () -> (): 12 instructions, 0 locals, 30 bytes at
// 0x5e, max stack 2", and the listing if asked for.
void PrintFunctions(const Inspection& inspection) {
  const Module& module = *inspection.module;
  if (module.functions.empty()) return;
  const auto exported = FunctionExportNames(module);
  std::printf("functions:\n");
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const Function& f = module.functions[i];
    const uint32_t index =
        module.NumImportedFunctions() + static_cast<uint32_t>(i);
    std::string head = absl::StrCat("function ", index);
    if (auto it = exported.find(index); it != exported.end()) {
      absl::StrAppend(&head, " ",
                      absl::StrJoin(it->second, ", ",
                                    [](std::string* out, const std::string& s) {
                                      out->append(EscapeText(s));
                                    }));
    }
    if (f.type_index < module.types.size()) {
      absl::StrAppend(&head, " ", TypeString(module.types[f.type_index]));
    }
    absl::StrAppend(&head, ": ", f.code.size(), " instructions, ", f.num_locals,
                    " locals, ", f.body_size, " bytes at 0x",
                    absl::Hex(f.body_offset));
    if (std::optional<uint32_t> stack = MaxStackHeight(inspection, i)) {
      absl::StrAppend(&head, ", max stack ", *stack);
    }
    std::printf("  %s\n", head.c_str());
    if (inspection.disassemble) PrintListing(f);
  }
}

void PrintVerdict(const Verdict& verdict) {
  std::printf("analyzer: score %u, %zu finding(s)\n", verdict.score,
              verdict.findings.size());
  for (const Finding& f : verdict.findings) {
    std::string place =
        f.place ? absl::StrCat(" [", PlaceText(*f.place), "]") : "";
    std::printf("  %s %s%s: %s\n",
                std::string(SeverityName(f.severity)).c_str(),
                EscapeText(f.code).c_str(), EscapeText(place).c_str(),
                EscapeText(f.message).c_str());
  }
}

}  // namespace

void PrintInspectionText(const Inspection& inspection) {
  std::printf("%s: %zu bytes\n", EscapeText(inspection.path).c_str(),
              inspection.size_bytes);
  if (!inspection.module.ok()) {
    std::printf(
        "decode: %s\n",
        EscapeText(std::string(inspection.module.status().message())).c_str());
    return;
  }
  PrintSummary(*inspection.module);
  PrintImports(*inspection.module);
  PrintExports(*inspection.module);
  const absl::Status& valid = inspection.validation->status();
  const std::string result =
      valid.ok() ? "ok" : EscapeText(std::string(valid.message()));
  std::printf("validation under the %s profile: %s\n",
              inspection.profile_name.c_str(), result.c_str());
  PrintFunctions(inspection);
  if (inspection.verdict) PrintVerdict(*inspection.verdict);
}

}  // namespace dytallix::internal
