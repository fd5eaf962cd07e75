// Error constructors shared by every validator check, so that each message has
// the shape validator.h promises:
//   "invalid: <place>: <what>"                 a WebAssembly validation rule
//   "limit: <field>: <found>, limit <allowed>" a Profile limit
//   "limit: <field>: <found>: <why>"           a Profile feature policy
#ifndef DYTALLIX_VALIDATOR_ERRORS_H_
#define DYTALLIX_VALIDATOR_ERRORS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "decoder/module.h"

namespace dytallix::internal {

// The module's names, as the absl::string_view that StrCat takes (this Abseil
// build does not alias it to std::string_view).
absl::string_view TypeName(ValType type);
absl::string_view OpName(Opcode op);

// A place in the module, named lazily: hot paths pass one around and the text
// is built only when an error needs it.
struct Where {
  Where(absl::string_view item_name, uint32_t item_index,
        std::optional<uint32_t> byte_offset = std::nullopt)
      : item(item_name), index(item_index), offset(byte_offset) {}

  absl::string_view item;  // "function", "global", "type", ...
  uint32_t index;
  std::optional<uint32_t> offset;  // byte offset in the module, if known
};

// "<item> <index> at offset 0x<offset>", e.g. "function 3 at offset 0x51", or
// "<item> <index>" without an offset (base/place.h's PlaceText).
std::string Place(const Where& where);

absl::Status InvalidError(absl::string_view place, absl::string_view what);

// `found` names the place and the value found; `allowed` is the limit.
absl::Status LimitError(absl::string_view field, absl::string_view found,
                        const absl::AlphaNum& allowed);

// A feature the profile turns off (`field` is the Profile flag).
absl::Status FeatureError(absl::string_view field, absl::string_view found,
                          absl::string_view why);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_ERRORS_H_
