// BlockView: committed state as a block's transactions see it — the store's
// records overlaid with the net writes of the block's transactions applied
// so far. The parallel block executor (host/block.h) runs every transaction
// over one BlockView, applying each one's writes when it commits in block
// order, so transaction k sees exactly the block's first k transactions once
// all of them have been applied.
//
// Thread-safety: Get and Scan may run on many threads while one thread at a
// time calls Apply; a reader may then see part of a batch being applied (the
// executor validates every read at commit time, so such reads never stand).
// The overlay is split into shards, each with its own lock, so readers on
// different keys rarely wait for each other. `base` must outlive the view,
// and must not change while the view is in use.
#ifndef DYTALLIX_STATE_BLOCK_VIEW_H_
#define DYTALLIX_STATE_BLOCK_VIEW_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "base/mutex.h"
#include "state/kv_store.h"

namespace dytallix::internal {

class BlockView final : public KvReader {
 public:
  explicit BlockView(const KvReader& base) : base_(base) {}
  BlockView(const BlockView&) = delete;
  BlockView& operator=(const BlockView&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;

  // Makes room for about `records` distinct keys before the first Apply, so
  // that the overlay does not rehash its records as it grows (a tenth of
  // applying a block's writes).
  void Reserve(size_t records);

  // Overlays the puts and deletes of `writes`.
  void Apply(const WriteBatch& writes);

  // Everything applied so far, one operation per key (in no particular
  // order: a batch's keys are distinct, so its order changes nothing).
  WriteBatch NetWrites() const;

 private:
  using Value = std::optional<std::string>;  // nullopt: deleted
  struct Shard {
    mutable Mutex mu;
    absl::flat_hash_map<std::string, Value> records ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 64;

  static size_t ShardIndex(std::string_view key);
  Shard& ShardOf(std::string_view key);
  const Shard& ShardOf(std::string_view key) const;

  const KvReader& base_;
  std::array<Shard, kShards> shards_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_BLOCK_VIEW_H_
