// Command-line options shared by the contract commands (deploy, call, query,
// events), and opening the runtime they name.
#ifndef DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_
#define DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_

#include <cstdint>
#include <memory>
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
  kRequest,  // --input, --input-text, --from, --gas, --block, --timestamp,
             // --gas-profile
  kDeploy,   // kRequest's and --min-score, --analyzer-plugin,
             // --analyzer-timeout, --analyzer-fail-open
  kEvents,   // --contract, --topic, --from-block, --to-block, --limit
};

struct ContractOptions {
  std::vector<std::string> positionals;
  std::string db = kDefaultDb;
  bool json = false;
  bool help = false;
  // kRequest
  std::string input;
  Address sender{};  // --from; all zero bytes by default
  uint64_t gas = kDefaultGas;
  Block block;
  std::string gas_profile;  // a file for the folded-stack gas profile
  // kDeploy
  AnalyzerConfig analyzer;
  // kEvents
  EventFilter filter;
};

// Parses `args` into `options`; returns an error text, or "" on success.
std::string ParseContractOptions(Args args, OptionSet set,
                                 ContractOptions& options);

// Parses the options and checks the positional count; on --help prints
// `usage` and sets `exit_code` to 0; on a usage error prints it with the
// usage and sets `exit_code` to 1. Returns true when the command should run.
bool ParseOrExit(std::string_view command, std::string_view usage, Args args,
                 OptionSet set, size_t positionals, ContractOptions& options,
                 int& exit_code);

// Opens the RocksDB state in options.db with options.analyzer, in `mode`
// (deploy: kCreateIfMissing; call: kReadWrite; query, events: kReadOnly).
// A missing store's error says that deploy creates one; what the open
// recovered from (Runtime::OpenNote) is printed on stderr.
absl::StatusOr<std::unique_ptr<Runtime>> OpenRuntime(
    const ContractOptions& options, dytallix::OpenMode mode);

// Prints "dytallix COMMAND: WHAT" on stderr, WHAT through EscapeText (it may
// echo arguments, paths and revert messages), and returns `exit_code`.
int Fail(std::string_view command, std::string_view what, int exit_code);
// A request that could not run: its status's message, exit status 1.
int Fail(std::string_view command, const absl::Status& status);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_CONTRACT_OPTIONS_H_
