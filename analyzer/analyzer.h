// Analyzer: scores a module at deployment and observes every finished
// execution (DESIGN.md "The analyzer").
//
// A verdict is a score 0..100 and findings (base/verdict.h). The built-in
// analyzer's score is ScoreOf(findings); an external analyzer (a plugin,
// plugin_analyzer.h) gives its own score. The runtime rejects a module
// scoring below ContractHostOptions::min_analyzer_score and stores the verdict
// with the contract record: it is an input to consensus, so an Analyze
// implementation must return the same bytes for the same module on every
// node.
//
// Observations are advisory: findings go to a sink and never change a
// result, gas or state.
#ifndef DYTALLIX_ANALYZER_ANALYZER_H_
#define DYTALLIX_ANALYZER_ANALYZER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "base/types.h"
#include "base/verdict.h"
#include "decoder/module.h"

namespace dytallix::internal {

// One finished top-level execution (a call, a query or a deployment's init).
// The views are valid only during Observe.
struct Execution {
  Address contract{};
  std::string_view method;
  uint64_t gas_used = 0;
  // Storage keys whose value the execution changed (net, nested calls
  // included; 0 when it did not end ok, as its writes were rolled back).
  uint32_t storage_writes = 0;
  uint32_t events = 0;     // events it emitted (0 unless it ended ok)
  std::string_view trap;   // the trap kind's name; empty if it did not trap
  bool ok = true;          // ended ok (not reverted, trapped, out of gas)
  bool read_only = false;  // a query
};

// Receives the observer's findings. Called on the executing thread.
using FindingSink =
    std::function<void(const Execution& execution, const Finding& finding)>;

class Analyzer {
 public:
  virtual ~Analyzer() = default;

  // The verdict on `module` (validated), decoded from `wasm`, maybe with its
  // bodies deferred (Module::bodies_deferred: a loaded module's are). An
  // error rejects the deployment. Must be thread-safe and deterministic.
  virtual absl::StatusOr<Verdict> Analyze(const Module& module,
                                          std::string_view wasm) = 0;

  // Sees a finished execution. Must be thread-safe. Default: ignores it.
  virtual void Observe(const Execution& execution) {}
};

// The score weights per severity (kInfo, kLow, kMedium, kHigh).
inline constexpr uint8_t kSeverityPenalty[] = {0, 3, 10, 25};
// Occurrences of one code that count toward the score.
inline constexpr int kMaxCountedPerCode = 3;
// Findings a built-in verdict keeps; the rest are summarized in one more.
inline constexpr size_t kMaxRecordedFindings = 64;

// The built-in score: 100 minus, for each distinct finding code, the
// penalty of its most severe occurrence times min(occurrences,
// kMaxCountedPerCode); never below 0. Order-independent.
uint8_t ScoreOf(const std::vector<Finding>& findings);

// One line per finding: "<severity> <code> [<place>]: <message>", joined
// with "; " (for error messages).
std::string DescribeFindings(const std::vector<Finding>& findings);
std::string_view SeverityName(Severity severity);

// The built-in analyzer: StaticAnalysis (static_analysis.h) at deployment
// and an ExecutionObserver (observer.h) reporting to `sink`.
std::shared_ptr<Analyzer> MakeBuiltinAnalyzer(const Profile& profile,
                                              FindingSink sink);

}  // namespace dytallix::internal

#endif  // DYTALLIX_ANALYZER_ANALYZER_H_
