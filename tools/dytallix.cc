// dytallix: the command-line front end of the runtime.
#include <cstdio>
#include <string_view>
#include <vector>

#include "tools/commands.h"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(Args args);
};

constexpr Command kCommands[] = {
    {"inspect", "decode and validate a module; print its structure",
     InspectCommand},
    {"run", "instantiate a module and call its exports", RunCommand},
    {"deploy", "deploy a contract into a state database", DeployCommand},
    {"call", "call a contract method and commit its changes", CallCommand},
    {"query", "call a contract method read-only", QueryCommand},
    {"events", "list committed events", EventsCommand},
    {"block", "execute a block of deploys and calls, then commit it",
     BlockCommand},
    {"stats", "report a state database's records and compiled code",
     StatsCommand},
};

int Usage(FILE* out) {
  std::fprintf(out, "usage: dytallix COMMAND [ARGS...]\n\ncommands:\n");
  for (const Command& command : kCommands) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(command.name.size()),
                 command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(out, "\n'dytallix COMMAND --help' describes one command.\n");
  return out == stdout ? 0 : 1;
}

int Main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return Usage(stderr);
  if (args[0] == "--help" || args[0] == "help") return Usage(stdout);
  for (const Command& command : kCommands) {
    if (args[0] == command.name) {
      return command.run(Args(args).subspan(1));
    }
  }
  std::fprintf(stderr, "dytallix: unknown command '%s' (try --help)\n",
               EscapeText(args[0]).c_str());
  return 1;
}

}  // namespace
}  // namespace dytallix::internal

int main(int argc, char** argv) { return dytallix::internal::Main(argc, argv); }
