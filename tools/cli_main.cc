#include "tools/cli_main.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(Args args);               // in every program, or null
  int (*StateCommands::*state)(Args);  // a state command, or null
};

constexpr Command kCommands[] = {
    {"inspect", "decode and validate a module; print its structure",
     InspectCommand, nullptr},
    {"run", "instantiate a module and call its exports", RunCommand, nullptr},
    {"deploy", "deploy a contract into a state database", nullptr,
     &StateCommands::deploy},
    {"call", "call a contract method and commit its changes", nullptr,
     &StateCommands::call},
    {"query", "call a contract method read-only", nullptr,
     &StateCommands::query},
    {"events", "list committed events", nullptr, &StateCommands::events},
    {"block", "execute a block of deploys and calls, then commit it", nullptr,
     &StateCommands::block},
    {"stats", "report a state database's records and compiled code", nullptr,
     &StateCommands::stats},
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

// kStateProgram in the directory of this process's executable, an absolute
// path; empty if that directory is unknown (no /proc). Never a bare name,
// which would run whatever the working directory holds under that name.
std::string StateProgramPath() {
  std::string self(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", self.data(), self.size());
  if (n <= 0 || static_cast<size_t>(n) >= self.size()) return "";
  self.resize(static_cast<size_t>(n));
  const size_t slash = self.rfind('/');
  if (self.front() != '/' || slash == std::string::npos) return "";
  return self.substr(0, slash + 1) + kStateProgram;
}

// Replaces this process with the state program; returns only on failure.
int ExecStateProgram(std::string_view command, char** argv) {
  const std::string path = StateProgramPath();
  if (path.empty()) {
    std::fprintf(stderr,
                 "dytallix: the '%s' command runs in %s, and the directory "
                 "of this program is unknown (/proc/self/exe unreadable)\n",
                 EscapeText(command).c_str(), kStateProgram);
    return 1;
  }
  execv(path.c_str(), argv);
  const int error = errno;
  std::fprintf(stderr,
               "dytallix: the '%s' command runs in %s, which could not be "
               "started: %s\n",
               EscapeText(command).c_str(), EscapeText(path).c_str(),
               std::strerror(error));
  return 1;
}

}  // namespace

int CliMain(int argc, char** argv, const StateCommands* state) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return Usage(stderr);
  if (args[0] == "--help" || args[0] == "help") return Usage(stdout);
  for (const Command& command : kCommands) {
    if (args[0] != command.name) continue;
    const Args rest = Args(args).subspan(1);
    if (command.run != nullptr) return command.run(rest);
    if (state == nullptr) return ExecStateProgram(command.name, argv);
    return (state->*command.state)(rest);
  }
  std::fprintf(stderr, "dytallix: unknown command '%s' (try --help)\n",
               EscapeText(args[0]).c_str());
  return 1;
}

}  // namespace dytallix::internal
