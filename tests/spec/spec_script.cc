#include "tests/spec/spec_script.h"

#include <array>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "nlohmann/json.hpp"

namespace dytallix::internal {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, CommandType>, 10>
    kCommandNames = {{
        {"module", CommandType::kModule},
        {"register", CommandType::kRegister},
        {"action", CommandType::kAction},
        {"assert_return", CommandType::kAssertReturn},
        {"assert_trap", CommandType::kAssertTrap},
        {"assert_exhaustion", CommandType::kAssertExhaustion},
        {"assert_invalid", CommandType::kAssertInvalid},
        {"assert_malformed", CommandType::kAssertMalformed},
        {"assert_unlinkable", CommandType::kAssertUnlinkable},
        {"assert_uninstantiable", CommandType::kAssertUninstantiable},
    }};

absl::StatusOr<CommandType> ParseCommandType(std::string_view name) {
  for (const auto& [spelling, type] : kCommandNames) {
    if (spelling == name) return type;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command type '", std::string(name), "'"));
}

// nlohmann's typed getters abort on a type mismatch when built without
// exceptions, so every access checks the type first.
absl::StatusOr<std::string> StringField(const Json& object,
                                        std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing string field '", std::string(key), "'"));
  }
  return it->get<std::string>();
}

std::string OptionalStringField(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

absl::StatusOr<const Json*> ArrayField(const Json& object,
                                       std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing array field '", std::string(key), "'"));
  }
  return &*it;
}

absl::StatusOr<SpecValue> ParseValueObject(const Json& object) {
  DYT_ASSIGN_OR_RETURN(std::string type, StringField(object, "type"));
  DYT_ASSIGN_OR_RETURN(std::string value, StringField(object, "value"));
  return ParseSpecValue(type, value);
}

absl::StatusOr<Expectation> ParseExpectationObject(const Json& object) {
  DYT_ASSIGN_OR_RETURN(std::string type, StringField(object, "type"));
  DYT_ASSIGN_OR_RETURN(std::string value, StringField(object, "value"));
  return ParseExpectation(type, value);
}

absl::StatusOr<Action> ParseAction(const Json& command) {
  const auto it = command.find("action");
  if (it == command.end() || !it->is_object()) {
    return absl::InvalidArgumentError("missing object field 'action'");
  }
  const Json& object = *it;
  Action action;
  DYT_ASSIGN_OR_RETURN(std::string kind, StringField(object, "type"));
  if (kind != "invoke" && kind != "get") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown action type '", kind, "'"));
  }
  action.kind = kind == "invoke" ? Action::Kind::kInvoke : Action::Kind::kGet;
  action.module = OptionalStringField(object, "module");
  DYT_ASSIGN_OR_RETURN(action.field, StringField(object, "field"));
  if (action.kind == Action::Kind::kGet) return action;
  DYT_ASSIGN_OR_RETURN(const Json* args, ArrayField(object, "args"));
  for (const Json& arg : *args) {
    DYT_ASSIGN_OR_RETURN(SpecValue value, ParseValueObject(arg));
    action.args.push_back(value);
  }
  return action;
}

absl::StatusOr<std::vector<Expectation>> ParseExpected(const Json& command) {
  DYT_ASSIGN_OR_RETURN(const Json* expected, ArrayField(command, "expected"));
  std::vector<Expectation> result;
  for (const Json& value : *expected) {
    DYT_ASSIGN_OR_RETURN(Expectation expectation,
                         ParseExpectationObject(value));
    result.push_back(expectation);
  }
  return result;
}

// The fields of assert_invalid/malformed/unlinkable/uninstantiable.
absl::Status ParseModuleAssertion(const Json& object, Command& command) {
  DYT_ASSIGN_OR_RETURN(command.filename, StringField(object, "filename"));
  DYT_ASSIGN_OR_RETURN(command.text, StringField(object, "text"));
  DYT_ASSIGN_OR_RETURN(std::string module_type,
                       StringField(object, "module_type"));
  if (module_type != "binary" && module_type != "text") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown module_type '", module_type, "'"));
  }
  command.text_module = module_type == "text";
  return absl::OkStatus();
}

absl::Status ParseFields(const Json& object, Command& command) {
  switch (command.type) {
    case CommandType::kModule: {
      command.name = OptionalStringField(object, "name");
      DYT_ASSIGN_OR_RETURN(command.filename, StringField(object, "filename"));
      return absl::OkStatus();
    }
    case CommandType::kRegister: {
      command.name = OptionalStringField(object, "name");
      DYT_ASSIGN_OR_RETURN(command.as, StringField(object, "as"));
      return absl::OkStatus();
    }
    case CommandType::kAction:
    case CommandType::kAssertReturn: {
      DYT_ASSIGN_OR_RETURN(command.action, ParseAction(object));
      DYT_ASSIGN_OR_RETURN(command.expected, ParseExpected(object));
      return absl::OkStatus();
    }
    case CommandType::kAssertTrap:
    case CommandType::kAssertExhaustion: {
      DYT_ASSIGN_OR_RETURN(command.action, ParseAction(object));
      DYT_ASSIGN_OR_RETURN(command.text, StringField(object, "text"));
      return absl::OkStatus();
    }
    case CommandType::kAssertInvalid:
    case CommandType::kAssertMalformed:
    case CommandType::kAssertUnlinkable:
    case CommandType::kAssertUninstantiable:
      return ParseModuleAssertion(object, command);
  }
  return absl::InternalError("unhandled command type");
}

absl::StatusOr<Command> ParseCommand(const Json& object) {
  if (!object.is_object()) {
    return absl::InvalidArgumentError("a command is not a JSON object");
  }
  const auto line = object.find("line");
  if (line == object.end() || !line->is_number_integer()) {
    return absl::InvalidArgumentError("a command has no line number");
  }
  Command command;
  command.line = line->get<int>();
  absl::Status status = [&]() -> absl::Status {
    DYT_ASSIGN_OR_RETURN(std::string type, StringField(object, "type"));
    DYT_ASSIGN_OR_RETURN(command.type, ParseCommandType(type));
    return ParseFields(object, command);
  }();
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", command.line, ": ", status.message()));
  }
  return command;
}

}  // namespace

std::string_view CommandTypeName(CommandType type) {
  for (const auto& [spelling, t] : kCommandNames) {
    if (t == type) return spelling;
  }
  return "?";
}

absl::StatusOr<SpecScript> ParseSpecScript(std::string_view json_text) {
  const Json document =
      Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  SpecScript script;
  script.source_filename = OptionalStringField(document, "source_filename");
  DYT_ASSIGN_OR_RETURN(const Json* commands, ArrayField(document, "commands"));
  for (const Json& object : *commands) {
    DYT_ASSIGN_OR_RETURN(Command command, ParseCommand(object));
    script.commands.push_back(std::move(command));
  }
  return script;
}

}  // namespace dytallix::internal
