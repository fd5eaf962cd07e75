// crash_writer DB CONTRACT METHOD: opens the store in DB read-write, runs
// one call of METHOD on CONTRACT (64 hex digits), and exits without closing
// the store, as a node killed right after a commit would: the call is left
// in the write-ahead log only, not flushed to an .sst file. Exit status 0
// once the call committed. A fixture maker for store_fault_test.sh.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "dytallix/hex.h"
#include "dytallix/runtime.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: crash_writer DB CONTRACT METHOD\n");
    return 1;
  }
  absl::StatusOr<dytallix::Address> contract = dytallix::ParseAddress(argv[2]);
  if (!contract.ok()) return 1;
  absl::StatusOr<std::unique_ptr<dytallix::Runtime>> runtime =
      dytallix::Runtime::Open(
          {.db_path = argv[1], .open_mode = dytallix::OpenMode::kReadWrite});
  if (!runtime.ok()) return 1;
  absl::StatusOr<dytallix::Outcome> outcome =
      (*runtime)->Call({.contract = *contract, .method = argv[3]});
  if (!outcome.ok() || !outcome->ok()) return 1;
  // Never destroy the runtime: no flush, no close.
  (void)runtime->release();
  std::_Exit(0);
}
