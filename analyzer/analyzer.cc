#include "analyzer/analyzer.h"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "analyzer/observer.h"
#include "analyzer/static_analysis.h"
#include "base/place.h"
#include "base/status_macros.h"
#include "decoder/decoder.h"

namespace dytallix::internal {
namespace {

class BuiltinAnalyzer : public Analyzer {
 public:
  BuiltinAnalyzer(const Profile& profile, FindingSink sink)
      : profile_(profile), observer_(std::move(sink)) {}

  absl::StatusOr<Verdict> Analyze(const Module& module,
                                  std::string_view wasm) override {
    if (!module.bodies_deferred) return StaticVerdict(module, profile_);
    // A loaded module keeps no instructions (vm/engine.h): the scan decodes
    // them again.
    DYT_ASSIGN_OR_RETURN(
        const Module decoded,
        Decode(std::span(reinterpret_cast<const uint8_t*>(wasm.data()),
                         wasm.size())));
    return StaticVerdict(decoded, profile_);
  }
  void Observe(const Execution& execution) override {
    observer_.Observe(execution);
  }

 private:
  const Profile profile_;
  ExecutionObserver observer_;
};

}  // namespace

uint8_t ScoreOf(const std::vector<Finding>& findings) {
  struct Tally {
    uint8_t worst = 0;
    int count = 0;
  };
  // Keyed by code; only summed, so the order of the map does not matter.
  std::map<std::string, Tally, std::less<>> by_code;
  for (const Finding& f : findings) {
    Tally& tally = by_code[f.code];
    const uint8_t severity =
        std::min(static_cast<uint8_t>(f.severity), kMaxSeverity);
    tally.worst = std::max(tally.worst, severity);
    ++tally.count;
  }
  int penalty = 0;
  for (const auto& [code, tally] : by_code) {
    penalty += kSeverityPenalty[tally.worst] *
               std::min(tally.count, kMaxCountedPerCode);
  }
  return static_cast<uint8_t>(std::max(0, 100 - penalty));
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "unknown";
}

std::string DescribeFindings(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    if (!out.empty()) out += "; ";
    absl::StrAppend(&out, std::string(SeverityName(f.severity)), " ", f.code);
    if (f.place) absl::StrAppend(&out, " [", PlaceText(*f.place), "]");
    absl::StrAppend(&out, ": ", f.message);
  }
  return out;
}

std::shared_ptr<Analyzer> MakeBuiltinAnalyzer(const Profile& profile,
                                              FindingSink sink) {
  return std::make_shared<BuiltinAnalyzer>(profile, std::move(sink));
}

}  // namespace dytallix::internal
