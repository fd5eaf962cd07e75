#include "analyzer/observer.h"

#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/str_format.h"

namespace dytallix::internal {

void ExecutionObserver::Observe(const Execution& execution) {
  std::optional<Finding> finding;
  {
    MutexLock lock(&mu_);
    auto it = stats_.find(execution.contract);
    if (it == stats_.end()) {
      if (stats_.size() >= options_.max_contracts) return;
      it = stats_.emplace(execution.contract, GasStats{}).first;
    }
    GasStats& s = it->second;
    const double gas = static_cast<double>(execution.gas_used);
    if (s.count >= options_.min_samples) {
      const double stddev = std::sqrt(s.m2 / static_cast<double>(s.count));
      if (gas > s.mean + options_.spike_sigmas * stddev &&
          gas > options_.spike_ratio * s.mean) {
        finding = Finding{
            .severity = Severity::kMedium,
            .code = "gas-spike",
            .message = absl::StrFormat(
                "method %s used %u gas; history: mean %.0f, stddev %.0f over "
                "%u executions",
                std::string(execution.method), execution.gas_used, s.mean,
                stddev, s.count),
            .place = std::nullopt};
      }
    }
    ++s.count;
    const double delta = gas - s.mean;
    s.mean += delta / static_cast<double>(s.count);
    s.m2 += delta * (gas - s.mean);
  }
  if (finding.has_value() && sink_) sink_(execution, *finding);
}

}  // namespace dytallix::internal
