// How `dytallix block` prints an executed block: each transaction's outcome
// as deploy and call print one (tools/outcome_output.h), then the block's
// state digest, gas and execution statistics; as text, or as one JSON object.
#ifndef DYTALLIX_TOOLS_BLOCK_OUTPUT_H_
#define DYTALLIX_TOOLS_BLOCK_OUTPUT_H_

#include <span>

#include "dytallix/runtime.h"

namespace dytallix::internal {

// Prints `result` on stdout. REQUIRES: `transactions` are the ones `result`
// was executed from, in the same order (they give each one's kind and
// method). `committed` says whether CommitBlock wrote it.
void PrintBlockResult(const BlockResult& result,
                      std::span<const Transaction> transactions, bool committed,
                      bool json);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_BLOCK_OUTPUT_H_
