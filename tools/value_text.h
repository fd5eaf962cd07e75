// The CLI's text form of WebAssembly values, shared by `run` (and later
// `call`): TYPE:VALUE with integers in signed decimal, floats as the shortest
// decimal that round-trips, NaNs as nan:0x<raw bits>. And the text form of
// any string that came from a module or the command line (EscapeText).
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

// `bytes` made safe to print as part of one line on a terminal: a
// backslash becomes "\\", \n \r \t stay visible as those two characters,
// and every other control character (C0, DEL, and C1 as UTF-8) and every
// byte that is not part of valid UTF-8 becomes \xHH. Printable ASCII and
// valid UTF-8 pass through. Every string from a module (names, section
// names) or the command line (paths, arguments), and every message that
// may echo one, goes through this before the CLI prints it as text, so a
// module cannot forge output lines or send escape sequences.
std::string EscapeText(std::string_view bytes);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_VALUE_TEXT_H_
