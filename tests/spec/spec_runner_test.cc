#include "tests/spec/spec_runner.h"

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/spec/test_modules.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SpecRunnerTest : public ::testing::Test {
 protected:
  SpecRunnerTest()
      : dir_(std::filesystem::path(::testing::TempDir()) /
             ("spec_runner_test_" + std::to_string(getpid()))) {
    std::filesystem::create_directories(dir_);
    Write("empty.wasm", test_modules::kEmpty);
    Write("invalid.wasm", test_modules::kInvalid);
    Write("malformed.wasm", test_modules::kMalformed);
    Write("calc.wasm", test_modules::kCalc);
  }
  ~SpecRunnerTest() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::vector<uint8_t>& bytes) {
    std::ofstream file(dir_ / name, std::ios::binary);
    file.write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }

  FileReport Run(std::vector<Command> commands,
                 RunMode mode = RunMode::kUnmetered) {
    return RunSpecScript("x.wast", SpecScript{"x.wast", std::move(commands)},
                         dir_, mode);
  }

  const std::filesystem::path dir_;
};

Command ModuleCommand(CommandType type, int line, std::string filename) {
  Command command;
  command.type = type;
  command.line = line;
  command.filename = std::move(filename);
  return command;
}

TEST_F(SpecRunnerTest, PassesWhatTheSpecExpects) {
  const FileReport report =
      Run({ModuleCommand(CommandType::kModule, 1, "empty.wasm"),
           ModuleCommand(CommandType::kAssertInvalid, 2, "invalid.wasm"),
           ModuleCommand(CommandType::kAssertMalformed, 3, "malformed.wasm"),
           ModuleCommand(CommandType::kAssertInvalid, 4, "malformed.wasm")});
  EXPECT_EQ(report.passed, 4);
  EXPECT_EQ(report.failed, 0);
  EXPECT_TRUE(report.failures.empty());
}

TEST_F(SpecRunnerTest, FailureLinesNameFileLineAndCommand) {
  const FileReport report =
      Run({ModuleCommand(CommandType::kModule, 10, "invalid.wasm"),
           ModuleCommand(CommandType::kAssertInvalid, 20, "empty.wasm"),
           ModuleCommand(CommandType::kAssertMalformed, 30, "empty.wasm"),
           ModuleCommand(CommandType::kModule, 40, "missing.wasm")});
  EXPECT_EQ(report.passed, 0);
  EXPECT_EQ(report.failed, 4);
  EXPECT_THAT(
      report.failures,
      ElementsAre(
          HasSubstr("x.wast:10: module: invalid.wasm: rejected a valid module"),
          HasSubstr("x.wast:20: assert_invalid: empty.wasm: accepted a module"),
          HasSubstr("x.wast:30: assert_malformed: empty.wasm: accepted"),
          HasSubstr("x.wast:40: module: missing.wasm: cannot read")));
}

TEST_F(SpecRunnerTest, TextModulesAreSkippedAndSaySo) {
  Command text = ModuleCommand(CommandType::kAssertMalformed, 5, "x.1.wat");
  text.text_module = true;
  const FileReport report = Run({text});
  EXPECT_EQ(report.skipped, 1);
  EXPECT_EQ(report.passed + report.failed, 0);
  EXPECT_THAT(report.notes, ElementsAre(HasSubstr("skipped 1 assert_malformed "
                                                  "in text form")));
}

Command Invoke(CommandType type, int line, std::string field,
               std::vector<SpecValue> args) {
  Command command;
  command.type = type;
  command.line = line;
  command.action =
      Action{Action::Kind::kInvoke, "", std::move(field), std::move(args)};
  return command;
}

SpecValue I32(uint32_t value) { return {ValType::kI32, value, false}; }

TEST_F(SpecRunnerTest, RunsActionsAgainstTheCurrentModule) {
  Command returns_3 =
      Invoke(CommandType::kAssertReturn, 2, "add", {I32(1), I32(2)});
  returns_3.expected = {{Expectation::Kind::kExact, I32(3)}};
  Command returns_4 = returns_3;
  returns_4.line = 3;
  returns_4.expected = {{Expectation::Kind::kExact, I32(4)}};
  Command traps = Invoke(CommandType::kAssertTrap, 4, "trap", {});
  traps.text = "unreachable";
  const FileReport report =
      Run({ModuleCommand(CommandType::kModule, 1, "calc.wasm"), returns_3,
           returns_4, traps});
  EXPECT_EQ(report.passed, 3);
  EXPECT_THAT(report.failures,
              ElementsAre(HasSubstr("x.wast:3: assert_return: result 0: "
                                    "expected i32:4 (0x4), got i32:3")));
}

TEST_F(SpecRunnerTest, GasEqualityRunsBothModesAndComparesEveryCall) {
  Command returns_3 =
      Invoke(CommandType::kAssertReturn, 2, "add", {I32(1), I32(2)});
  returns_3.expected = {{Expectation::Kind::kExact, I32(3)}};
  Command traps = Invoke(CommandType::kAssertTrap, 3, "trap", {});
  traps.text = "unreachable";
  const FileReport report = Run(
      {ModuleCommand(CommandType::kModule, 1, "calc.wasm"), returns_3, traps,
       ModuleCommand(CommandType::kAssertInvalid, 4, "invalid.wasm")},
      RunMode::kGasEquality);
  EXPECT_EQ(report.passed, 4);
  EXPECT_THAT(report.failures, ElementsAre());
  EXPECT_EQ(report.gas.equal_gas, 1);  // add
  EXPECT_EQ(report.gas.traps, 1);      // trap
  EXPECT_EQ(report.gas.unmetered, 1);  // the instantiation
}

TEST_F(SpecRunnerTest, GasEqualityFailuresNameTheMode) {
  Command returns_4 =
      Invoke(CommandType::kAssertReturn, 2, "add", {I32(1), I32(2)});
  returns_4.expected = {{Expectation::Kind::kExact, I32(4)}};
  const FileReport report =
      Run({ModuleCommand(CommandType::kModule, 1, "calc.wasm"), returns_4},
          RunMode::kGasEquality);
  EXPECT_THAT(report.failures,
              ElementsAre(HasSubstr("x.wast:2: assert_return: per block: "
                                    "result 0: expected i32:4")));
}

}  // namespace
}  // namespace dytallix::internal
