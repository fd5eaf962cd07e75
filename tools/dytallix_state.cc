// dytallix-state: the CLI with the commands that use a state database in
// the same process (tools/cli_main.h). `dytallix` starts it for those.
#include "tools/cli_main.h"

namespace dytallix::internal {
namespace {

constexpr StateCommands kStateCommands = {
    .deploy = DeployCommand,
    .call = CallCommand,
    .query = QueryCommand,
    .events = EventsCommand,
    .block = BlockCommand,
    .stats = StatsCommand,
};

}  // namespace
}  // namespace dytallix::internal

int main(int argc, char** argv) {
  return dytallix::internal::CliMain(argc, argv,
                                     &dytallix::internal::kStateCommands);
}
