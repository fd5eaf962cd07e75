// SpecScript: the command list of one converted .wast file (the JSON that
// `wast2json FILE.wast -o FILE.json` writes), as typed data.
//
// Every command is parsed completely, including the actions and expected
// values of the commands that need execution, so a malformed script is
// reported as such and never silently counted.
//
// Thread-safe: pure functions.
#ifndef DYTALLIX_TESTS_SPEC_SPEC_SCRIPT_H_
#define DYTALLIX_TESTS_SPEC_SPEC_SCRIPT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/spec/spec_value.h"

namespace dytallix::internal {

enum class CommandType {
  kModule,                // instantiate a module; it becomes the current one
  kRegister,              // make a module's exports importable under `as`
  kAction,                // a bare invoke/get whose result is not checked
  kAssertReturn,          // an action whose results must meet `expected`
  kAssertTrap,            // an action that must trap with `text`
  kAssertExhaustion,      // an action that must exhaust the call stack
  kAssertInvalid,         // a module that must fail validation
  kAssertMalformed,       // a module that must fail decoding
  kAssertUnlinkable,      // a module whose imports must fail to resolve
  kAssertUninstantiable,  // a module whose instantiation must trap
};

// The JSON spelling, e.g. "assert_return".
std::string_view CommandTypeName(CommandType type);

// An invoke of an exported function or a get of an exported global.
struct Action {
  enum class Kind { kInvoke, kGet };
  Kind kind = Kind::kInvoke;
  std::string module;           // a module's $name; empty: the current module
  std::string field;            // the export's name (any UTF-8, may be empty)
  std::vector<SpecValue> args;  // kInvoke only
};

struct Command {
  CommandType type = CommandType::kModule;
  int line = 0;  // in the .wast source
  // kModule: the module's $name (may be empty). kRegister: the registered
  // module's $name; empty means the current module.
  std::string name;
  std::string as;            // kRegister: the import module name it gets
  std::string filename;      // module commands: the file beside the JSON
  bool text_module = false;  // module_type "text": a .wat, not a binary
  std::string text;          // assert_*: the reason the spec expects
  std::optional<Action> action;
  // kAssertReturn (and kAction): what each result must be. Assertions that
  // expect a trap list only result types; those are not kept.
  std::vector<Expectation> expected;
};

struct SpecScript {
  std::string source_filename;
  std::vector<Command> commands;
};

// Parses a wast2json JSON document. Errors name the command's line.
absl::StatusOr<SpecScript> ParseSpecScript(std::string_view json_text);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_SPEC_SCRIPT_H_
