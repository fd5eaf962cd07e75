#include "tests/spec/isolated_run.h"

#include <cstdlib>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Command AssertTrapAtLine(int line) {
  Command command;
  command.type = CommandType::kAssertTrap;
  command.line = line;
  return command;
}

TEST(RunIsolatedTest, ReturnsTheChildsCounts) {
  const FileReport report =
      RunIsolated("x.wast", [](const CommandObserver& started) {
        started(AssertTrapAtLine(1), FileReport{});
        FileReport counts;
        counts.passed = 3;
        counts.failed = 2;
        counts.skipped = 1;
        counts.gas = {.equal_gas = 40, .traps = 5, .unmetered = 6};
        return counts;
      });
  EXPECT_EQ(report.name, "x.wast");
  EXPECT_EQ(report.passed, 3);
  EXPECT_EQ(report.failed, 2);
  EXPECT_EQ(report.skipped, 1);
  EXPECT_EQ(report.gas.equal_gas, 40);
  EXPECT_EQ(report.gas.traps, 5);
  EXPECT_EQ(report.gas.unmetered, 6);
  EXPECT_THAT(report.failures, IsEmpty());
}

TEST(RunIsolatedTest, ACrashKeepsTheCountsAndNamesTheCommandThatRan) {
  const FileReport report =
      RunIsolated("x.wast", [](const CommandObserver& started) -> FileReport {
        FileReport so_far;
        so_far.passed = 4;
        so_far.skipped = 2;
        started(AssertTrapAtLine(7), so_far);
        so_far.passed = 5;
        started(AssertTrapAtLine(9), so_far);
        std::abort();
      });
  EXPECT_EQ(report.passed, 5);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.skipped, 2);
  EXPECT_THAT(report.failures,
              ElementsAre("x.wast:9: assert_trap: crashed (signal 6: "
                          "Aborted); the file's later commands did not run"));
}

}  // namespace
}  // namespace dytallix::internal
