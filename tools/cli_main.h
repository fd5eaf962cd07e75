// The entry point of the two CLI programs, which share one command table:
//
//   dytallix        inspect and run in this process; the commands that use a
//                   state database (deploy, call, query, events, block,
//                   stats) run in dytallix-state, which it executes in its
//                   own place with the same arguments.
//   dytallix-state  every command in this process.
//
// The split keeps RocksDB out of the process for `inspect` and `run`: linked
// in, its static initialization alone took 1.4 ms and 7 MiB of every
// start-up.
#ifndef DYTALLIX_TOOLS_CLI_MAIN_H_
#define DYTALLIX_TOOLS_CLI_MAIN_H_

#include "tools/commands.h"

namespace dytallix::internal {

// The commands that use a state database (tools/commands.h).
struct StateCommands {
  int (*deploy)(Args);
  int (*call)(Args);
  int (*query)(Args);
  int (*events)(Args);
  int (*block)(Args);
  int (*stats)(Args);
};

// The file name of the program that runs the state commands, looked for in
// the directory of the running program.
inline constexpr char kStateProgram[] = "dytallix-state";

// Runs the command argv[1] names. With `state` null, a state command
// replaces this process with kStateProgram (or fails, saying why).
int CliMain(int argc, char** argv, const StateCommands* state);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_CLI_MAIN_H_
