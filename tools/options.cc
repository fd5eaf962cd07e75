#include "tools/options.h"

#include <cstdio>
#include <vector>

#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

const Option* Find(std::span<const Option> options, std::string_view name) {
  for (const Option& option : options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace

std::string ParseOptions(Args args, std::span<const Option> options,
                         const ApplyFn& positional) {
  std::vector<const Option*> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (!arg.starts_with("--")) {
      if (std::string error = positional(arg); !error.empty()) return error;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    const Option* option = Find(options, name);
    if (option == nullptr)
      return absl::StrCat("unknown option ", std::string(name));
    for (const Option* earlier : seen) {
      if (earlier == option && !option->repeatable) {
        return absl::StrCat(std::string(name), ": given twice");
      }
      if (earlier != option && !option->group.empty() &&
          earlier->group == option->group) {
        return absl::StrCat(std::string(name), ": cannot be combined with ",
                            std::string(earlier->name));
      }
    }
    seen.push_back(option);
    std::string_view value;
    if (equals != std::string_view::npos) {
      if (option->value.empty())
        return absl::StrCat(std::string(name), ": takes no value");
      value = arg.substr(equals + 1);
    } else if (!option->value.empty()) {
      if (i + 1 == args.size()) {
        return absl::StrCat(std::string(name), ": needs ",
                            std::string(option->value));
      }
      value = args[++i];
    }
    if (std::string error = option->apply(value); !error.empty()) {
      return absl::StrCat(std::string(name), ": ", error);
    }
  }
  return "";
}

bool WantsHelp(Args args) {
  for (std::string_view arg : args) {
    if (arg == "--help") return true;
  }
  return false;
}

int UsageError(std::string_view command, std::string_view what) {
  std::fprintf(stderr, "dytallix %.*s: %s\nsee 'dytallix %.*s --help'\n",
               static_cast<int>(command.size()), command.data(),
               EscapeText(what).c_str(), static_cast<int>(command.size()),
               command.data());
  return 1;
}

}  // namespace dytallix::internal
