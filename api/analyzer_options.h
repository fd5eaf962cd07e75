// The analyzer side of the public API: AnalyzerConfig to the ContractHost's
// options, and analyzer findings to the public type.
#ifndef DYTALLIX_API_ANALYZER_OPTIONS_H_
#define DYTALLIX_API_ANALYZER_OPTIONS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "base/verdict.h"
#include "dytallix/runtime.h"
#include "host/contract_host.h"

namespace dytallix {

// The host options for `analyzer` under `profile`. Loads the plugin, if
// any: kInvalidArgument if it cannot be loaded. With a plugin, the built-in
// observer still watches executions for the anomaly sink.
absl::StatusOr<internal::ContractHostOptions> HostOptions(
    const AnalyzerConfig& analyzer, const internal::Profile& profile);

std::vector<Finding> ToPublic(const std::vector<internal::Finding>& findings);

}  // namespace dytallix

#endif  // DYTALLIX_API_ANALYZER_OPTIONS_H_
