// Journal: the pending writes of one top-level call over committed state, with
// an undo log so any suffix of the writes can be discarded exactly.
//
// Reads see the call's own pending writes, else committed state. The first
// time a key is read or written, its committed value is fetched once and
// remembered (the "origin"): later reads of a key the call never wrote return
// the same value, and at commit the origins are what the store checks for
// conflicts and subtracts from the digest.
//
// Raw keys and values (layout.h); no knowledge of limits or record types.
// Not thread-safe: one call runs on one thread at a time. `base` must outlive
// the journal.
#ifndef DYTALLIX_STATE_JOURNAL_H_
#define DYTALLIX_STATE_JOURNAL_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "state/kv_store.h"

namespace dytallix::internal {

class Journal {
 public:
  // nullopt: absent (deleted or never written).
  using Value = std::optional<std::string>;
  using Map = std::map<std::string, Value, std::less<>>;

  explicit Journal(const KvReader& base) : base_(base) {}

  // The value this call sees under `key`.
  absl::StatusOr<Value> Get(std::string_view key);

  // Records a write (nullopt deletes). Fails only if the origin read fails.
  absl::Status Set(std::string_view key, Value value);

  // Records a write whose committed value the call has no use for: nothing
  // is read, so the key is not among the call's reads (Origins) unless the
  // call reads it, and the write stands even if it leaves the value as it
  // was. Only for keys outside the digest, whose removal needs the old
  // value (layout::InDigest; CollectWrites checks). The event index records
  // are written this way: a lookup of each (which finds nothing unless an
  // earlier call used the same block and transaction index) was most of an
  // event's cost.
  void SetUnread(std::string_view key, Value value);

  // A position in the undo log; RollbackTo(mark) undoes every Set since.
  size_t Mark() const { return undo_.size(); }
  // REQUIRES: mark <= Mark().
  void RollbackTo(size_t mark);

  // The call's net writes: key -> final value (nullopt: delete).
  const Map& Pending() const { return pending_; }
  // Committed values of every key read or written with Set, as first seen.
  const Map& Origins() const { return origins_; }

 private:
  struct Undo {
    std::string key;
    std::optional<Value> previous;  // nullopt: the key was not pending
  };

  absl::StatusOr<Value> Origin(std::string_view key);
  // Makes `value` the pending value of `key`, with its undo entry.
  void Record(std::string_view key, Value value);

  const KvReader& base_;
  Map pending_;
  Map origins_;
  std::vector<Undo> undo_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_JOURNAL_H_
