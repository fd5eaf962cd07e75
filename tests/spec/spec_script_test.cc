#include "tests/spec/spec_script.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// The shape wast2json 1.0.32 writes, one command of each kind.
constexpr char kScript[] = R"json({"source_filename": "x.wast",
 "commands": [
  {"type": "module", "line": 3, "name": "$M", "filename": "x.0.wasm"},
  {"type": "register", "line": 4, "name": "$M", "as": "reg"},
  {"type": "assert_return", "line": 5,
   "action": {"type": "invoke", "module": "$M", "field": "add",
              "args": [{"type": "i32", "value": "1"},
                       {"type": "externref", "value": "null"}]},
   "expected": [{"type": "f32", "value": "nan:arithmetic"},
                {"type": "i64", "value": "18446744073709551615"}]},
  {"type": "action", "line": 6,
   "action": {"type": "get", "field": "g"}, "expected": []},
  {"type": "assert_trap", "line": 7,
   "action": {"type": "invoke", "field": "div", "args": []},
   "text": "integer divide by zero", "expected": [{"type": "i32"}]},
  {"type": "assert_exhaustion", "line": 8,
   "action": {"type": "invoke", "field": "loop", "args": []},
   "text": "call stack exhausted", "expected": []},
  {"type": "assert_invalid", "line": 9, "filename": "x.1.wasm",
   "text": "type mismatch", "module_type": "binary"},
  {"type": "assert_malformed", "line": 10, "filename": "x.2.wat",
   "text": "unknown operator", "module_type": "text"},
  {"type": "assert_unlinkable", "line": 11, "filename": "x.3.wasm",
   "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 12, "filename": "x.4.wasm",
   "text": "unreachable", "module_type": "binary"}
 ]})json";

SpecScript ParsedScript() {
  absl::StatusOr<SpecScript> script = ParseSpecScript(kScript);
  EXPECT_THAT(script, IsOk());
  return script.value_or(SpecScript{});
}

TEST(ParseSpecScriptTest, ReadsEveryCommandType) {
  const SpecScript script = ParsedScript();
  EXPECT_EQ(script.source_filename, "x.wast");
  ASSERT_THAT(script.commands, SizeIs(10));
  const CommandType types[] = {
      CommandType::kModule,           CommandType::kRegister,
      CommandType::kAssertReturn,     CommandType::kAction,
      CommandType::kAssertTrap,       CommandType::kAssertExhaustion,
      CommandType::kAssertInvalid,    CommandType::kAssertMalformed,
      CommandType::kAssertUnlinkable, CommandType::kAssertUninstantiable};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(script.commands[i].type, types[i]) << i;
    EXPECT_EQ(script.commands[i].line, i + 3);
  }
}

TEST(ParseSpecScriptTest, ReadsModuleAndRegister) {
  const SpecScript script = ParsedScript();
  EXPECT_EQ(script.commands[0].name, "$M");
  EXPECT_EQ(script.commands[0].filename, "x.0.wasm");
  EXPECT_EQ(script.commands[1].name, "$M");
  EXPECT_EQ(script.commands[1].as, "reg");
}

TEST(ParseSpecScriptTest, ReadsActionsAndTypedExpectations) {
  const SpecScript script = ParsedScript();
  const Command& command = script.commands[2];
  ASSERT_TRUE(command.action.has_value());
  EXPECT_EQ(command.action->kind, Action::Kind::kInvoke);
  EXPECT_EQ(command.action->module, "$M");
  EXPECT_EQ(command.action->field, "add");
  ASSERT_THAT(command.action->args, SizeIs(2));
  EXPECT_EQ(command.action->args[0], (SpecValue{ValType::kI32, 1, false}));
  EXPECT_EQ(command.action->args[1], (SpecValue{ValType::kExternRef, 0, true}));
  ASSERT_THAT(command.expected, SizeIs(2));
  EXPECT_EQ(command.expected[0].kind, Expectation::Kind::kArithmeticNan);
  EXPECT_EQ(command.expected[0].value.type, ValType::kF32);
  EXPECT_EQ(command.expected[1].value.bits, ~uint64_t{0});
}

TEST(ParseSpecScriptTest, ReadsGetWithoutModule) {
  const SpecScript script = ParsedScript();
  const Command& command = script.commands[3];
  ASSERT_TRUE(command.action.has_value());
  EXPECT_EQ(command.action->kind, Action::Kind::kGet);
  EXPECT_EQ(command.action->module, "");
  EXPECT_EQ(command.action->field, "g");
}

TEST(ParseSpecScriptTest, ReadsTrapTextAndModuleAssertions) {
  const SpecScript script = ParsedScript();
  EXPECT_EQ(script.commands[4].text, "integer divide by zero");
  EXPECT_EQ(script.commands[6].filename, "x.1.wasm");
  EXPECT_FALSE(script.commands[6].text_module);
  EXPECT_TRUE(script.commands[7].text_module);
  EXPECT_EQ(script.commands[8].text, "unknown import");
}

TEST(ParseSpecScriptTest, RejectsBrokenJson) {
  EXPECT_THAT(ParseSpecScript("{\"commands\": ["),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseSpecScript("[]"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseSpecScriptTest, ErrorsNameTheLine) {
  EXPECT_THAT(
      ParseSpecScript(
          R"({"commands": [{"type": "assert_bogus", "line": 42}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("line 42: unknown command type 'assert_bogus'")));
  EXPECT_THAT(
      ParseSpecScript(R"({"commands": [{"type": "assert_return", "line": 9,
          "action": {"type": "invoke", "field": "f",
                     "args": [{"type": "i32", "value": "x"}]},
          "expected": []}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("line 9: bad i32")));
  EXPECT_THAT(
      ParseSpecScript(R"({"commands": [{"type": "module", "line": 2}]})"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("line 2: missing string field 'filename'")));
}

}  // namespace
}  // namespace dytallix::internal
