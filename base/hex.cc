#include "dytallix/hex.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dytallix {
namespace {

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xf];
  }
  return hex;
}

absl::StatusOr<std::string> FromHex(std::string_view hex) {
  if (hex.starts_with("0x")) hex.remove_prefix(2);
  if (hex.size() % 2 != 0) {
    return absl::InvalidArgumentError("hex text has an odd number of digits");
  }
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = DigitValue(hex[i]);
    const int low = DigitValue(hex[i + 1]);
    if (high < 0 || low < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a hex digit in '", std::string(hex), "'"));
    }
    bytes += static_cast<char>(high << 4 | low);
  }
  return bytes;
}

absl::StatusOr<std::array<uint8_t, 32>> ParseAddress(std::string_view hex) {
  absl::StatusOr<std::string> bytes = FromHex(hex);
  if (!bytes.ok() || bytes->size() != 32) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an address is 64 hex digits, got '", std::string(hex), "'"));
  }
  std::array<uint8_t, 32> address;
  std::copy(bytes->begin(), bytes->end(), address.begin());
  return address;
}

}  // namespace dytallix
