#include "testing/wat.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"

namespace dytallix::testing {
namespace {

// A fresh directory only this process can use (mkdtemp, mode 0700), so no
// other process can predict, read or replace the files in it.
absl::StatusOr<std::string> PrivateTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string dir =
      absl::StrCat(base != nullptr ? base : "/tmp", "/dyt_wat_XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp failed for ", dir));
  }
  return dir;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file),
          std::istreambuf_iterator<char>()};
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> WatToWasm(std::string_view wat,
                                               std::string_view extra_flags) {
  absl::StatusOr<std::string> dir = PrivateTempDir();
  if (!dir.ok()) return dir.status();
  const std::string in = *dir + "/module.wat";
  const std::string out = *dir + "/module.wasm";
  const std::string log = *dir + "/wat2wasm.log";
  {
    std::ofstream file(in, std::ios::binary);
    file << wat;
  }
  // The wat2wasm CMake found, not whatever PATH holds.
  const std::string command =
      absl::StrCat("'", DYTALLIX_WAT2WASM, "' ", std::string(extra_flags), " '",
                   in, "' -o '", out, "' 2>'", log, "'");
  const int rc = std::system(command.c_str());
  const std::string bytes = ReadAll(out);
  const std::string errors = ReadAll(log);
  std::filesystem::remove_all(*dir);
  if (rc != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("wat2wasm failed: ", errors));
  }
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::vector<uint8_t> Wasm(std::string_view wat, std::string_view extra_flags) {
  absl::StatusOr<std::vector<uint8_t>> bytes = WatToWasm(wat, extra_flags);
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s\n", std::string(bytes.status().message()).c_str());
    std::abort();
  }
  return *std::move(bytes);
}

}  // namespace dytallix::testing
