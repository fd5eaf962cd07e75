#include "base/place.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dytallix::internal {

std::string AtOffset(uint64_t offset) {
  return absl::StrFormat("at offset 0x%x", offset);
}

std::string PlaceText(std::string_view item, uint32_t index,
                      std::optional<uint32_t> offset) {
  std::string text =
      absl::StrCat(absl::string_view(item.data(), item.size()), " ", index);
  if (offset) absl::StrAppend(&text, " ", AtOffset(*offset));
  return text;
}

std::string PlaceText(const CodePlace& place) {
  return PlaceText("function", place.function_index, place.offset);
}

}  // namespace dytallix::internal
