// dytallix run: instantiate a module without imports and call its exports.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/profile.h"
#include "tools/commands.h"
#include "tools/file_util.h"
#include "tools/options.h"
#include "tools/value_text.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

constexpr char kUsage[] =
    "usage: dytallix run FILE.wasm [--profile contract|spec]\n"
    "                   [--gas LIMIT | --no-gas | --count-instructions]\n"
    "                   --invoke NAME [ARGS...] [--invoke NAME [ARGS...]]...\n"
    "Instantiates FILE.wasm (it must have no imports) and calls each export "
    "in\n"
    "order on the same instance. Results print one per line as TYPE:VALUE.\n"
    "ARGS follow the export's parameter types: 42, -7, 1.5, -0, inf,\n"
    "nan:0x7fc00000, or raw bits as 0x3ff8000000000000.\n"
    "The contract profile and gas metering are on by default; the gas limit\n"
    "defaults to 100000000000. Gas used prints on stderr after each call.\n"
    "A start function runs metered too, with a gas limit of its own of the\n"
    "same size: 'gas used (start function): N'.\n"
    "--count-instructions runs without gas and instead counts the\n"
    "WebAssembly instructions each call executes (every instruction, nop,\n"
    "block, loop and end included, once per execution; a callee's count in\n"
    "its caller's; an end skipped by a branch not at all), printing\n"
    "'instructions: N' on stderr in place of 'gas used: N'. It runs slower\n"
    "than a metered run.\n"
    "Exit status: 0 ok, 1 usage or load error, 2 a call trapped.\n";

constexpr uint64_t kDefaultGasLimit = 100'000'000'000;

struct Invocation {
  std::string name;
  std::vector<std::string_view> args;
};

struct RunOptions {
  std::string path;
  Profile profile = Profile::Contract();
  CallOptions call{.metering = true, .gas_limit = kDefaultGasLimit};
  // Meters with GasSchedule::Unit() per instruction, so gas used is the
  // number of instructions executed.
  bool count_instructions = false;
  std::vector<Invocation> invocations;
};

// May echo module names: escaped.
int LoadError(const std::string& what) {
  std::fprintf(stderr, "dytallix run: %s\n", EscapeText(what).c_str());
  return 1;
}

// Parses the command line into `options`; returns an error text or "".
std::string ParseArgs(Args args, RunOptions& options) {
  const Option table[] = {
      {"--invoke",
       "an export name",
       [&options](std::string_view name) {
         options.invocations.push_back({std::string(name), {}});
         return std::string();
       },
       {},
       /*repeatable=*/true},
      {"--gas", "a gas limit", WholeNumberInto(options.call.gas_limit),
       "metering"},
      {"--no-gas", "",
       [&options](std::string_view) {
         options.call.metering = false;
         return std::string();
       },
       "metering"},
      {"--count-instructions", "",
       [&options](std::string_view) {
         options.count_instructions = true;
         // Metered with GasSchedule::Unit() and no limit (RunCommand).
         options.call = {.metering = true, .gas_limit = UINT64_MAX};
         return std::string();
       },
       "metering"},
      {"--profile", "contract or spec",
       [&options](std::string_view name) -> std::string {
         if (name == "spec") {
           options.profile = Profile::Spec();
         } else if (name != "contract") {
           return absl::StrCat("needs contract or spec, got '",
                               std::string(name), "'");
         }
         return "";
       }},
  };
  std::string error =
      ParseOptions(args, table, [&options](std::string_view arg) {
        if (!options.invocations.empty()) {
          options.invocations.back().args.push_back(arg);
        } else if (options.path.empty()) {
          options.path = std::string(arg);
        } else {
          return absl::StrCat("unexpected argument '", std::string(arg), "'");
        }
        return std::string();
      });
  if (!error.empty()) return error;
  if (options.path.empty()) return "missing FILE.wasm";
  if (options.invocations.empty()) return "nothing to --invoke";
  return "";
}

// Runs one invocation; returns false on a trap. `grouped`: several
// invocations share stdout, so a trap is reported there.
absl::StatusOr<bool> RunInvocation(Store& store, Instance& instance,
                                   const RunOptions& options,
                                   const Invocation& invocation, bool grouped) {
  std::optional<Extern> target = instance.FindExport(invocation.name);
  if (!target || target->kind != ExternKind::kFunction) {
    return absl::NotFoundError(
        absl::StrCat("no exported function named '", invocation.name, "'"));
  }
  const FuncType& type = *target->function->type;
  if (invocation.args.size() != type.params.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", invocation.name, "' takes ", type.params.size(),
                     " arguments, got ", invocation.args.size()));
  }
  std::vector<Value> args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    absl::StatusOr<Value> value =
        ParseValue(type.params[i], invocation.args[i]);
    if (!value.ok()) return value.status();
    args.push_back(*value);
  }
  if (grouped) std::printf("invoke %s\n", EscapeText(invocation.name).c_str());
  absl::StatusOr<CallResult> result =
      Call(store, *target->function, args, options.call);
  if (!result.ok()) return result.status();
  if (options.call.metering) {
    std::fprintf(stderr, "%s: %llu\n",
                 options.count_instructions ? "instructions" : "gas used",
                 static_cast<unsigned long long>(result->gas_used));
  }
  if (result->trap) {
    std::fprintf(grouped ? stdout : stderr, "trap: %s\n",
                 TrapText(*result->trap).c_str());
    return false;
  }
  for (const Value& value : result->results) {
    std::printf("%s\n", FormatValue(value).c_str());
  }
  return true;
}

}  // namespace

int RunCommand(Args args) {
  if (WantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  RunOptions options;
  if (std::string error = ParseArgs(args, options); !error.empty()) {
    return UsageError("run", error);
  }
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(options.path);
  if (!bytes.ok()) return LoadError(std::string(bytes.status().message()));
  const GasOptions gas =
      options.count_instructions
          ? GasOptions{.schedule = GasSchedule::Unit(),
                       .metering = GasMetering::kPerInstruction}
          : GasOptions{};
  // One process, a few calls: each function is compiled when first called,
  // from the binary handed over.
  auto module =
      Load(*std::move(bytes), options.profile, gas, Compilation::kOnFirstCall);
  if (!module.ok()) {
    return LoadError(
        absl::StrCat(options.path, ": ", module.status().message()));
  }
  if (const std::vector<Import>& imports = ModuleOf(**module).imports;
      !imports.empty()) {
    return LoadError(absl::StrCat(options.path, " imports ", imports[0].module,
                                  ".", imports[0].name,
                                  "; run provides no imports"));
  }
  Store store(options.profile);
  absl::StatusOr<InstantiateResult> instance =
      Instantiate(store, *module, Linker(), options.call);
  if (!instance.ok())
    return LoadError(std::string(instance.status().message()));
  if (options.call.metering && ModuleOf(**module).start) {
    std::fprintf(stderr, "%s (start function): %llu\n",
                 options.count_instructions ? "instructions" : "gas used",
                 static_cast<unsigned long long>(instance->start_gas_used));
  }
  if (instance->trap) {
    std::fprintf(stderr, "trap: %s (during instantiation)\n",
                 TrapText(*instance->trap).c_str());
    return 2;
  }
  const bool grouped = options.invocations.size() > 1;
  bool trapped = false;
  for (const Invocation& invocation : options.invocations) {
    absl::StatusOr<bool> ok =
        RunInvocation(store, *instance->instance, options, invocation, grouped);
    if (!ok.ok()) return LoadError(std::string(ok.status().message()));
    trapped |= !*ok;
  }
  return trapped ? 2 : 0;
}

}  // namespace dytallix::internal
