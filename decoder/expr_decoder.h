// Decoding of instruction sequences: function bodies and constant
// expressions. One generic immediate reader, driven by the opcode table's
// ImmKind, fills each Instr as module.h lays it out.
//
// Structure only: nesting is tracked to find the `end` that closes the
// sequence, everything else (types, indices, constness) is the validator's.
#ifndef DYTALLIX_DECODER_EXPR_DECODER_H_
#define DYTALLIX_DECODER_EXPR_DECODER_H_

#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "decoder/module.h"
#include "decoder/reader.h"

namespace dytallix::internal {

// A constant expression at `r`'s position, through its final `end` (which is
// consumed but not stored).
absl::StatusOr<ConstExpr> DecodeConstExpr(Reader& r);

// One entry of the code section (size, locals and, if `with_code`, the
// instructions) into `f`, whose type_index is already set. memory.init and
// data.drop are malformed unless `has_data_count` (the module has a data
// count section).
absl::Status DecodeFunctionBody(Reader& section, bool has_data_count,
                                bool with_code, Function& f);

// The instructions of `f`, whose body DecodeFunctionBody read from `bytes`
// without them: into f.code and f.br_table_targets, replacing what they held.
absl::Status DecodeFunctionCode(std::span<const uint8_t> bytes,
                                bool has_data_count, Function& f);

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_EXPR_DECODER_H_
