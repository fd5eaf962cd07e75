// A model check for contract state: runs a sequence of operations (set,
// remove, get, checkpoint, commit, rollback, emit, end of call, query) both
// on a StateStore and on a deliberately simple reference model (a std::map
// with a stack of copies for checkpoints, sizes found by scanning, the digest
// recomputed from scratch), and reports the first difference in a read, a
// size, an error, an event query or the digest.
//
// Shared by the property tests and the state fuzzer, so both drive exactly
// the same operations. Test support only; not part of the runtime.
#ifndef DYTALLIX_TESTING_MODEL_CHECK_H_
#define DYTALLIX_TESTING_MODEL_CHECK_H_

#include <string_view>

#include "absl/status/status.h"
#include "base/profile.h"
#include "state/kv_store.h"

namespace dytallix::testing {

// Small limits, so random operations hit every limit often.
internal::Profile ModelCheckProfile();

// Runs the operations encoded in `ops` (every byte string is a valid program;
// running out of bytes ends it) on a StateStore opened over `kv`, which must
// be empty, and on the model. OK if they agreed throughout; otherwise an
// error naming the operation index and the difference.
absl::Status RunModelCheck(internal::KvStore& kv, std::string_view ops);

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODEL_CHECK_H_
