// The `dytallix` CLI's subcommands. Each takes the arguments after its name,
// prints its own output and returns the process exit status:
// 0 success, 1 usage or load error, 2 a trap or failed call.
#ifndef DYTALLIX_TOOLS_COMMANDS_H_
#define DYTALLIX_TOOLS_COMMANDS_H_

#include <span>
#include <string_view>

namespace dytallix::internal {

using Args = std::span<const std::string_view>;

// dytallix inspect FILE.wasm [--profile contract|spec] [--disassemble]
// [--json]
int InspectCommand(Args args);

// dytallix run FILE.wasm [--profile P] [--gas N | --no-gas] --invoke NAME ...
int RunCommand(Args args);

// Contract requests against a state database (contract_commands.cc):
// dytallix deploy FILE.wasm [OPTIONS]
int DeployCommand(Args args);
// dytallix call ADDR METHOD [OPTIONS]
int CallCommand(Args args);
// dytallix query ADDR METHOD [OPTIONS]
int QueryCommand(Args args);
// dytallix events [OPTIONS]
int EventsCommand(Args args);

// dytallix block FILE.json [--db DIR] [--parallel N] [--dry-run] [--json]
// (block_command.cc)
int BlockCommand(Args args);

// dytallix stats [--db DIR] [--cache-bytes N] [--json] (stats_command.cc)
int StatsCommand(Args args);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_COMMANDS_H_
