// What `dytallix stats` reports about a state database, and how it prints
// it: lines of text, or one JSON object with --json.
#ifndef DYTALLIX_TOOLS_STATS_OUTPUT_H_
#define DYTALLIX_TOOLS_STATS_OUTPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dytallix/runtime.h"
#include "tools/store_scan.h"

namespace dytallix::internal {

// One stored code loaded into the compiled-code cache (or why not).
struct CodeLoad {
  Hash code_hash{};
  CodeTally tally{};
  // Its size in the cache once compiled; absent if it was not loaded.
  std::optional<uint64_t> compiled_bytes{};
  // Why it was not loaded: no contract uses it, or its load error.
  std::string error{};
};

struct StoreStats {
  std::string path{};
  uint64_t disk_bytes = 0;  // the directory's files
  StoreScan scan{};
  std::vector<CodeLoad> codes{};  // by code hash
  uint64_t compiled_bytes = 0;    // the sum over codes
  // The cache after loading each code once (stats_command.cc says how).
  CacheMetrics cache{};
};

// Prints `stats` on stdout as text (module-supplied and path text escaped)
// or as one JSON object.
void PrintStats(const StoreStats& stats, bool json);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_STATS_OUTPUT_H_
