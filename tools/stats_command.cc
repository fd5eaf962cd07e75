// dytallix stats: what a state database holds and how much compiled code
// its contracts need, for a node operator. Reads only: the store is opened
// read-only twice, once through the public Runtime (state digest, the
// compiled-code cache) and once as a RocksDB store for a scan of every
// record (tools/store_scan.h); the two must agree on the state digest, so
// a writer committing in between is noticed and the reading is repeated.
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "dytallix/runtime.h"
#include "tools/commands.h"
#include "tools/contract_options.h"
#include "tools/stats_output.h"
#include "tools/store_scan.h"

namespace dytallix::internal {
namespace {

constexpr char kStatsUsage[] =
    "usage: dytallix stats [OPTIONS]\n"
    "Reports what a state database holds, for a node operator. Opens the\n"
    "store read-only: writes nothing to it, works while another process has\n"
    "it open. Reads every record, so it takes a while on a large store.\n"
    "  store     the directory, its format version, the size of its files,\n"
    "            the state digest, and the highest block whose digest a\n"
    "            committed block recorded ('dytallix block')\n"
    "  records   per record family (state/LAYOUT.md: meta, code, contracts,\n"
    "            storage, storage_usage, nonces, events and their two\n"
    "            indexes, block_digests): how many, and the bytes of their\n"
    "            keys and values (before RocksDB compresses them)\n"
    "  code      each stored code: its hash, module size, the contracts\n"
    "            deployed with it, and its size once compiled\n"
    "  cache     the compiled-code cache of this process after loading each\n"
    "            code once (pinned to measure it, then unpinned, as a node\n"
    "            that ran each contract once would hold it): misses = codes\n"
    "            compiled; unpinned entries and bytes = what stays within\n"
    "            the budget; evictions = what did not fit. A node's cache\n"
    "            lives in its memory, not in the store, and starts empty;\n"
    "            compare 'compiled code' with the budget to choose\n"
    "            Config::cache_bytes.\n"
    "  --cache-bytes N   the cache budget to measure against (default\n"
    "                    268435456, as Config::cache_bytes)\n"
    "  --db DIR          the state database (RocksDB; default "
    "./dytallix-data)\n"
    "  --json            print one JSON object instead of text\n"
    "Exit status: 0 ok, 1 usage error, no store, or a store that cannot be\n"
    "read.\n";

// How often the reading is repeated when a writer commits meanwhile.
constexpr int kAttempts = 3;

// The size of the files under `dir`; 0 for what cannot be listed.
uint64_t DiskBytes(const std::string& dir) {
  std::error_code ec;
  uint64_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code size_ec;
    const uint64_t size =
        it->is_regular_file(size_ec) ? it->file_size(size_ec) : 0;
    if (!size_ec) total += size;
  }
  return total;
}

// Loads `code` through its first contract: Pin compiles it into the cache
// (pinned, so that nothing evicts it before it is measured), Unpin moves it
// among the unpinned entries under the budget, as a call would leave it.
CodeLoad Load(Runtime& runtime, const Hash& hash, const CodeTally& tally) {
  CodeLoad load{.code_hash = hash, .tally = tally};
  if (tally.contracts == 0) {
    load.error = "no contract uses it";
    return load;
  }
  const uint64_t before = runtime.GetCacheMetrics().bytes_pinned;
  if (absl::Status pinned = runtime.Pin(tally.first_contract); !pinned.ok()) {
    load.error = std::string(pinned.message());
    return load;
  }
  load.compiled_bytes = runtime.GetCacheMetrics().bytes_pinned - before;
  if (absl::Status unpinned = runtime.Unpin(tally.first_contract);
      !unpinned.ok()) {
    load.error = std::string(unpinned.message());
  }
  return load;
}

void LoadCodes(Runtime& runtime, StoreStats& stats) {
  for (const auto& [hash, tally] : stats.scan.codes) {
    stats.codes.push_back(Load(runtime, hash, tally));
    stats.compiled_bytes += stats.codes.back().compiled_bytes.value_or(0);
  }
  stats.cache = runtime.GetCacheMetrics();
}

absl::StatusOr<StoreStats> ReadStats(const ContractOptions& options) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    absl::StatusOr<std::unique_ptr<Runtime>> runtime =
        OpenRuntime(options, dytallix::OpenMode::kReadOnly);
    if (!runtime.ok()) return runtime.status();
    absl::StatusOr<StoreScan> scan = ScanStore(options.db);
    if (!scan.ok()) return scan.status();
    if (scan->state_digest != (*runtime)->StateDigest()) continue;
    StoreStats stats{.path = options.db,
                     .disk_bytes = DiskBytes(options.db),
                     .scan = *std::move(scan)};
    LoadCodes(**runtime, stats);
    return stats;
  }
  return absl::AbortedError(absl::StrCat(
      "state database ", options.db, " changed during each of ", kAttempts,
      " readings (another process is committing to it); try again"));
}

}  // namespace

int StatsCommand(Args args) {
  ContractOptions options;
  int exit_code = 0;
  if (!ParseOrExit("stats", kStatsUsage, args, OptionSet::kStats, {}, options,
                   exit_code)) {
    return exit_code;
  }
  absl::StatusOr<StoreStats> stats = ReadStats(options);
  if (!stats.ok()) return Fail("stats", stats.status());
  PrintStats(*stats, options.json);
  return 0;
}

}  // namespace dytallix::internal
