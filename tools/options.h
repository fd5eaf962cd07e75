// The one command-line parser of every `dytallix` subcommand: a table of the
// options a command accepts, one strict number parser, and one form of
// usage error ("dytallix CMD: WHAT" then "see 'dytallix CMD --help'").
#ifndef DYTALLIX_TOOLS_OPTIONS_H_
#define DYTALLIX_TOOLS_OPTIONS_H_

#include <charconv>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "tools/commands.h"

namespace dytallix::internal {

// Applies an option's value (empty for a flag) or a positional argument;
// returns why it is refused, or "" if it is taken.
using ApplyFn = std::function<std::string(std::string_view value)>;

struct Option {
  std::string_view name;  // "--gas"
  // What the option's value is, for the error when it is missing ("a gas
  // limit"); empty for a flag, which takes no value.
  std::string_view value;
  ApplyFn apply;
  // Options that share a non-empty group exclude each other.
  std::string_view group = {};
  // Whether the option may be given more than once (otherwise a second
  // one is an error rather than silently replacing the first).
  bool repeatable = false;
};

// Parses `args` against `options`: "--name VALUE", "--name=VALUE" or a flag
// "--name"; every argument that does not start with "--" goes to
// `positional` (so negative numbers such as -7 are positional). "--help" is
// not handled here (see WantsHelp). Returns "" or one line saying which
// argument is wrong and why, for UsageError.
std::string ParseOptions(Args args, std::span<const Option> options,
                         const ApplyFn& positional);

// True if any argument is "--help".
bool WantsHelp(Args args);

// Prints "dytallix COMMAND: WHAT" (WHAT escaped: it may echo arguments) and
// "see 'dytallix COMMAND --help'" on stderr; returns exit status 1.
int UsageError(std::string_view command, std::string_view what);

// Parses a whole number: decimal digits only (no sign, no spaces, no
// prefix), and it must fit T. The one parser of counts, limits and block
// numbers on the command line.
template <typename T>
bool ParseWholeNumber(std::string_view text, T& out) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// An option whose value is a whole number from `min` to `max`, stored in
// `out`. The error says what is wanted and what was given: "needs a
// positive whole number, got ' 5'", "needs a whole number from 0 to 100, got
// '101'".
template <typename T>
ApplyFn WholeNumberInto(T& out, T min = 0,
                        T max = std::numeric_limits<T>::max()) {
  return [&out, min, max](std::string_view value) -> std::string {
    T number = 0;
    if (ParseWholeNumber(value, number) && number >= min && number <= max) {
      out = number;
      return "";
    }
    const std::string wanted =
        max != std::numeric_limits<T>::max()
            ? absl::StrCat("a whole number from ", +min, " to ", +max)
        : min == 1 ? "a positive whole number"
                   : "a whole number";
    return absl::StrCat("needs ", wanted, ", got '", std::string(value), "'");
  };
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_OPTIONS_H_
