// dytallix::Runtime, the public C++ API: requests, transaction indexes,
// gas estimation, events, contract records, digests, concurrency, the
// analyzer settings.
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "dytallix/hex.h"
#include "dytallix/runtime.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/host_matchers.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix {
namespace {

using ::dytallix::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

int64_t Count(const std::string& output) {
  int64_t count = 0;
  EXPECT_EQ(output.size(), sizeof(count));
  std::memcpy(&count, output.data(), sizeof(count));
  return count;
}

std::unique_ptr<Runtime> OpenOrDie(const Config& config) {
  absl::StatusOr<std::unique_ptr<Runtime>> runtime = Runtime::Open(config);
  EXPECT_TRUE(runtime.ok()) << runtime.status();
  return *std::move(runtime);
}

Address DeployCounter(Runtime& runtime, uint8_t sender_byte = 1) {
  DeployRequest request{.code = testing::Contract("counter")};
  request.sender.fill(sender_byte);
  absl::StatusOr<DeployResult> deployed = runtime.Deploy(request);
  EXPECT_TRUE(deployed.ok()) << deployed.status();
  EXPECT_TRUE(deployed->init.ok());
  return deployed->address;
}

TEST(ApiRuntimeTest, CallCommitsAndQueryReads) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);
  ASSERT_OK_AND_ASSIGN(
      auto called, runtime->Call({.contract = counter, .method = "increment"}));
  EXPECT_EQ(called.status, CallStatus::kOk);
  EXPECT_EQ(Count(called.output), 1);
  EXPECT_GT(called.gas_used, 0u);
  EXPECT_THAT(called.events, ElementsAre(Field(&Event::topic, "incremented")));
  ASSERT_OK_AND_ASSIGN(auto queried,
                       runtime->Query({.contract = counter, .method = "get"}));
  EXPECT_EQ(Count(queried.output), 1);
}

// The gas of each folded-stack line of `profile`, added up.
uint64_t ProfileTotal(const std::string& profile) {
  uint64_t total = 0;
  for (absl::string_view line :
       absl::StrSplit(profile, '\n', absl::SkipEmpty())) {
    uint64_t gas = 0;
    EXPECT_TRUE(absl::SimpleAtoi(line.substr(line.rfind(' ') + 1), &gas))
        << line;
    total += gas;
  }
  return total;
}

TEST(ApiRuntimeTest, GasProfileAddsUpToTheGasUsed) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);
  ASSERT_OK_AND_ASSIGN(auto profiled, runtime->Call({.contract = counter,
                                                     .method = "increment",
                                                     .gas_profile = true}));
  EXPECT_EQ(ProfileTotal(profiled.gas_profile), profiled.gas_used);
  EXPECT_THAT(profiled.gas_profile, HasSubstr("increment;env.storage_set "));
  // Profiling changes nothing: the same query, profiled or not.
  auto plain = runtime->Query({.contract = counter, .method = "get"});
  auto queried = runtime->Query(
      {.contract = counter, .method = "get", .gas_profile = true});
  ASSERT_TRUE(plain.ok() && queried.ok());
  EXPECT_EQ(plain->gas_profile, "");
  EXPECT_EQ(queried->gas_used, plain->gas_used);
  EXPECT_EQ(queried->output, plain->output);
  EXPECT_EQ(ProfileTotal(queried->gas_profile), queried->gas_used);
}

TEST(ApiRuntimeTest, EachCommittingRequestTakesTheNextTxIndex) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);  // block 0, index 0
  for (uint32_t want = 1; want <= 3; ++want) {
    ASSERT_OK_AND_ASSIGN(auto called, runtime->Call({.contract = counter,
                                                     .method = "increment"}));
    EXPECT_EQ(called.tx_index, want);
    EXPECT_EQ(called.events[0].tx_index, want);
  }
  ASSERT_OK_AND_ASSIGN(auto next_block,
                       runtime->Call({.contract = counter,
                                      .method = "increment",
                                      .block = {.number = 7}}));
  EXPECT_EQ(next_block.tx_index, 0u);
}

TEST(ApiRuntimeTest, ReopenedDatabaseContinuesAfterTheLastTxIndex) {
  testing::TempDir dir;
  Address counter;
  {
    auto runtime = OpenOrDie(
        {.db_path = dir.Path(), .open_mode = OpenMode::kCreateIfMissing});
    counter = DeployCounter(*runtime);
    ASSERT_TRUE(
        runtime->Call({.contract = counter, .method = "increment"}).ok());
  }
  auto runtime = OpenOrDie({.db_path = dir.Path()});
  ASSERT_OK_AND_ASSIGN(
      auto called, runtime->Call({.contract = counter, .method = "increment"}));
  EXPECT_EQ(Count(called.output), 2);
  EXPECT_EQ(called.tx_index, 2u);
}

TEST(ApiRuntimeTest, QueryOfMissingDirCreatesNothing) {
  testing::TempDir dir;
  const std::string missing = dir.Path() + "/typo";
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    EXPECT_THAT(Runtime::Open({.db_path = missing, .open_mode = mode}),
                StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
    EXPECT_FALSE(std::filesystem::exists(missing));
  }
}

TEST(ApiRuntimeTest, ReadOnlyRuntimeReadsBesideAWriterAndCannotCommit) {
  testing::TempDir dir;
  auto writer = OpenOrDie(
      {.db_path = dir.Path(), .open_mode = OpenMode::kCreateIfMissing});
  const Address counter = DeployCounter(*writer);
  ASSERT_TRUE(writer->Call({.contract = counter, .method = "increment"}).ok());
  auto reader =
      OpenOrDie({.db_path = dir.Path(), .open_mode = OpenMode::kReadOnly});
  ASSERT_OK_AND_ASSIGN(auto got,
                       reader->Query({.contract = counter, .method = "get"}));
  EXPECT_EQ(Count(got.output), 1);
  EXPECT_EQ(reader->StateDigest(), writer->StateDigest());
  EXPECT_THAT(
      reader->Call({.contract = counter, .method = "increment"}),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("read-only")));
  EXPECT_THAT(reader->Deploy({.code = testing::Contract("counter")}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(ApiRuntimeTest, ReadOnlyWithoutADatabaseIsInvalid) {
  EXPECT_THAT(Runtime::Open({.open_mode = OpenMode::kReadOnly}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ApiRuntimeTest, EstimateGasRunsWritesButCommitsNothing) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);
  const Hash before = runtime->StateDigest();
  ASSERT_OK_AND_ASSIGN(
      auto estimate,
      runtime->EstimateGas({.contract = counter, .method = "increment"}));
  EXPECT_EQ(estimate.status, CallStatus::kOk);
  EXPECT_EQ(runtime->StateDigest(), before);
  ASSERT_OK_AND_ASSIGN(
      auto called, runtime->Call({.contract = counter, .method = "increment"}));
  EXPECT_EQ(called.gas_used, estimate.gas_used);
  EXPECT_EQ(Count(called.output), 1);
}

TEST(ApiRuntimeTest, DefaultGasLimitAppliesWhenTheRequestHasNone) {
  auto runtime = OpenOrDie({.default_gas_limit = 7});
  DeployRequest deploy{.code = testing::Contract("counter"),
                       .gas_limit = 1'000'000};
  ASSERT_OK_AND_ASSIGN(auto deployed, runtime->Deploy(deploy));
  ASSERT_OK_AND_ASSIGN(auto called, runtime->Call({.contract = deployed.address,
                                                   .method = "increment"}));
  EXPECT_EQ(called.status, CallStatus::kOutOfGas);
  EXPECT_EQ(called.gas_used, 7u);
}

TEST(ApiRuntimeTest, EventsFilterAndContractRecord) {
  auto runtime = OpenOrDie({});
  const Address first = DeployCounter(*runtime, 1);
  const Address second = DeployCounter(*runtime, 2);
  for (const Address& contract : {first, second, first}) {
    ASSERT_TRUE(
        runtime->Call({.contract = contract, .method = "increment"}).ok());
  }
  ASSERT_OK_AND_ASSIGN(auto events, runtime->Events({.contract = first}));
  EXPECT_THAT(events, SizeIs(2));
  ASSERT_OK_AND_ASSIGN(auto limited, runtime->Events({.limit = 1}));
  EXPECT_THAT(limited, SizeIs(1));
  // The pages after the first event hold the other two, in order.
  const Event& last = limited.back();
  ASSERT_OK_AND_ASSIGN(
      auto rest,
      runtime->Events({.after = EventCursor{.block = last.block,
                                            .tx_index = last.tx_index,
                                            .event_index = last.event_index}}));
  ASSERT_THAT(rest, SizeIs(2));
  EXPECT_EQ(rest[0].contract, second);
  EXPECT_EQ(rest[1].contract, first);

  ASSERT_OK_AND_ASSIGN(auto info, runtime->GetContract(second));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->deployer[0], 2);
  ASSERT_OK_AND_ASSIGN(auto none, runtime->GetContract(Address{}));
  EXPECT_FALSE(none.has_value());
}

TEST(ApiRuntimeTest, RequestsThatCannotRunAreErrors) {
  auto runtime = OpenOrDie({});
  EXPECT_EQ(runtime->Deploy({.code = "junk"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(runtime->Call({.method = "get"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ApiRuntimeTest, ConcurrentCallsOnDifferentContractsAllCommit) {
  constexpr int kThreads = 4, kCalls = 25;
  auto runtime = OpenOrDie({});
  std::vector<Address> counters;
  counters.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    counters.push_back(DeployCounter(*runtime, static_cast<uint8_t>(i + 1)));
  }
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (const Address& counter : counters) {
    threads.emplace_back([&runtime, counter] {
      for (int i = 0; i < kCalls; ++i) {
        auto called =
            runtime->Call({.contract = counter, .method = "increment"});
        EXPECT_TRUE(called.ok() && called->ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Address& counter : counters) {
    ASSERT_OK_AND_ASSIGN(
        auto queried, runtime->Query({.contract = counter, .method = "get"}));
    EXPECT_EQ(Count(queried.output), kCalls);
  }
  ASSERT_OK_AND_ASSIGN(auto events, runtime->Events({.limit = 1000}));
  EXPECT_THAT(events, SizeIs(kThreads * kCalls));  // no position collided
}

// The analyzer settings (AnalyzerConfig).

std::string PluginPath(std::string_view behaviour) {
  return std::string(ANALYZER_PLUGIN_DIR) + "/libanalyzer_plugin_" +
         std::string(behaviour) + ".so";
}

absl::StatusOr<DeployResult> DeployHostcalls(Runtime& runtime) {
  return runtime.Deploy({.code = testing::Contract("hostcalls")});
}

TEST(ApiAnalyzerTest, MinScoreRejectsModulesScoringBelowIt) {
  // The built-in analyzer's own score, so the test follows its rules.
  ASSERT_OK_AND_ASSIGN(auto probe, DeployHostcalls(*OpenOrDie({})));
  const uint8_t score = probe.analyzer_score;
  ASSERT_LT(score, 100);  // hostcalls calls contracts: it has findings
  EXPECT_THAT(probe.findings,
              Contains(Field(&Finding::code, "calls-contract")));

  auto strict = OpenOrDie({.analyzer = {.min_score = uint8_t(score + 1)}});
  const Hash before = strict->StateDigest();
  auto rejected = DeployHostcalls(*strict);
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(rejected.status().message(), HasSubstr("below the threshold"));
  EXPECT_EQ(strict->StateDigest(), before);  // nothing written

  auto exact = OpenOrDie({.analyzer = {.min_score = score}});
  ASSERT_OK_AND_ASSIGN(auto accepted, DeployHostcalls(*exact));
  EXPECT_EQ(accepted.analyzer_score, score);
  auto info = exact->GetContract(accepted.address);
  ASSERT_TRUE(info.ok() && info->has_value());
  EXPECT_EQ((*info)->analyzer_score, score);
  EXPECT_EQ((*info)->findings.size(), accepted.findings.size());
}

TEST(ApiAnalyzerTest, APluginScoresInsteadOfTheBuiltinRules) {
  auto runtime = OpenOrDie({.analyzer = {.plugin_path = PluginPath("ok")}});
  ASSERT_OK_AND_ASSIGN(auto deployed, DeployHostcalls(*runtime));
  EXPECT_EQ(deployed.analyzer_score, 90);
  ASSERT_THAT(deployed.findings, SizeIs(2));
  EXPECT_EQ(deployed.findings[0].code, "model-note");
  EXPECT_EQ(deployed.findings[0].severity, Severity::kLow);
  EXPECT_EQ(SeverityName(deployed.findings[0].severity), "low");

  auto strict = OpenOrDie(
      {.analyzer = {.min_score = 50, .plugin_path = PluginPath("low")}});
  EXPECT_EQ(DeployHostcalls(*strict).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ApiAnalyzerTest, APluginThatCannotBeLoadedFailsRuntimeOpen) {
  auto runtime =
      Runtime::Open({.analyzer = {.plugin_path = PluginPath("missing")}});
  EXPECT_EQ(runtime.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(runtime.status().message(),
              HasSubstr("libanalyzer_plugin_missing.so"));
}

TEST(ApiAnalyzerTest, AFailingPluginRejectsUnlessFailOpen) {
  auto closed = OpenOrDie({.analyzer = {.plugin_path = PluginPath("fail")}});
  EXPECT_EQ(DeployHostcalls(*closed).status().code(),
            absl::StatusCode::kUnavailable);

  auto open = OpenOrDie({.analyzer = {.plugin_path = PluginPath("fail"),
                                      .plugin_fail_open = true}});
  ASSERT_OK_AND_ASSIGN(auto deployed, DeployHostcalls(*open));
  EXPECT_EQ(deployed.analyzer_score, 100);
  EXPECT_THAT(deployed.findings,
              ElementsAre(Field(&Finding::code, "analyzer-unavailable")));
}

TEST(ApiAnalyzerTest, APluginOverItsTimeLimitIsADeadlineError) {
  auto runtime = OpenOrDie(
      {.analyzer = {.plugin_path = PluginPath("hang"),
                    .plugin_timeout = std::chrono::milliseconds(50)}});
  EXPECT_EQ(DeployHostcalls(*runtime).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

// With the built-in analyzer and with a plugin (which only scores), gas
// spikes reach the sink; EstimateGas runs are not observed.
class ApiAnomalyTest : public ::testing::TestWithParam<bool> {};

TEST_P(ApiAnomalyTest, GasSpikesReachTheSink) {
  std::mutex mu;
  std::vector<Anomaly> anomalies;
  Config config;
  if (GetParam()) config.analyzer.plugin_path = PluginPath("ok");
  config.analyzer.anomaly_sink = [&](const Anomaly& anomaly) {
    std::lock_guard lock(mu);
    anomalies.push_back(anomaly);
  };
  auto runtime = OpenOrDie(config);
  ASSERT_OK_AND_ASSIGN(auto deployed, DeployHostcalls(*runtime));
  const CallRequest echo{.contract = deployed.address, .method = "echo"};
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(runtime->Call(echo).ok());
  CallRequest burn{
      .contract = deployed.address, .method = "burn", .gas_limit = 1'000'000};
  ASSERT_TRUE(runtime->EstimateGas(burn).ok());
  EXPECT_THAT(anomalies, SizeIs(0));
  ASSERT_OK_AND_ASSIGN(auto burnt, runtime->Call(burn));
  EXPECT_EQ(burnt.status, CallStatus::kOutOfGas);  // still just advisory
  ASSERT_THAT(anomalies, SizeIs(1));
  EXPECT_EQ(anomalies[0].contract, deployed.address);
  EXPECT_EQ(anomalies[0].method, "burn");
  EXPECT_EQ(anomalies[0].gas_used, 1'000'000u);
  EXPECT_EQ(anomalies[0].finding.code, "gas-spike");
  EXPECT_EQ(anomalies[0].finding.severity, Severity::kMedium);
}

INSTANTIATE_TEST_SUITE_P(BuiltinAndPlugin, ApiAnomalyTest, ::testing::Bool());

TEST(ApiHexTest, RoundTripsAndRejects) {
  EXPECT_EQ(ToHex(std::string("\x01\xab", 2)), "01ab");
  EXPECT_EQ(*FromHex("01AB"), std::string("\x01\xab", 2));
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(FromHex("zz").ok());
  EXPECT_TRUE(ParseAddress(std::string(64, 'f')).ok());
  EXPECT_FALSE(ParseAddress("ff").ok());
}

}  // namespace
}  // namespace dytallix
