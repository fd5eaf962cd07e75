// How the contract commands print results: human-readable text, or one JSON
// object per command with --json (hex for all binary data).
#ifndef DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_
#define DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_

#include <optional>
#include <vector>

#include "dytallix/runtime.h"

namespace dytallix::internal {

// The outcome of deploy (`deployed` set), call or query, on stdout.
void PrintOutcome(const Outcome& outcome,
                  const std::optional<Address>& deployed, bool json);

// Events, one per line (or a JSON array), on stdout.
void PrintEvents(const std::vector<Event>& events, bool json);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_
