// A function body as WebAssembly instructions in text-format spelling, one
// per line with its byte offset in the module binary: the offsets analyzer
// findings and traps point at.
#ifndef DYTALLIX_TOOLS_WASM_LISTING_H_
#define DYTALLIX_TOOLS_WASM_LISTING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "decoder/module.h"

namespace dytallix::internal {

// "i32.const -7", "br_table 0 1 2", "i64.load offset=8 align=8",
// "block (result i32)", "f64.const 1.5". `instr` is one of
// `function.code` (br_table reads its targets there).
std::string InstrText(const Function& function, const Instr& instr);

struct ListingLine {
  uint32_t offset = 0;  // of the opcode in the module binary
  uint32_t depth = 0;   // enclosing blocks (else and end sit at their block's)
  std::string text;     // InstrText
};

// Calls `line` for every instruction of `function` in order, the final `end`
// included, with one line at a time: memory stays O(1) however long the
// body. Needs only a decoded function: no validation.
void ForEachListingLine(const Function& function,
                        absl::FunctionRef<void(const ListingLine&)> line);

// The lines ForEachListingLine produces, as one vector (for tests and short
// functions; the printers stream).
std::vector<ListingLine> Listing(const Function& function);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_WASM_LISTING_H_
