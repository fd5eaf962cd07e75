// Where something is in a module, in the one spelling every error, trap and
// report uses: "<item> <index> at offset 0x<offset>", e.g. "function 3 at
// offset 0x1a". The offset is a byte offset in the module binary, in hex as
// wasm-objdump and wat2wasm print them, so a reader can find the place in a
// dump of the file.
#ifndef DYTALLIX_BASE_PLACE_H_
#define DYTALLIX_BASE_PLACE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dytallix::internal {

// A place in a module's code: a function (index in the module's function
// index space) and a byte offset in the module binary.
struct CodePlace {
  uint32_t function_index = 0;
  uint32_t offset = 0;
  bool operator==(const CodePlace&) const = default;
};

// "at offset 0x<offset>".
std::string AtOffset(uint64_t offset);

// "<item> <index> at offset 0x<offset>", or "<item> <index>" without an
// offset; e.g. "global 2 at offset 0x51".
std::string PlaceText(std::string_view item, uint32_t index,
                      std::optional<uint32_t> offset = std::nullopt);

// "function <index> at offset 0x<offset>".
std::string PlaceText(const CodePlace& place);

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_PLACE_H_
