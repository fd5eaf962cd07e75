#ifndef DYTALLIX_TOOLS_FILE_UTIL_H_
#define DYTALLIX_TOOLS_FILE_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dytallix::internal {

// The whole contents of the file at `path`, or NotFound/Internal with the
// path and the system's reason.
absl::StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

// Replaces the file at `path` with `text`; Internal with the path and the
// system's reason on failure.
absl::Status WriteFileText(const std::string& path, std::string_view text);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_FILE_UTIL_H_
