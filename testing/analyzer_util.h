// Helpers for the analyzer tests: decode and validate WAT, pick findings.
#ifndef DYTALLIX_TESTING_ANALYZER_UTIL_H_
#define DYTALLIX_TESTING_ANALYZER_UTIL_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/analyzer.h"
#include "base/place.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "testing/wat.h"
#include "validator/validator.h"

namespace dytallix::internal {

inline void PrintTo(const Finding& f, std::ostream* os) {
  *os << SeverityName(f.severity) << " " << f.code << " ["
      << (f.place ? PlaceText(*f.place) : "") << "]: " << f.message;
}

}  // namespace dytallix::internal

namespace dytallix::testing {

// The module of `wat`, decoded and validated under `profile` (a test
// failure, and an empty module, if either step fails).
inline internal::Module ValidModule(
    std::string_view wat,
    const internal::Profile& profile = internal::Profile::Contract()) {
  const std::vector<uint8_t> wasm = Wasm(wat);
  absl::StatusOr<internal::Module> module = internal::Decode(wasm);
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok()) return {};
  absl::Status valid = internal::Validate(*module, profile).status();
  EXPECT_TRUE(valid.ok()) << valid;
  return *std::move(module);
}

inline std::vector<internal::Finding> WithCode(
    const std::vector<internal::Finding>& findings, std::string_view code) {
  std::vector<internal::Finding> out;
  for (const internal::Finding& f : findings) {
    if (f.code == code) out.push_back(f);
  }
  return out;
}

// The place of the `nth` instruction `op` in function `func_index` (index
// space).
inline std::optional<internal::CodePlace> PlaceOf(
    const internal::Module& module, uint32_t func_index, internal::Opcode op,
    int nth = 0) {
  const internal::Function& f =
      module.functions.at(func_index - module.NumImportedFunctions());
  for (const internal::Instr& instr : f.code) {
    if (instr.op == op && nth-- == 0) {
      return internal::CodePlace{func_index, instr.offset};
    }
  }
  ADD_FAILURE() << "no such instruction";
  return std::nullopt;
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_ANALYZER_UTIL_H_
