// dytallix: the command-line front end of the runtime (tools/cli_main.h).
#include "tools/cli_main.h"

int main(int argc, char** argv) {
  return dytallix::internal::CliMain(argc, argv, nullptr);
}
