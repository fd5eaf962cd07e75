#include "tools/contract_options.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dytallix/hex.h"
#include "tools/options.h"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

// An option that stores its value as given.
ApplyFn TextInto(std::string& out) {
  return [&out](std::string_view value) {
    out = std::string(value);
    return std::string();
  };
}

ApplyFn AddressInto(Address& out) {
  return [&out](std::string_view value) -> std::string {
    absl::StatusOr<Address> address = ParseAddress(value);
    if (!address.ok()) return std::string(address.status().message());
    out = *address;
    return "";
  };
}

ApplyFn OptionalAddressInto(std::optional<Address>& out) {
  return [&out](std::string_view value) {
    return AddressInto(out.emplace())(value);
  };
}

// "BLOCK:TX:EVENT", each a whole number.
ApplyFn CursorInto(std::optional<EventCursor>& out) {
  return [&out](std::string_view value) -> std::string {
    const size_t first = value.find(':');
    const size_t second = value.find(':', first + 1);
    EventCursor cursor;
    if (first == std::string_view::npos || second == std::string_view::npos ||
        !ParseWholeNumber(value.substr(0, first), cursor.block) ||
        !ParseWholeNumber(value.substr(first + 1, second - first - 1),
                          cursor.tx_index) ||
        !ParseWholeNumber(value.substr(second + 1), cursor.event_index)) {
      return absl::StrCat(
          "needs BLOCK:TX:EVENT (as a truncated listing "
          "prints it), got '",
          std::string(value), "'");
    }
    out = cursor;
    return "";
  };
}

// --input, --input-text, --from, --gas, --block, --timestamp.
void AddRequestOptions(ContractOptions& o, std::vector<Option>& options) {
  options.insert(
      options.end(),
      {{"--input", "hex bytes",
        [&o](std::string_view value) -> std::string {
          absl::StatusOr<std::string> bytes = FromHex(value);
          if (!bytes.ok()) return std::string(bytes.status().message());
          o.input = *std::move(bytes);
          return "";
        },
        "input"},
       {"--input-text", "text", TextInto(o.input), "input"},
       {"--from", "an address", AddressInto(o.sender)},
       {"--gas", "a gas limit", WholeNumberInto(o.gas, uint64_t{1})},
       {"--block", "a block number", WholeNumberInto(o.block.number)},
       {"--timestamp", "Unix seconds", WholeNumberInto(o.block.timestamp)}});
}

void AddDeployOptions(ContractOptions& o, std::vector<Option>& options) {
  AnalyzerConfig& analyzer = o.analyzer;
  options.insert(
      options.end(),
      {{"--min-score", "a score",
        WholeNumberInto(analyzer.min_score, uint8_t{0}, uint8_t{100})},
       {"--analyzer-plugin", "a path", TextInto(analyzer.plugin_path)},
       {"--analyzer-timeout", "milliseconds",
        [&analyzer](std::string_view value) {
          uint32_t ms = 0;
          std::string error = WholeNumberInto(ms, uint32_t{1})(value);
          if (error.empty()) {
            analyzer.plugin_timeout = std::chrono::milliseconds(ms);
          }
          return error;
        }},
       {"--analyzer-fail-open", "", [&analyzer](std::string_view) {
          analyzer.plugin_fail_open = true;
          return std::string();
        }}});
}

void AddEventsOptions(ContractOptions& o, std::vector<Option>& options) {
  EventFilter& filter = o.filter;
  options.insert(
      options.end(),
      {{"--contract", "an address", OptionalAddressInto(filter.contract)},
       {"--topic", "a topic",
        [&filter](std::string_view value) {
          filter.topic = std::string(value);
          return std::string();
        }},
       {"--from-block", "a block number", WholeNumberInto(filter.from_block)},
       {"--to-block", "a block number", WholeNumberInto(filter.to_block)},
       {"--limit", "a count", WholeNumberInto(filter.limit, uint32_t{1})},
       {"--after", "a cursor", CursorInto(filter.after)}});
}

void AddBlockOptions(ContractOptions& o, std::vector<Option>& options) {
  options.insert(
      options.end(),
      {{"--parallel", "a thread count",
        WholeNumberInto(o.parallelism, uint32_t{1}, kMaxParallelism)},
       {"--dry-run", "", [&o](std::string_view) {
          o.dry_run = true;
          return std::string();
        }}});
}

// True if `dir` does not exist or is an empty directory: where
// kCreateIfMissing creates a new store.
bool IsFreshDirectory(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return !ec;
  return std::filesystem::is_directory(dir, ec) &&
         std::filesystem::is_empty(dir, ec) && !ec;
}

std::vector<Option> OptionsFor(OptionSet set, ContractOptions& o) {
  std::vector<Option> options = {{"--db", "a directory", TextInto(o.db)},
                                 {"--json", "", [&o](std::string_view) {
                                    o.json = true;
                                    return std::string();
                                  }}};
  switch (set) {
    case OptionSet::kRequest:
      AddRequestOptions(o, options);
      options.push_back({"--gas-profile", "a file", TextInto(o.gas_profile)});
      break;
    case OptionSet::kDeploy:
      AddRequestOptions(o, options);
      AddDeployOptions(o, options);
      break;
    case OptionSet::kEvents:
      AddEventsOptions(o, options);
      break;
    case OptionSet::kBlock:
      AddBlockOptions(o, options);
      break;
    case OptionSet::kStats:
      options.push_back(
          {"--cache-bytes", "a byte count", WholeNumberInto(o.cache_bytes)});
      break;
  }
  return options;
}

}  // namespace

bool ParseOrExit(std::string_view command, std::string_view usage, Args args,
                 OptionSet set, std::span<const std::string_view> positionals,
                 ContractOptions& options, int& exit_code) {
  if (WantsHelp(args)) {
    std::fwrite(usage.data(), 1, usage.size(), stdout);
    exit_code = 0;
    return false;
  }
  const std::vector<Option> table = OptionsFor(set, options);
  std::string error =
      ParseOptions(args, table, [&](std::string_view arg) -> std::string {
        if (options.positionals.size() == positionals.size()) {
          return absl::StrCat("unexpected argument '", std::string(arg), "'");
        }
        options.positionals.emplace_back(arg);
        return "";
      });
  if (error.empty() && options.positionals.size() < positionals.size()) {
    error = absl::StrCat("missing ",
                         std::string(positionals[options.positionals.size()]));
  }
  if (error.empty()) return true;
  exit_code = UsageError(command, error);
  return false;
}

std::string CursorText(const Event& event) {
  return absl::StrCat(event.block, ":", event.tx_index, ":", event.event_index);
}

absl::StatusOr<std::unique_ptr<Runtime>> OpenRuntime(
    const ContractOptions& options, dytallix::OpenMode mode) {
  Config config;
  config.db_path = options.db;
  config.open_mode = mode;
  config.default_gas_limit = options.gas;
  config.analyzer = options.analyzer;
  config.cache_bytes = options.cache_bytes;
  absl::StatusOr<std::unique_ptr<Runtime>> runtime = Runtime::Open(config);
  if (absl::IsNotFound(runtime.status())) {
    return absl::NotFoundError(absl::StrCat(
        runtime.status().message(), "; 'dytallix deploy' creates a store"));
  }
  if (runtime.ok() && !(*runtime)->OpenNote().empty()) {
    std::fprintf(stderr, "dytallix: note: %s\n",
                 EscapeText((*runtime)->OpenNote()).c_str());
  }
  return runtime;
}

absl::StatusOr<std::unique_ptr<Runtime>> OpenOrCreateRuntime(
    std::string_view command, const ContractOptions& options) {
  const bool fresh = IsFreshDirectory(options.db);
  absl::StatusOr<std::unique_ptr<Runtime>> runtime =
      OpenRuntime(options, OpenMode::kCreateIfMissing);
  if (runtime.ok() && fresh) {
    std::fprintf(stderr, "dytallix %.*s: created a new state database in %s\n",
                 static_cast<int>(command.size()), command.data(),
                 EscapeText(options.db).c_str());
  }
  return runtime;
}

int Fail(std::string_view command, std::string_view what, int exit_code) {
  std::fprintf(stderr, "dytallix %.*s: %s\n", static_cast<int>(command.size()),
               command.data(), EscapeText(what).c_str());
  return exit_code;
}

int Fail(std::string_view command, const absl::Status& status) {
  const absl::string_view message = status.message();
  return Fail(command, std::string_view(message.data(), message.size()), 1);
}

}  // namespace dytallix::internal
