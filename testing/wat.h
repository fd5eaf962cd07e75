// WatToWasm: assemble WebAssembly text with wabt's wat2wasm, so a test keeps
// its module as readable text beside the assertions.
#ifndef DYTALLIX_TESTING_WAT_H_
#define DYTALLIX_TESTING_WAT_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace dytallix::testing {

// Runs the `wat2wasm` CMake found on `wat`, in a private temporary directory.
// `extra_flags` are passed through, e.g. "--no-check" to assemble a module the
// validator must reject.
absl::StatusOr<std::vector<uint8_t>> WatToWasm(
    std::string_view wat, std::string_view extra_flags = "");

// Like WatToWasm, but a failure aborts the test binary with the message: for
// text that is part of the test itself.
std::vector<uint8_t> Wasm(std::string_view wat,
                          std::string_view extra_flags = "");

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_WAT_H_
