#include "tools/contract_options.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <limits>

#include "absl/strings/str_cat.h"
#include "dytallix/hex.h"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

// One option with a value: sets the field it names, or returns an error.
std::string ApplyRequestOption(std::string_view flag, std::string_view value,
                               ContractOptions& options) {
  if (flag == "--input") {
    absl::StatusOr<std::string> bytes = FromHex(value);
    if (!bytes.ok()) return absl::StrCat("--input: ", bytes.status().message());
    options.input = *std::move(bytes);
  } else if (flag == "--input-text") {
    options.input = std::string(value);
  } else if (flag == "--from") {
    absl::StatusOr<Address> address = ParseAddress(value);
    if (!address.ok())
      return absl::StrCat("--from: ", address.status().message());
    options.sender = *address;
  } else if (flag == "--gas") {
    if (!ParseNumber(value, options.gas) || options.gas == 0) {
      return "--gas needs a positive whole number";
    }
  } else if (flag == "--block") {
    if (!ParseNumber(value, options.block.number)) {
      return "--block needs a whole number";
    }
  } else if (flag == "--timestamp") {
    if (!ParseNumber(value, options.block.timestamp)) {
      return "--timestamp needs a whole number";
    }
  } else if (flag == "--gas-profile") {
    options.gas_profile = std::string(value);
  } else {
    return absl::StrCat("unknown option ", std::string(flag));
  }
  return "";
}

// The analyzer options of deploy, then the other request options.
std::string ApplyDeployOption(std::string_view flag, std::string_view value,
                              ContractOptions& options) {
  AnalyzerConfig& analyzer = options.analyzer;
  if (flag == "--min-score") {
    if (!ParseNumber(value, analyzer.min_score) || analyzer.min_score > 100) {
      return "--min-score needs a whole number from 0 to 100";
    }
  } else if (flag == "--analyzer-plugin") {
    analyzer.plugin_path = std::string(value);
  } else if (flag == "--analyzer-timeout") {
    uint32_t ms = 0;
    if (!ParseNumber(value, ms) || ms == 0) {
      return "--analyzer-timeout needs a positive number of milliseconds";
    }
    analyzer.plugin_timeout = std::chrono::milliseconds(ms);
  } else {
    return ApplyRequestOption(flag, value, options);
  }
  return "";
}

std::string ApplyEventsOption(std::string_view flag, std::string_view value,
                              ContractOptions& options) {
  EventFilter& filter = options.filter;
  if (flag == "--contract") {
    absl::StatusOr<Address> address = ParseAddress(value);
    if (!address.ok()) {
      return absl::StrCat("--contract: ", address.status().message());
    }
    filter.contract = *address;
  } else if (flag == "--topic") {
    filter.topic = std::string(value);
  } else if (flag == "--from-block") {
    if (!ParseNumber(value, filter.from_block)) {
      return "--from-block needs a whole number";
    }
  } else if (flag == "--to-block") {
    if (!ParseNumber(value, filter.to_block)) {
      return "--to-block needs a whole number";
    }
  } else if (flag == "--limit") {
    if (!ParseNumber(value, filter.limit) || filter.limit == 0) {
      return "--limit needs a positive whole number";
    }
  } else {
    return absl::StrCat("unknown option ", std::string(flag));
  }
  return "";
}

}  // namespace

std::string ParseContractOptions(Args args, OptionSet set,
                                 ContractOptions& options) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help") {
      options.help = true;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--analyzer-fail-open" && set == OptionSet::kDeploy) {
      options.analyzer.plugin_fail_open = true;
    } else if (!arg.starts_with("--")) {
      options.positionals.emplace_back(arg);
    } else if (i + 1 == args.size()) {
      return absl::StrCat(std::string(arg), " needs a value");
    } else if (arg == "--db") {
      options.db = std::string(args[++i]);
    } else {
      std::string_view value = args[++i];
      std::string error;
      switch (set) {
        case OptionSet::kRequest:
          error = ApplyRequestOption(arg, value, options);
          break;
        case OptionSet::kDeploy:
          error = ApplyDeployOption(arg, value, options);
          break;
        case OptionSet::kEvents:
          error = ApplyEventsOption(arg, value, options);
          break;
      }
      if (!error.empty()) return error;
    }
  }
  return "";
}

bool ParseOrExit(std::string_view command, std::string_view usage, Args args,
                 OptionSet set, size_t positionals, ContractOptions& options,
                 int& exit_code) {
  std::string error = ParseContractOptions(args, set, options);
  if (options.help) {
    std::fwrite(usage.data(), 1, usage.size(), stdout);
    exit_code = 0;
    return false;
  }
  if (error.empty() && options.positionals.size() != positionals) {
    error = absl::StrCat("expected ", positionals, " argument(s), got ",
                         options.positionals.size());
  }
  if (error.empty()) return true;
  std::fprintf(stderr, "dytallix %.*s: %s\n%.*s",
               static_cast<int>(command.size()), command.data(),
               EscapeText(error).c_str(), static_cast<int>(usage.size()),
               usage.data());
  exit_code = 1;
  return false;
}

absl::StatusOr<std::unique_ptr<Runtime>> OpenRuntime(
    const ContractOptions& options, dytallix::OpenMode mode) {
  Config config;
  config.db_path = options.db;
  config.open_mode = mode;
  config.default_gas_limit = options.gas;
  config.analyzer = options.analyzer;
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
