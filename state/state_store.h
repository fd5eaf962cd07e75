// StateStore: contract state over a KvStore. It checks the format version at
// open, hands out CallStates for calls and queries, commits a successful
// top-level call as one atomic batch, answers event queries, and keeps the
// state digest.
//
// State digest: an LtHash (lt_hash.h) of every record of the families
// code, contract, storage, nonce and event, as raw (key, value) pairs of
// layout.h. It does not cover derived records (storage usage, event indexes)
// or bookkeeping (format version, the digest itself, block digests). Two
// stores that hold the same such records have the same digest, whatever order
// the writes came in. The accumulator is written in the same batch as each
// call, so it is exactly as durable as the state it describes.
// FinalizeBlock(n) records the digest after block n's calls.
//
// Concurrency: the StateStore is thread-safe. Many threads may run calls at
// once, each with its own CallState. Commit is serialized and optimistic: it
// fails with kAborted, writing nothing, if any record the call read or wrote
// was changed by another commit since the call first read it. So concurrent
// calls on different contracts commit independently, and a conflicting call
// is never half-applied; the host re-runs or rejects it. Callers that want no
// aborts run calls that touch the same contract one after another.
//
// The KvStore passed to Open must outlive the StateStore, and nothing else may
// write to it meanwhile.
#ifndef DYTALLIX_STATE_STATE_STORE_H_
#define DYTALLIX_STATE_STATE_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "base/mutex.h"
#include "base/profile.h"
#include "state/call_state.h"
#include "state/event_query.h"
#include "state/kv_store.h"
#include "state/lt_hash.h"
#include "state/types.h"

namespace dytallix::internal {

// A call's net writes (its journal's pending values that differ from their
// origins), and the change they make to the digest.
struct CallWrites {
  WriteBatch batch;
  LtHash digest_delta;
};
CallWrites CollectWrites(const Journal& journal);

struct StoreOptions {
  // True: Commit and FinalizeBlock return only once durable (fsync).
  bool sync = false;
};

class StateStore {
 public:
  // Opens contract state in `kv`; an empty store is initialized with the
  // current format version (an error if `kv` is read-only). Errors:
  // kFailedPrecondition if the store was written in another format version (the
  // message names both), kDataLoss if the store has data but no version or
  // digest record, or they are malformed; backend errors as they are.
  static absl::StatusOr<std::unique_ptr<StateStore>> Open(
      KvStore& kv, const Profile& profile, const StoreOptions& options = {});

  // A new call over the current committed state. Also the way to query
  // committed state: read through a CallState and drop it.
  CallState BeginCall(const CallContext& context) const {
    return CallState(kv_, profile_, context,
                     writes_.load(std::memory_order_acquire));
  }
  // The committed records, for a block's view over them (block_view.h).
  const KvReader& Committed() const { return kv_; }
  const Profile& profile() const { return profile_; }

  // Writes the call's changes and events in one atomic batch.
  // REQUIRES: no open checkpoint in `call` (else kFailedPrecondition).
  // kAborted on a conflict (see above); on any error nothing is written and
  // the store is unchanged. `call` must not be committed twice.
  absl::Status Commit(const CallState& call);

  // Commits so far (Commit of a call that wrote something, CommitBlock): a
  // block executed over committed state is valid while this has not moved.
  uint64_t CommitCount() const;
  // The digest the state would have with `delta` added, if CommitCount() is
  // still `commits` (else kAborted).
  absl::StatusOr<Hash256> DigestAfter(const LtHash& delta,
                                      uint64_t commits) const;
  // Writes a block's net writes, their digest change `delta` and block
  // `block`'s digest record in one atomic batch. kAborted, writing nothing,
  // unless CommitCount() is still `commits` (what the block executed over).
  absl::Status CommitBlock(uint64_t block, const WriteBatch& writes,
                           const LtHash& delta, uint64_t commits);

  absl::StatusOr<EventPage> QueryEvents(const EventQuery& query) const {
    return internal::QueryEvents(kv_, query);
  }

  // The digest of the current committed state.
  Hash256 Digest() const;
  // Records Digest() as block `block`'s digest.
  absl::Status FinalizeBlock(uint64_t block);
  // The digest recorded for `block`, or nullopt.
  absl::StatusOr<std::optional<Hash256>> BlockDigest(uint64_t block) const;
  // Recomputes the digest by scanning every record, from a snapshot: for
  // audits and tests; O(size of the state).
  absl::StatusOr<Hash256> RecomputeDigest() const;

 private:
  StateStore(KvStore& kv, const Profile& profile, const StoreOptions& options,
             LtHash accumulator)
      : kv_(kv),
        profile_(profile),
        options_(options),
        accumulator_(accumulator) {}

  // kAborted if a record `call` saw has changed since.
  absl::Status CheckNoConflict(const CallState& call) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  KvStore& kv_;
  const Profile profile_;
  const StoreOptions options_;
  mutable Mutex mu_;                         // serializes writes
  LtHash accumulator_ ABSL_GUARDED_BY(mu_);  // equals the stored record
  uint64_t commits_ ABSL_GUARDED_BY(mu_) = 0;
  // Writes to kv_ so far (commits and block digests), counted after each
  // write under mu_: a call that began when it was N and commits while it
  // is still N read records nothing has changed since, so it cannot
  // conflict (the check re-reads every record the call read, a twentieth of
  // a token transfer).
  std::atomic<uint64_t> writes_{0};
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_STATE_STORE_H_
