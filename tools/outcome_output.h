// How the contract commands print results: human-readable text, or one JSON
// object per command with --json (hex for all binary data).
#ifndef DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_
#define DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_

#include <optional>
#include <vector>

#include "dytallix/runtime.h"
#include "nlohmann/json.hpp"

namespace dytallix::internal {

// The outcome of deploy (`deployed` set), call or query, on stdout.
void PrintOutcome(const Outcome& outcome,
                  const std::optional<Address>& deployed, bool json);

// The parts of PrintOutcome, for commands that print several outcomes
// (block): the outcome as one JSON object, and as lines of text.
nlohmann::json OutcomeJson(const Outcome& outcome,
                           const std::optional<Address>& deployed);
void PrintOutcomeText(const Outcome& outcome,
                      const std::optional<Address>& deployed);

// `json` on one line of stdout, compact; bytes that are not UTF-8 (a revert
// message, a topic) become U+FFFD rather than abort the dump.
void PrintJson(const nlohmann::json& json);

// Events, one per line (or a JSON array), on stdout.
void PrintEvents(const std::vector<Event>& events, bool json);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_OUTCOME_OUTPUT_H_
