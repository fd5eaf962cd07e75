// The CLI's text form of WebAssembly values, shared by `run` (and later
// `call`): TYPE:VALUE with integers in signed decimal, floats as the shortest
// decimal that round-trips, NaNs as nan:0x<raw bits>.
#ifndef DYTALLIX_TOOLS_VALUE_TEXT_H_
#define DYTALLIX_TOOLS_VALUE_TEXT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vm/value.h"

namespace dytallix::internal {

// "i32:-7", "i64:42", "f64:1.5", "f32:-0", "f64:inf", "f32:nan:0x7fc00000",
// "funcref:null", "externref:5".
std::string FormatValue(const Value& value);

// Parses `text` as a value of `type`. Accepts what FormatValue writes, with or
// without the "TYPE:" prefix (which must then name `type`), unsigned decimal
// for integers up to the type's width, and raw bits in hex ("0x3ff8...") for
// any numeric type. References: "null" or, for externref, a host number.
absl::StatusOr<Value> ParseValue(ValType type, std::string_view text);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_VALUE_TEXT_H_
