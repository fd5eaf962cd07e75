#include "validator/errors.h"

#include "base/place.h"

namespace dytallix::internal {

absl::string_view TypeName(ValType type) {
  std::string_view name = ValTypeName(type);
  return absl::string_view(name.data(), name.size());
}

absl::string_view OpName(Opcode op) {
  std::string_view text = InfoOf(op).text;
  return absl::string_view(text.data(), text.size());
}

std::string Place(const Where& where) {
  return PlaceText(std::string_view(where.item.data(), where.item.size()),
                   where.index, where.offset);
}

absl::Status InvalidError(absl::string_view place, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid: ", place, ": ", what));
}

absl::Status LimitError(absl::string_view field, absl::string_view found,
                        const absl::AlphaNum& allowed) {
  return absl::InvalidArgumentError(
      absl::StrCat("limit: ", field, ": ", found, ", limit ", allowed));
}

absl::Status FeatureError(absl::string_view field, absl::string_view found,
                          absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("limit: ", field, ": ", found, ": ", why));
}

}  // namespace dytallix::internal
