// dytallix block FILE.json: executes a block of deploys and calls (a block
// file, tools/block_file.h) with Runtime::ExecuteBlock, commits it with
// CommitBlock unless --dry-run, and prints every transaction's outcome and
// the block's digest, gas and statistics (tools/block_output.h).
#include <memory>
#include <string_view>

#include "dytallix/runtime.h"
#include "tools/block_file.h"
#include "tools/block_output.h"
#include "tools/commands.h"
#include "tools/contract_options.h"

namespace dytallix::internal {
namespace {

constexpr char kBlockUsage[] =
    "usage: dytallix block FILE.json [OPTIONS]\n"
    "Executes a block of deploys and calls in order, each over the state the\n"
    "ones before it left, then commits the block as one atomic write. Prints\n"
    "each transaction's outcome (or why it was rejected), then the block's\n"
    "state digest, gas used and execution statistics.\n"
    "FILE.json: {\"height\": N, \"timestamp\": T, \"transactions\": [TX, "
    "...]}\n"
    "  TX: {\"type\": \"deploy\", \"sender\": ADDR, \"code\": \"FILE.wasm\",\n"
    "       \"input\": HEX, \"gas_limit\": N}\n"
    "   or {\"type\": \"call\", \"sender\": ADDR, \"contract\": ADDR,\n"
    "       \"method\": NAME, \"input\": HEX, \"gas_limit\": N}\n"
    "  timestamp, input and gas_limit are optional (0, no bytes, 0 = the\n"
    "  default limit 10000000); a relative code path is read from FILE.json's\n"
    "  directory; unknown or repeated fields are errors. ADDR's K-th deploy\n"
    "  (from 0; rejected ones do not count) creates the contract at\n"
    "  SHA-256(ADDR || K as 8 bytes big-endian).\n"
    "  --db DIR          the state database (RocksDB), created if DIR does "
    "not\n"
    "                    exist or is empty; default: an in-memory store,\n"
    "                    discarded at exit\n"
    "  --parallel N      execute on N threads (1..256, default 1); the "
    "results\n"
    "                    are the same whatever N (only the stats differ)\n"
    "  --dry-run         execute, but commit nothing (--db opens read-only)\n"
    "  --json            print one JSON object instead of text\n"
    "Exit status: 0 the block ran (and committed), whatever its transactions'\n"
    "outcomes; 1 usage error, malformed file, or a block that could not run.\n";

// No --db: a fresh in-memory store. --dry-run never writes, so it opens the
// store read-only (and needs one); otherwise the store is opened, or
// created, as deploy does.
absl::StatusOr<std::unique_ptr<Runtime>> OpenBlockRuntime(
    const ContractOptions& options) {
  if (options.db.empty()) {
    return OpenRuntime(options, OpenMode::kCreateIfMissing);
  }
  if (options.dry_run) return OpenRuntime(options, OpenMode::kReadOnly);
  return OpenOrCreateRuntime("block", options);
}

}  // namespace

int BlockCommand(Args args) {
  ContractOptions options;
  options.db.clear();  // unlike the other commands, in memory by default
  int exit_code = 0;
  constexpr std::string_view kArgs[] = {"FILE.json"};
  if (!ParseOrExit("block", kBlockUsage, args, OptionSet::kBlock, kArgs,
                   options, exit_code)) {
    return exit_code;
  }
  absl::StatusOr<BlockFile> file = ReadBlockFile(options.positionals[0]);
  if (!file.ok()) return Fail("block", file.status());
  absl::StatusOr<std::unique_ptr<Runtime>> runtime = OpenBlockRuntime(options);
  if (!runtime.ok()) return Fail("block", runtime.status());
  absl::StatusOr<BlockResult> result = (*runtime)->ExecuteBlock(
      file->block, file->transactions, {.parallelism = options.parallelism});
  if (!result.ok()) return Fail("block", result.status());
  if (!options.dry_run) {
    if (absl::Status committed = (*runtime)->CommitBlock(*result);
        !committed.ok()) {
      return Fail("block", committed);
    }
  }
  PrintBlockResult(*result, file->transactions, !options.dry_run, options.json);
  return 0;
}

}  // namespace dytallix::internal
