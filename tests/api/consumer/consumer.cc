// Deploys counter.wasm (argv[1]) in memory through the installed C++ API and
// prints the result of one increment: "count 1".
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "dytallix/runtime.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream file(argv[1], std::ios::binary);
  std::string code((std::istreambuf_iterator<char>(file)), {});
  auto runtime = dytallix::Runtime::Open({});
  if (!runtime.ok()) return 1;
  auto deployed = (*runtime)->Deploy({.code = code});
  if (!deployed.ok() || !deployed->init.ok()) return 1;
  auto outcome =
      (*runtime)->Call({.contract = deployed->address, .method = "increment"});
  if (!outcome.ok() || !outcome->ok() || outcome->output.size() != 8) return 1;
  std::printf("count %d\n", outcome->output[0]);
  return 0;
}
