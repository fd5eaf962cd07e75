#include "api/analyzer_options.h"

#include <memory>
#include <string>
#include <utility>

#include "analyzer/observer.h"
#include "analyzer/plugin_analyzer.h"
#include "base/place.h"
#include "base/status_macros.h"

namespace dytallix {

namespace in = ::dytallix::internal;

namespace {

// ToPublic casts between the two Severity enums.
static_assert(static_cast<int>(Severity::kInfo) ==
                  static_cast<int>(in::Severity::kInfo) &&
              static_cast<int>(Severity::kLow) ==
                  static_cast<int>(in::Severity::kLow) &&
              static_cast<int>(Severity::kMedium) ==
                  static_cast<int>(in::Severity::kMedium) &&
              static_cast<int>(Severity::kHigh) ==
                  static_cast<int>(in::Severity::kHigh));

Finding ToPublic(const in::Finding& finding) {
  return Finding{.severity = static_cast<Severity>(finding.severity),
                 .code = finding.code,
                 .message = finding.message,
                 .place = finding.place ? in::PlaceText(*finding.place) : ""};
}

in::FindingSink InternalSink(AnomalySink sink) {
  if (!sink) return {};
  return [sink = std::move(sink)](const in::Execution& execution,
                                  const in::Finding& finding) {
    sink(Anomaly{.contract = execution.contract,
                 .method = std::string(execution.method),
                 .gas_used = execution.gas_used,
                 .finding = ToPublic(finding)});
  };
}

// A plugin only scores (its Observe does nothing), so the built-in observer
// watches executions beside it: anomalies are reported either way.
class ObservedPlugin : public in::Analyzer {
 public:
  ObservedPlugin(std::shared_ptr<in::Analyzer> plugin, in::FindingSink sink)
      : plugin_(std::move(plugin)), observer_(std::move(sink)) {}

  absl::StatusOr<in::Verdict> Analyze(const in::Module& module,
                                      std::string_view wasm) override {
    return plugin_->Analyze(module, wasm);
  }
  void Observe(const in::Execution& execution) override {
    observer_.Observe(execution);
  }

 private:
  const std::shared_ptr<in::Analyzer> plugin_;
  in::ExecutionObserver observer_;
};

}  // namespace

std::string_view SeverityName(Severity severity) {
  return in::SeverityName(static_cast<in::Severity>(severity));
}

absl::StatusOr<in::ContractHostOptions> HostOptions(
    const AnalyzerConfig& analyzer, const in::Profile& profile) {
  in::ContractHostOptions options{
      .profile = profile,
      .min_analyzer_score = analyzer.min_score,
      .anomaly_sink = InternalSink(analyzer.anomaly_sink)};
  if (!analyzer.plugin_path.empty()) {
    DYT_ASSIGN_OR_RETURN(
        std::shared_ptr<in::PluginAnalyzer> plugin,
        in::PluginAnalyzer::Load({.path = analyzer.plugin_path,
                                  .timeout = analyzer.plugin_timeout,
                                  .fail_open = analyzer.plugin_fail_open}));
    options.analyzer = std::make_shared<ObservedPlugin>(std::move(plugin),
                                                        options.anomaly_sink);
  }
  return options;
}

std::vector<Finding> ToPublic(const std::vector<in::Finding>& findings) {
  std::vector<Finding> out;
  out.reserve(findings.size());
  for (const in::Finding& finding : findings) out.push_back(ToPublic(finding));
  return out;
}

}  // namespace dytallix
