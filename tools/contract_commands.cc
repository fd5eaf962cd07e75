// dytallix deploy / call / query / events: contract requests against a
// RocksDB state directory, one request per process. What each may do to the
// store: deploy opens it read-write and creates it if the directory is
// absent or empty; call opens it read-write and needs it to exist; query
// and events open it read-only (they write nothing, and work while another
// process has the store open).
#include <cstdio>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "dytallix/hex.h"
#include "tools/commands.h"
#include "tools/contract_options.h"
#include "tools/file_util.h"
#include "tools/outcome_output.h"

namespace dytallix::internal {
namespace {

#define DYT_COMMON_OPTIONS                                    \
  "  --db DIR          the state database (RocksDB; default " \
  "./dytallix-data)\n"                                        \
  "  --json            print one JSON object instead of text\n"

#define DYT_REQUEST_OPTIONS                                                   \
  "  --input HEX       the input bytes, as hex\n"                             \
  "  --input-text STR  the input bytes, as text (not with --input)\n"         \
  "  --from ADDR       the sender, 64 hex digits (default all zeros)\n"       \
  "  --gas N           the gas limit (default 10000000)\n"                    \
  "  --block N         the block number (default 0)\n"                        \
  "  --timestamp T     the block time, Unix seconds (default "                \
  "0)\n" DYT_COMMON_OPTIONS                                                   \
  "Each request takes the next free transaction index of its block (after\n"  \
  "the highest index with events there), so runs never collide.\n"            \
  "Exit status: 0 ok, 1 usage or load error, 2 reverted, trapped or out of\n" \
  "gas.\n"

constexpr char kDeployUsage[] =
    "usage: dytallix deploy FILE.wasm [OPTIONS]\n"
    "Deploys a contract, running its init with the input; prints its "
    "address.\n"
    "Creates the store if --db does not exist or is an empty directory (and\n"
    "says so on stderr); refuses a directory that holds anything else.\n"
    "  --min-score N     reject the module if the analyzer scores it below N\n"
    "                    (0..100; default 0; see 'dytallix inspect')\n"
    "  --analyzer-plugin PATH  score with this analyzer plugin (a shared\n"
    "                    library) instead of the built-in analyzer\n"
    "  --analyzer-timeout MS   the plugin's time limit (default 1000)\n"
    "  --analyzer-fail-open    accept the module if the plugin fails\n"
    "                    (default: the deploy fails)\n" DYT_REQUEST_OPTIONS;

#define DYT_GAS_PROFILE_OPTION                                                \
  "  --gas-profile FILE  write the gas used per call stack to FILE, in the\n" \
  "                    folded-stack format flame graph tools read\n"

constexpr char kCallUsage[] =
    "usage: dytallix call ADDR METHOD [OPTIONS]\n"
    "Calls a contract method; its changes commit if it succeeds.\n"
    "The store must exist (deploy creates it).\n" DYT_GAS_PROFILE_OPTION
        DYT_REQUEST_OPTIONS;

constexpr char kQueryUsage[] =
    "usage: dytallix query ADDR METHOD [OPTIONS]\n"
    "Calls a method read-only: nothing is committed; writes trap.\n"
    "Opens the store read-only: writes nothing to it, works while another\n"
    "process has it open.\n" DYT_GAS_PROFILE_OPTION DYT_REQUEST_OPTIONS;

constexpr char kEventsUsage[] =
    "usage: dytallix events [OPTIONS]\n"
    "Lists committed events in chain order. Opens the store read-only.\n"
    "  --contract ADDR   only this contract's events\n"
    "  --topic T         only events with this topic\n"
    "  --from-block N    from this block (inclusive)\n"
    "  --to-block N      to this block (inclusive)\n"
    "  --limit N         at most N events (default 100); when more match,\n"
    "                    stderr says so and gives the --after that lists them\n"
    "  --after B:T:E     only events after block B, transaction T, event "
    "E\n" DYT_COMMON_OPTIONS;

// Prints the outcome; a failed one also gets a one-line error and exit 2.
int Report(std::string_view command, const Outcome& outcome,
           const std::optional<Address>& deployed, bool json) {
  PrintOutcome(outcome, deployed, json);
  if (outcome.ok()) return 0;
  std::fflush(stdout);  // the outcome first, then the error line
  std::string why(CallStatusName(outcome.status));
  const std::string& detail =
      outcome.message.empty() ? outcome.output : outcome.message;
  if (!detail.empty()) absl::StrAppend(&why, ": ", detail);
  return Fail(command, why, 2);
}

// call and query: `query` selects the read-only one.
int RunRequest(std::string_view command, std::string_view usage, Args args,
               bool query) {
  ContractOptions options;
  int exit_code = 0;
  constexpr std::string_view kArgs[] = {"ADDR", "METHOD"};
  if (!ParseOrExit(command, usage, args, OptionSet::kRequest, kArgs, options,
                   exit_code)) {
    return exit_code;
  }
  absl::StatusOr<Address> contract = ParseAddress(options.positionals[0]);
  if (!contract.ok()) return Fail(command, contract.status());
  absl::StatusOr<std::unique_ptr<Runtime>> runtime =
      OpenRuntime(options, query ? OpenMode::kReadOnly : OpenMode::kReadWrite);
  if (!runtime.ok()) return Fail(command, runtime.status());
  // An unwritable profile fails before the call runs, not after it commits.
  if (!options.gas_profile.empty()) {
    if (absl::Status writable = WriteFileText(options.gas_profile, "");
        !writable.ok()) {
      return Fail(command, writable);
    }
  }
  const CallRequest request{.sender = options.sender,
                            .contract = *contract,
                            .method = options.positionals[1],
                            .input = options.input,
                            .gas_limit = options.gas,
                            .block = options.block,
                            .gas_profile = !options.gas_profile.empty()};
  absl::StatusOr<Outcome> outcome =
      query ? (*runtime)->Query(request) : (*runtime)->Call(request);
  if (!outcome.ok()) return Fail(command, outcome.status());
  if (request.gas_profile) {
    if (absl::Status written =
            WriteFileText(options.gas_profile, outcome->gas_profile);
        !written.ok()) {
      return Fail(command, written);
    }
  }
  return Report(command, *outcome, std::nullopt, options.json);
}

}  // namespace

int DeployCommand(Args args) {
  ContractOptions options;
  int exit_code = 0;
  constexpr std::string_view kArgs[] = {"FILE.wasm"};
  if (!ParseOrExit("deploy", kDeployUsage, args, OptionSet::kDeploy, kArgs,
                   options, exit_code)) {
    return exit_code;
  }
  absl::StatusOr<std::vector<uint8_t>> code =
      ReadFileBytes(options.positionals[0]);
  if (!code.ok()) return Fail("deploy", code.status());
  absl::StatusOr<std::unique_ptr<Runtime>> runtime =
      OpenOrCreateRuntime("deploy", options);
  if (!runtime.ok()) return Fail("deploy", runtime.status());
  absl::StatusOr<DeployResult> deployed =
      (*runtime)->Deploy({.sender = options.sender,
                          .code = std::string(code->begin(), code->end()),
                          .input = options.input,
                          .gas_limit = options.gas,
                          .block = options.block});
  if (!deployed.ok()) return Fail("deploy", deployed.status());
  // A failed init created no contract: no address to print.
  const std::optional<Address> created =
      deployed->init.ok() ? std::optional(deployed->address) : std::nullopt;
  return Report("deploy", deployed->init, created, options.json);
}

int CallCommand(Args args) {
  return RunRequest("call", kCallUsage, args, false);
}

int QueryCommand(Args args) {
  return RunRequest("query", kQueryUsage, args, true);
}

int EventsCommand(Args args) {
  ContractOptions options;
  int exit_code = 0;
  if (!ParseOrExit("events", kEventsUsage, args, OptionSet::kEvents, {},
                   options, exit_code)) {
    return exit_code;
  }
  absl::StatusOr<std::unique_ptr<Runtime>> runtime =
      OpenRuntime(options, OpenMode::kReadOnly);
  if (!runtime.ok()) return Fail("events", runtime.status());
  // One more than the limit tells whether the listing is cut short.
  const uint32_t limit = options.filter.limit;
  EventFilter filter = options.filter;
  if (limit < UINT32_MAX) filter.limit = limit + 1;
  absl::StatusOr<std::vector<Event>> events = (*runtime)->Events(filter);
  if (!events.ok()) return Fail("events", events.status());
  const bool more = events->size() > limit;
  if (more) events->resize(limit);
  PrintEvents(*events, options.json);
  if (more) {
    std::fflush(stdout);
    std::fprintf(stderr,
                 "dytallix events: the first %u events; more follow: "
                 "--after %s\n",
                 limit, CursorText(events->back()).c_str());
  }
  return 0;
}

}  // namespace dytallix::internal
