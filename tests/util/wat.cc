#include "tests/util/wat.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"

namespace dytallix::testing {
namespace {

std::string TempPath(std::string_view suffix) {
  static int counter = 0;
  const char* dir = std::getenv("TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/dyt_wat_", getpid(), "_",
                      counter++, std::string(suffix));
}

}  // namespace

absl::StatusOr<std::vector<uint8_t>> WatToWasm(std::string_view wat,
                                               std::string_view extra_flags) {
  const std::string in = TempPath(".wat");
  const std::string out = TempPath(".wasm");
  const std::string log = TempPath(".log");
  {
    std::ofstream file(in, std::ios::binary);
    file << wat;
  }
  const std::string command = absl::StrCat(
      "wat2wasm ", std::string(extra_flags), " ", in, " -o ", out, " 2>", log);
  const int rc = std::system(command.c_str());
  std::ifstream result(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(result)),
                             std::istreambuf_iterator<char>());
  std::ifstream log_file(log);
  const std::string errors((std::istreambuf_iterator<char>(log_file)),
                           std::istreambuf_iterator<char>());
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(log.c_str());
  if (rc != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("wat2wasm failed: ", errors));
  }
  return bytes;
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
