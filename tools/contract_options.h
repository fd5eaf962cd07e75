// Command-line options shared by the contract commands (deploy, call, query,
// events, block), and opening the runtime they name.
#ifndef DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_
#define DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dytallix/runtime.h"
#include "tools/commands.h"

namespace dytallix::internal {

inline constexpr char kDefaultDb[] = "./dytallix-data";
inline constexpr uint64_t kDefaultGas = 10'000'000;

// Which options a command accepts beyond --db, --json and --help.
enum class OptionSet {
  kRequest,  // call, query: --input or --input-text, --from, --gas,
             // --block, --timestamp, --gas-profile
  kDeploy,   // --input or --input-text, --from, --gas, --block,
             // --timestamp, --min-score, --analyzer-plugin,
             // --analyzer-timeout, --analyzer-fail-open
  kEvents,   // --contract, --topic, --from-block, --to-block, --limit,
             // --after
  kBlock,    // --parallel, --dry-run
  kStats,    // --cache-bytes
};

inline constexpr uint32_t kMaxParallelism = 256;

struct ContractOptions {
  std::vector<std::string> positionals;
  std::string db = kDefaultDb;  // "": an in-memory store (block's default)
  bool json = false;
  // kRequest, kDeploy
  std::string input;
  Address sender{};  // --from; all zero bytes by default
  uint64_t gas = kDefaultGas;
  Block block;
  std::string gas_profile;  // kRequest: a file for the gas profile
  // kDeploy
  AnalyzerConfig analyzer;
  // kEvents
  EventFilter filter;
  // kBlock
  uint32_t parallelism = 1;  // 1..kMaxParallelism
  bool dry_run = false;
  // kStats (and the runtime OpenRuntime opens): the compiled-code cache's
  // budget, Config::cache_bytes.
  uint64_t cache_bytes = Config{}.cache_bytes;
};

// Parses `args` (after the command's name) into `options`. On --help prints
// `usage` on stdout and sets `exit_code` to 0; on a usage error (an unknown,
// repeated or conflicting option, a bad value, a missing or extra
// argument) prints it as UsageError does and sets `exit_code` to 1. Returns
// true when the command should run. `positionals` names the arguments the
// command takes, in order ("ADDR", "METHOD"), for the error when one is
// missing.
bool ParseOrExit(std::string_view command, std::string_view usage, Args args,
                 OptionSet set, std::span<const std::string_view> positionals,
                 ContractOptions& options, int& exit_code);

// An event's position as --after takes it and the truncation notice prints
// it: "BLOCK:TX:EVENT".
std::string CursorText(const Event& event);

// Opens the RocksDB state in options.db with options.analyzer and
// options.cache_bytes, in `mode` (deploy: kCreateIfMissing; call:
// kReadWrite; query, events, stats: kReadOnly).
// A missing store's error says that deploy creates one; what the open
// recovered from (Runtime::OpenNote) is printed on stderr.
absl::StatusOr<std::unique_ptr<Runtime>> OpenRuntime(
    const ContractOptions& options, dytallix::OpenMode mode);

// Opens options.db as deploy does: kCreateIfMissing, and if it created a
// new store (`DIR` was absent or an empty directory) says so on stderr, so
// that a mistyped --db is noticed.
absl::StatusOr<std::unique_ptr<Runtime>> OpenOrCreateRuntime(
    std::string_view command, const ContractOptions& options);

// Prints "dytallix COMMAND: WHAT" on stderr, WHAT through EscapeText (it may
// echo arguments, paths and revert messages), and returns `exit_code`.
int Fail(std::string_view command, std::string_view what, int exit_code);
// A request that could not run: its status's message, exit status 1.
int Fail(std::string_view command, const absl::Status& status);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_
