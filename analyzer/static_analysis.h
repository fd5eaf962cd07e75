// StaticAnalysis: the built-in deploy-time analyzer's rules. Each finding
// points at the function (module index space) and byte offset it is about,
// or has an empty place for module-wide facts.
//
// Codes and severities:
//   calls-contract      medium  a call site of env.call_contract: the callee
//                               runs arbitrary code (reentrancy)
//   consumes-gas        low     a call site of env.consume_gas
//   indirect-call       low     a call_indirect site
//   grow-in-loop        medium  memory.grow inside a loop
//   unbounded-loop      high    HEURISTIC: a loop with an unconditional back
//                               edge and, in its body, no conditional branch,
//                               return, unreachable, revert or storage write
//                               (callees are not inspected)
//   float               low     first float instruction of a function
//   huge-br-table       low     br_table with >= kHugeBrTable targets
//                       medium  ... or >= 3/4 of max_br_table_targets
//   large-function      low     a body of >= kLargeFunctionBytes
//   large-module        low     >= 1/4 of max_module_bytes; medium >= 1/2
//   large-data          low     data segments >= kLargeDataBytes in total;
//                       medium  >= 8 times that
//   near-function-limit medium  functions >= 3/4 of max_functions
//   near-local-limit    low     params + locals >= 3/4 of max_locals
//
// Deterministic: findings come in a fixed order (module-wide first, then
// functions by index, instructions by offset); no hash-map iteration.
#ifndef DYTALLIX_ANALYZER_STATIC_ANALYSIS_H_
#define DYTALLIX_ANALYZER_STATIC_ANALYSIS_H_

#include <cstdint>
#include <vector>

#include "base/profile.h"
#include "base/verdict.h"
#include "decoder/module.h"

namespace dytallix::internal {

inline constexpr uint32_t kHugeBrTable = 1024;
inline constexpr uint32_t kLargeFunctionBytes = 64 * 1024;
inline constexpr uint64_t kLargeDataBytes = 64 * 1024;

// Every finding on `module` (validated under `profile`, its bodies decoded),
// untruncated.
std::vector<Finding> StaticFindings(const Module& module,
                                    const Profile& profile);

// The built-in verdict: ScoreOf(all findings), the first
// kMaxRecordedFindings of them and, if more, one "findings-truncated".
Verdict StaticVerdict(const Module& module, const Profile& profile);

}  // namespace dytallix::internal

#endif  // DYTALLIX_ANALYZER_STATIC_ANALYSIS_H_
