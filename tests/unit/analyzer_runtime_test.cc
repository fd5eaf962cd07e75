// The analyzer in the runtime: the deployment policy (threshold, verdict
// stored with the record, analyzer errors) and the observation of every
// finished execution.
#include <memory>
#include <string>
#include <vector>

#include "analyzer/analyzer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "state/mem_kv_store.h"
#include "state/state_store.h"
#include "testing/status_matchers.h"
#include "testing/wat.h"
#include "vm/value.h"

namespace dytallix::testing {
namespace {

using internal::Execution;
using internal::Finding;
using internal::Verdict;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// "spin" is never called: it is there for the analyzer to find.
constexpr std::string_view kRiskyWat = R"(
  (module
    (memory (export "memory") 1)
    (func (export "spin") (loop $l (br $l))))
)";

// init and "set" store two keys ("a", "b") and emit an event; "fail" reverts,
// "trap" traps, "work" loops 5000 times.
constexpr std::string_view kCounterWat = R"(
  (module
    (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
    (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
    (import "env" "revert" (func $revert (param i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "ab")
    (func $store
      (call $set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))
      (call $set (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 1))
      (call $emit (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1)))
    (func (export "init") (call $store))
    (func (export "set") (call $store))
    (func (export "fail")
      (call $store)
      (call $revert (i32.const 0) (i32.const 0)))
    (func (export "trap") unreachable)
    (func (export "cheap"))
    (func (export "work") (local i32)
      (loop $l
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 0) (i32.const 5000))))))
)";

std::string Code(std::string_view wat) {
  std::vector<uint8_t> wasm = Wasm(wat);
  return {wasm.begin(), wasm.end()};
}

struct Observed {
  std::string method;
  uint64_t gas_used;
  uint32_t storage_writes;
  uint32_t events;
  std::string trap;
  bool ok;
  bool read_only;
};

// Returns a fixed verdict (or error) and records what it observes.
class RecordingAnalyzer : public internal::Analyzer {
 public:
  explicit RecordingAnalyzer(absl::StatusOr<Verdict> verdict)
      : verdict_(std::move(verdict)) {}
  absl::StatusOr<Verdict> Analyze(const internal::Module& module,
                                  std::string_view wasm) override {
    ++analyzed_;
    return verdict_;
  }
  void Observe(const Execution& e) override {
    observed_.push_back({std::string(e.method), e.gas_used, e.storage_writes,
                         e.events, std::string(e.trap), e.ok, e.read_only});
  }
  int analyzed_ = 0;
  std::vector<Observed> observed_;

 private:
  absl::StatusOr<Verdict> verdict_;
};

class AnalyzerRuntimeTest : public ::testing::Test {
 protected:
  void Open(internal::ContractHostOptions options) {
    runtime_.reset();
    state_ =
        std::move(internal::StateStore::Open(kv_, options.profile)).value();
    runtime_ =
        std::make_unique<internal::ContractHost>(*state_, std::move(options));
  }

  absl::StatusOr<internal::DeployResult> Deploy(std::string_view wat) {
    return runtime_->Deploy({.sender = alice_,
                             .code = Code(wat),
                             .gas_limit = 1'000'000,
                             .context = Next()});
  }

  internal::CallOutcome Run(const internal::Address& contract,
                            std::string method, bool query = false) {
    const internal::CallRequest request = {.sender = alice_,
                                           .contract = contract,
                                           .method = std::move(method),
                                           .gas_limit = 1'000'000,
                                           .context = Next()};
    auto outcome = query ? runtime_->Query(request) : runtime_->Call(request);
    EXPECT_OK(outcome.status());
    return outcome.ok() ? *outcome : internal::CallOutcome{};
  }

  std::optional<internal::ContractRecord> Record(
      const internal::Address& address) {
    internal::CallState read = state_->BeginCall({});
    return read.GetContract(address).value();
  }

  internal::CallContext Next() { return {.block = 1, .tx_index = tx_++}; }

  internal::Address alice_{0xa1};
  uint32_t tx_ = 0;
  internal::MemKvStore kv_;
  std::unique_ptr<internal::StateStore> state_;
  std::unique_ptr<internal::ContractHost> runtime_;
};

TEST_F(AnalyzerRuntimeTest, DefaultIsTheBuiltinAnalyzerWithThresholdZero) {
  Open({});
  ASSERT_OK_AND_ASSIGN(auto deployed, Deploy(kRiskyWat));
  EXPECT_EQ(deployed.verdict.score, 75);
  ASSERT_THAT(deployed.verdict.findings, SizeIs(1));
  EXPECT_EQ(deployed.verdict.findings[0].code, "unbounded-loop");
  std::optional<internal::ContractRecord> record = Record(deployed.address);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->verdict, deployed.verdict);
}

TEST_F(AnalyzerRuntimeTest, BelowTheThresholdIsRejectedWithTheFindings) {
  Open({.min_analyzer_score = 76});
  auto deployed = Deploy(kRiskyWat);
  EXPECT_THAT(
      deployed.status(),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          AllOf(HasSubstr("scored the module 75"), HasSubstr("threshold 76"),
                HasSubstr("high unbounded-loop [function 0 at offset 0x"),
                HasSubstr("heuristic"))));
  // Nothing was written: not even the nonce.
  internal::CallState read = state_->BeginCall({});
  EXPECT_EQ(read.GetNonce(alice_).value(), 0u);
  EXPECT_FALSE(Record(internal::ContractAddress(alice_, 0)).has_value());
}

TEST_F(AnalyzerRuntimeTest, AtTheThresholdIsAccepted) {
  Open({.min_analyzer_score = 75});
  EXPECT_OK(Deploy(kRiskyWat).status());
}

TEST_F(AnalyzerRuntimeTest, AnAnalyzerErrorRejectsTheDeployment) {
  auto analyzer = std::make_shared<RecordingAnalyzer>(
      absl::UnavailableError("model offline"));
  Open({.analyzer = analyzer});
  EXPECT_THAT(
      Deploy(kCounterWat).status(),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr("model offline")));
  EXPECT_EQ(analyzer->analyzed_, 1);
  EXPECT_TRUE(analyzer->observed_.empty());  // init never ran
}

TEST_F(AnalyzerRuntimeTest, ACustomVerdictIsStoredAsIs) {
  const Verdict verdict = {
      .score = 42,
      .findings = {{.severity = internal::Severity::kMedium,
                    .code = "custom",
                    .message = "from a test",
                    .place = internal::CodePlace{1, 2}}}};
  Open({.analyzer = std::make_shared<RecordingAnalyzer>(verdict)});
  ASSERT_OK_AND_ASSIGN(auto deployed, Deploy(kCounterWat));
  EXPECT_EQ(deployed.verdict, verdict);
  EXPECT_EQ(Record(deployed.address)->verdict, verdict);
}

TEST_F(AnalyzerRuntimeTest, ObservesEveryFinishedExecution) {
  auto analyzer = std::make_shared<RecordingAnalyzer>(
      Verdict{.score = 100, .findings = {}});
  Open({.analyzer = analyzer});
  ASSERT_OK_AND_ASSIGN(auto deployed, Deploy(kCounterWat));
  const internal::CallOutcome set = Run(deployed.address, "set");
  Run(deployed.address, "fail");
  Run(deployed.address, "trap");
  Run(deployed.address, "cheap", /*query=*/true);
  // A request that cannot run is not an execution.
  EXPECT_FALSE(runtime_
                   ->Call({.contract = deployed.address,
                           .method = "nope",
                           .gas_limit = 1'000'000,
                           .context = Next()})
                   .ok());

  const std::vector<Observed>& o = analyzer->observed_;
  ASSERT_THAT(o, SizeIs(5));
  EXPECT_EQ(o[0].method, "init");
  // The deploy's outcome also counts storing and compiling the code.
  EXPECT_EQ(o[0].gas_used,
            deployed.init.gas_used -
                runtime_->DeployCodeGas(Code(kCounterWat).size()));
  EXPECT_EQ(o[0].storage_writes, 2u);
  EXPECT_EQ(o[0].events, 1u);
  EXPECT_TRUE(o[0].ok);
  EXPECT_EQ(o[1].method, "set");
  EXPECT_EQ(o[1].gas_used, set.gas_used);
  EXPECT_EQ(o[1].events, 1u);
  EXPECT_EQ(o[2].method, "fail");
  EXPECT_FALSE(o[2].ok);
  EXPECT_EQ(o[2].storage_writes, 0u);  // rolled back
  EXPECT_EQ(o[2].events, 0u);
  EXPECT_EQ(o[2].trap, "");  // a revert is not a trap
  EXPECT_EQ(
      o[3].trap,
      std::string(internal::TrapKindName(internal::TrapKind::kUnreachable)));
  EXPECT_FALSE(o[3].ok);
  EXPECT_TRUE(o[4].read_only);
  EXPECT_FALSE(o[1].read_only);
}

TEST_F(AnalyzerRuntimeTest, TheBuiltinObserverReportsGasSpikesToTheSink) {
  std::vector<Finding> anomalies;
  Open({.anomaly_sink = [&](const Execution& e, const Finding& f) {
    anomalies.push_back(f);
  }});
  ASSERT_OK_AND_ASSIGN(auto deployed, Deploy(kCounterWat));
  for (int i = 0; i < 10; ++i) Run(deployed.address, "cheap");
  EXPECT_TRUE(anomalies.empty());
  const internal::CallOutcome work = Run(deployed.address, "work");
  EXPECT_TRUE(work.ok());  // advisory only
  ASSERT_THAT(anomalies, SizeIs(1));
  EXPECT_EQ(anomalies[0].code, "gas-spike");
  EXPECT_THAT(anomalies[0].message, HasSubstr("work used"));
}

}  // namespace
}  // namespace dytallix::testing
