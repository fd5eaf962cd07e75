// dytallix inspect: what a module holds, whether it passes validation, what
// the built-in analyzer makes of it and, on request, its instructions.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "analyzer/analyzer.h"
#include "analyzer/static_analysis.h"
#include "base/profile.h"
#include "decoder/decoder.h"
#include "tools/commands.h"
#include "tools/file_util.h"
#include "tools/inspection.h"
#include "tools/options.h"
#include "tools/value_text.h"
#include "validator/validator.h"

namespace dytallix::internal {
namespace {

constexpr char kUsage[] =
    "usage: dytallix inspect FILE.wasm [--profile contract|spec] "
    "[--disassemble] [--json]\n"
    "Decodes and validates FILE.wasm (default: the contract profile), runs\n"
    "the built-in static analyzer on it and prints its imports, exports,\n"
    "per-function facts and the analyzer's score and findings (each at a\n"
    "function and byte offset in the module binary).\n"
    "  --profile P     the limits to validate and analyze under\n"
    "  --disassemble   list each function's instructions with their offsets\n"
    "  --json          print one JSON object instead of text\n"
    "Exit status: 0 valid, 1 usage error, unreadable, malformed or invalid\n"
    "module (what was decoded is still printed).\n";

struct InspectOptions {
  std::string path;
  std::string profile_name = "contract";
  bool disassemble = false;
  bool json = false;
};

// Returns "" or the usage error.
std::string ParseInspectOptions(Args args, InspectOptions& options) {
  const Option table[] = {
      {"--profile", "contract or spec",
       [&options](std::string_view name) -> std::string {
         if (name != "contract" && name != "spec") {
           return absl::StrCat("needs contract or spec, got '",
                               std::string(name), "'");
         }
         options.profile_name = std::string(name);
         return "";
       }},
      {"--disassemble", "",
       [&options](std::string_view) {
         options.disassemble = true;
         return std::string();
       }},
      {"--json", "",
       [&options](std::string_view) {
         options.json = true;
         return std::string();
       }},
  };
  std::string error =
      ParseOptions(args, table, [&options](std::string_view arg) {
        if (!options.path.empty()) {
          return absl::StrCat("unexpected argument '", std::string(arg), "'");
        }
        options.path = std::string(arg);
        return std::string();
      });
  if (error.empty() && options.path.empty()) return "missing FILE.wasm";
  return error;
}

// Decodes, validates and analyzes as far as each stage succeeds.
Inspection Inspect(const InspectOptions& options,
                   const std::vector<uint8_t>& bytes) {
  Inspection inspection;
  inspection.path = options.path;
  inspection.size_bytes = bytes.size();
  inspection.profile_name = options.profile_name;
  inspection.disassemble = options.disassemble;
  inspection.module = Decode(bytes);
  if (!inspection.module.ok()) return inspection;
  const Profile profile =
      options.profile_name == "spec" ? Profile::Spec() : Profile::Contract();
  inspection.validation = Validate(*inspection.module, profile);
  if (!inspection.validation->ok()) return inspection;
  std::vector<Finding> findings = StaticFindings(*inspection.module, profile);
  const uint8_t score = ScoreOf(findings);
  inspection.verdict = Verdict{.score = score, .findings = std::move(findings)};
  return inspection;
}

}  // namespace

int InspectCommand(Args args) {
  if (WantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  InspectOptions options;
  if (std::string error = ParseInspectOptions(args, options); !error.empty()) {
    return UsageError("inspect", error);
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(options.path);
  if (!bytes.ok()) {
    std::fprintf(stderr, "dytallix inspect: %s\n",
                 EscapeText(std::string(bytes.status().message())).c_str());
    return 1;
  }
  const Inspection inspection = Inspect(options, *bytes);
  if (options.json) {
    PrintInspectionJson(inspection);
  } else {
    PrintInspectionText(inspection);
  }
  return inspection.verdict ? 0 : 1;
}

}  // namespace dytallix::internal
