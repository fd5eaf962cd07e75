// state_fuzzer: any byte string is a sequence of state operations (set,
// remove, get, checkpoint, commit, rollback, emit, end of call, event query);
// run on the in-memory StateStore and on the reference model, they must agree
// on every read, size, limit error, event and digest. A divergence aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "state/mem_kv_store.h"
#include "testing/model_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)
  MemKvStore kv;
  absl::Status status = dytallix::testing::RunModelCheck(
      kv, std::string_view(reinterpret_cast<const char*>(data), size));
  if (!status.ok()) {
    std::fprintf(stderr, "state diverged from the model: %s\n",
                 status.ToString().c_str());
    std::abort();
  }
  return 0;
}
