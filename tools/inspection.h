// What `dytallix inspect` learns about a module, and its two printers: text
// for people and one JSON object (--json) for tools. Both print the same
// facts.
#ifndef DYTALLIX_TOOLS_INSPECTION_H_
#define DYTALLIX_TOOLS_INSPECTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/verdict.h"
#include "decoder/module.h"
#include "validator/validator.h"

namespace dytallix::internal {

// Each stage is there only if the one before it succeeded: a module that
// does not decode has no validation, an invalid one no verdict.
struct Inspection {
  std::string path;
  size_t size_bytes = 0;
  std::string profile_name;  // "contract" or "spec"
  absl::StatusOr<Module> module = absl::UnknownError("not decoded");
  std::optional<absl::StatusOr<ModuleInfo>> validation;
  // The built-in static analyzer's score and all its findings (a deployed
  // contract's recorded verdict keeps only the first kMaxRecordedFindings).
  std::optional<Verdict> verdict;
  bool disassemble = false;  // list each defined function's instructions
};

// "(i32, i64) -> (f32)".
std::string TypeString(const FuncType& type);

// The names each function (module index space) is exported under.
std::map<uint32_t, std::vector<std::string>> FunctionExportNames(
    const Module& module);

// The max stack height of defined function `defined_index`, if validated.
std::optional<uint32_t> MaxStackHeight(const Inspection& inspection,
                                       size_t defined_index);

// On stdout.
void PrintInspectionText(const Inspection& inspection);
void PrintInspectionJson(const Inspection& inspection);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_INSPECTION_H_
