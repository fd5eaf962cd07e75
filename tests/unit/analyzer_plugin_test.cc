// External analyzer plugins (dytallix/plugin_abi.h): loading, the copied
// verdict, the time limit, fail-open and fail-closed, and the deployment
// policy with a plugin.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/plugin_analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "state/mem_kv_store.h"
#include "state/state_store.h"
#include "testing/status_matchers.h"
#include "testing/wat.h"

namespace dytallix::testing {
namespace {

using internal::PluginAnalyzer;
using internal::PluginOptions;
using internal::Verdict;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr std::string_view kWat = R"(
  (module (memory (export "memory") 1) (func (export "run")))
)";

std::string PluginPath(std::string_view behaviour) {
  return std::string(ANALYZER_PLUGIN_DIR) + "/libanalyzer_plugin_" +
         std::string(behaviour) + ".so";
}

std::shared_ptr<PluginAnalyzer> Load(
    std::string_view behaviour, bool fail_open = false,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
  auto plugin = PluginAnalyzer::Load({.path = PluginPath(behaviour),
                                      .timeout = timeout,
                                      .fail_open = fail_open});
  EXPECT_OK(plugin.status());
  return plugin.ok() ? *plugin : nullptr;
}

class AnalyzerPluginTest : public ::testing::Test {
 protected:
  AnalyzerPluginTest() {
    const std::vector<uint8_t> wasm = Wasm(kWat);
    wasm_.assign(wasm.begin(), wasm.end());
  }

  absl::StatusOr<Verdict> Analyze(internal::Analyzer& analyzer) {
    return analyzer.Analyze(internal::Module{}, wasm_);
  }

  absl::StatusOr<internal::DeployResult> DeployWith(
      std::shared_ptr<internal::Analyzer> analyzer, uint8_t min_score) {
    state_ = std::move(
                 internal::StateStore::Open(kv_, internal::Profile::Contract()))
                 .value();
    internal::ContractHost runtime(*state_, {.analyzer = std::move(analyzer),
                                             .min_analyzer_score = min_score});
    return runtime.Deploy(
        {.sender = internal::Address{1}, .code = wasm_, .gas_limit = 100'000});
  }

  std::string wasm_;
  internal::MemKvStore kv_;
  std::unique_ptr<internal::StateStore> state_;
};

TEST_F(AnalyzerPluginTest, CopiesThePluginsVerdict) {
  std::shared_ptr<PluginAnalyzer> plugin = Load("ok");
  ASSERT_NE(plugin, nullptr);
  ASSERT_OK_AND_ASSIGN(Verdict verdict, Analyze(*plugin));
  EXPECT_EQ(verdict.score, 90);
  ASSERT_THAT(verdict.findings, SizeIs(2));
  EXPECT_EQ(verdict.findings[0].severity, internal::Severity::kLow);
  EXPECT_EQ(verdict.findings[0].code, "model-note");
  EXPECT_EQ(verdict.findings[0].message, "module size is the offset");
  const internal::CodePlace module_end{
      .function_index = 0, .offset = static_cast<uint32_t>(wasm_.size())};
  EXPECT_EQ(verdict.findings[0].place, module_end);
  // A string filling its array is cut at the array's end; no place.
  EXPECT_EQ(verdict.findings[1].code,
            std::string(DYTALLIX_FINDING_CODE_CAP, 'x'));
  EXPECT_EQ(verdict.findings[1].place, std::nullopt);
  // Same module, same verdict.
  EXPECT_EQ(*Analyze(*plugin), verdict);
}

TEST_F(AnalyzerPluginTest, LoadErrors) {
  EXPECT_THAT(
      PluginAnalyzer::Load({.path = PluginPath("missing")}).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot load")));
  EXPECT_THAT(PluginAnalyzer::Load({.path = PluginPath("no_symbol")}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("dytallix_analyze")));
}

TEST_F(AnalyzerPluginTest, AHangingPluginTimesOutFailClosed) {
  std::shared_ptr<PluginAnalyzer> plugin =
      Load("hang", /*fail_open=*/false, std::chrono::milliseconds(100));
  ASSERT_NE(plugin, nullptr);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(
      Analyze(*plugin).status(),
      StatusIs(absl::StatusCode::kDeadlineExceeded,
               AllOf(HasSubstr("within 100 ms"), HasSubstr("fail-closed"))));
  // The plugin sleeps 2 s; the caller waited only about the time limit.
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(1500));
}

TEST_F(AnalyzerPluginTest, AHangingPluginTimesOutFailOpen) {
  std::shared_ptr<PluginAnalyzer> plugin =
      Load("hang", /*fail_open=*/true, std::chrono::milliseconds(100));
  ASSERT_NE(plugin, nullptr);
  ASSERT_OK_AND_ASSIGN(Verdict verdict, Analyze(*plugin));
  EXPECT_EQ(verdict.score, 100);
  ASSERT_THAT(verdict.findings, SizeIs(1));
  EXPECT_EQ(verdict.findings[0].code, "analyzer-unavailable");
  EXPECT_THAT(verdict.findings[0].message,
              AllOf(HasSubstr("within 100 ms"), HasSubstr("fail-open")));
}

TEST_F(AnalyzerPluginTest, TooManyHungCallsFailAtOnce) {
  // The plugin sleeps 2 s: the first call gives up after 1 s, and the second
  // comes while the plugin still runs. It fails without waiting for its own
  // time limit; the bound is half that limit, so a stalled machine does not
  // cross it.
  ASSERT_OK_AND_ASSIGN(
      auto plugin,
      PluginAnalyzer::Load({.path = PluginPath("hang"),
                            .timeout = std::chrono::milliseconds(1000),
                            .max_running = 1}));
  EXPECT_THAT(Analyze(*plugin).status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(
      Analyze(*plugin).status(),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr("still running")));
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(500));
}

TEST_F(AnalyzerPluginTest, PluginErrorsAndBadResults) {
  EXPECT_THAT(
      Analyze(*Load("fail")).status(),
      StatusIs(absl::StatusCode::kUnavailable,
               AllOf(HasSubstr("returned error 7"), HasSubstr("fail-closed"))));
  EXPECT_THAT(Analyze(*Load("bad")).status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("score 200")));
  ASSERT_OK_AND_ASSIGN(Verdict open,
                       Analyze(*Load("fail", /*fail_open=*/true)));
  EXPECT_EQ(open.score, 100);
  EXPECT_EQ(open.findings.at(0).code, "analyzer-unavailable");
}

TEST_F(AnalyzerPluginTest, DeployRejectsALowPluginScore) {
  EXPECT_THAT(DeployWith(Load("low"), 50).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("scored the module 10"),
                             HasSubstr("high model-risk"))));
  ASSERT_OK_AND_ASSIGN(auto accepted, DeployWith(Load("low"), 10));
  EXPECT_EQ(accepted.verdict.score, 10);
}

TEST_F(AnalyzerPluginTest, DeployWithAHangingPlugin) {
  EXPECT_THAT(DeployWith(Load("hang", false, std::chrono::milliseconds(50)), 0)
                  .status(),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  ASSERT_OK_AND_ASSIGN(
      auto open,
      DeployWith(Load("hang", true, std::chrono::milliseconds(50)), 90));
  EXPECT_EQ(open.verdict.findings.at(0).code, "analyzer-unavailable");
}

}  // namespace
}  // namespace dytallix::testing
