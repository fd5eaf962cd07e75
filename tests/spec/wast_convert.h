// ConvertWast: runs wabt's `wast2json` on one .wast file, so the spec suite is
// converted at test time and never copied into the tree.
//
// Thread-safe, as long as concurrent calls use different `out_dir`s.
#ifndef DYTALLIX_TESTS_SPEC_WAST_CONVERT_H_
#define DYTALLIX_TESTS_SPEC_WAST_CONVERT_H_

#include <filesystem>

#include "absl/status/statusor.h"

namespace dytallix::internal {

// Empties `out_dir` (creating it if needed) and converts `wast` into
// `out_dir`/<stem>.json plus its module files, with wast2json's default
// feature flags. Returns the JSON file's path. wast2json's own diagnostics go
// to stderr.
absl::StatusOr<std::filesystem::path> ConvertWast(
    const std::filesystem::path& wast2json, const std::filesystem::path& wast,
    const std::filesystem::path& out_dir);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_WAST_CONVERT_H_
