// CallState: everything one top-level call (and the contract calls nested in
// it) does to contract state, before it is committed: storage reads and
// writes, code and contract records, deployer nonces and events, with nested
// checkpoints and the storage and event limits of a Profile.
//
// Checkpoints: the host opens one per contract call (Begin). Commit(cp) merges
// the checkpoint's writes into its parent; Rollback(cp) discards them exactly,
// so reads afterwards see the pre-checkpoint values, including keys deleted or
// re-created inside it, storage usage, and the event count. Only the innermost
// open checkpoint may be committed or rolled back. A top-level call that
// fails is simply dropped: nothing reaches the store until
// StateStore::Commit.
//
// Limits (a violation is kResourceExhausted naming the Profile field; the call
// state is unchanged by the failed operation):
//   storage key      <= max_storage_key_bytes
//   storage value    <= max_storage_value_bytes
//   per contract     sum of (key + value) sizes <=
//   max_storage_bytes_per_contract,
//                    tracked incrementally in a journaled usage record, so it
//                    stays right under overwrite, delete and rollback
//   event topic/data <= max_event_topic_bytes / max_event_data_bytes
//   events           <= max_events_per_call per top-level call, nested included
//
// Other errors come from the backend (reads) or corrupt records (kDataLoss).
//
// Not thread-safe: a call runs on one thread at a time. Many CallStates over
// one StateStore may run on different threads at once (see state_store.h).
// The committed-state reader passed in must outlive this object.
#ifndef DYTALLIX_STATE_CALL_STATE_H_
#define DYTALLIX_STATE_CALL_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/profile.h"
#include "state/journal.h"
#include "state/kv_store.h"
#include "state/types.h"

namespace dytallix::internal {

// Where the top-level call sits: stamped on its events.
struct CallContext {
  uint64_t block = 0;
  uint64_t block_timestamp = 0;  // Unix seconds
  uint32_t tx_index = 0;         // unique within the block
};

class CallState {
 public:
  // An open checkpoint; only meaningful for the CallState that made it.
  struct Checkpoint {
    size_t depth = 0;  // 1 for the outermost
  };

  // `writes_at_start` is StateStore::Writes() when the call began, if it
  // reads a StateStore's records (StateStore::BeginCall).
  CallState(const KvReader& committed, const Profile& profile,
            const CallContext& context,
            std::optional<uint64_t> writes_at_start = std::nullopt)
      : journal_(committed),
        profile_(profile),
        context_(context),
        writes_at_start_(writes_at_start) {}

  // Storage of one contract.
  absl::StatusOr<std::optional<std::string>> GetStorage(const Address& contract,
                                                        std::string_view key);
  absl::Status SetStorage(const Address& contract, std::string_view key,
                          std::string_view value);
  // True if the key existed.
  absl::StatusOr<bool> RemoveStorage(const Address& contract,
                                     std::string_view key);
  // Bytes of storage (keys + values) the contract uses, as this call sees it.
  absl::StatusOr<uint64_t> StorageBytes(const Address& contract);

  // Stores `wasm` under its SHA-256, which it returns. Idempotent.
  absl::StatusOr<Hash256> PutCode(std::string_view wasm);
  absl::StatusOr<std::optional<std::string>> GetCode(const Hash256& code_hash);
  absl::Status PutContract(const Address& address,
                           const ContractRecord& record);
  absl::StatusOr<std::optional<ContractRecord>> GetContract(
      const Address& address);
  // The deployer's next nonce (0 if it never deployed).
  absl::StatusOr<uint64_t> GetNonce(const Address& deployer);
  absl::Status SetNonce(const Address& deployer, uint64_t nonce);

  // Appends an event of `contract`, positioned after the call's earlier ones.
  absl::Status EmitEvent(const Address& contract, std::string_view topic,
                         std::string_view data);
  uint32_t EventCount() const { return event_count_; }

  Checkpoint Begin();
  // REQUIRES: `cp` is the innermost open checkpoint (else kFailedPrecondition,
  // and nothing changes).
  absl::Status Commit(Checkpoint cp);
  absl::Status Rollback(Checkpoint cp);
  // Open checkpoints.
  size_t Depth() const { return marks_.size(); }

  const CallContext& Context() const { return context_; }
  const Journal& CallJournal() const { return journal_; }
  std::optional<uint64_t> WritesAtStart() const { return writes_at_start_; }

 private:
  struct Mark {
    size_t journal_mark;
    uint32_t event_count;
  };

  absl::Status CheckStorageLimits(std::string_view key,
                                  std::string_view value) const;
  // Writes the storage record and moves the usage record by the size change.
  absl::Status WriteStorage(const Address& contract, std::string_view key,
                            std::optional<std::string_view> value);
  absl::Status CheckEventLimits(std::string_view topic,
                                std::string_view data) const;
  absl::Status CheckInnermost(Checkpoint cp) const;

  Journal journal_;
  const Profile profile_;
  const CallContext context_;
  const std::optional<uint64_t> writes_at_start_;
  uint32_t event_count_ = 0;
  std::vector<Mark> marks_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_CALL_STATE_H_
