#include "state/block_view.h"

#include <map>

#include "absl/hash/hash.h"
#include "base/status_macros.h"

namespace dytallix::internal {

size_t BlockView::ShardIndex(std::string_view key) {
  return absl::Hash<absl::string_view>()(
             absl::string_view(key.data(), key.size())) %
         kShards;
}

BlockView::Shard& BlockView::ShardOf(std::string_view key) {
  return shards_[ShardIndex(key)];
}

const BlockView::Shard& BlockView::ShardOf(std::string_view key) const {
  return shards_[ShardIndex(key)];
}

absl::StatusOr<std::optional<std::string>> BlockView::Get(
    std::string_view key) const {
  {
    const Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    // Debian's absl has its own string_view, which the map looks up by.
    auto it = shard.records.find(absl::string_view(key.data(), key.size()));
    if (it != shard.records.end()) {
      return it->second;
    }
  }
  return base_.Get(key);
}

absl::Status BlockView::Scan(std::string_view begin, std::string_view end,
                             ScanVisitor visit) const {
  // The overlay's records in range, ordered, merged into the base's scan;
  // an overlay record replaces (or, deleted, hides) the base's.
  std::map<std::string, Value, std::less<>> overlay;
  for (const Shard& shard : shards_) {
    MutexLock lock(&shard.mu);
    for (const auto& [key, value] : shard.records) {
      if (key >= begin && (end.empty() || key < end))
        overlay.emplace(key, value);
    }
  }
  auto next = overlay.begin();
  bool stopped = false;
  // Visits the overlay's records before `key` (all that are left if nullopt).
  auto visit_overlay_before = [&](std::optional<std::string_view> key) {
    for (; next != overlay.end() && (!key || next->first < *key); ++next) {
      if (next->second.has_value() && !visit(next->first, *next->second)) {
        stopped = true;
        ++next;
        return false;
      }
    }
    return true;
  };
  DYT_RETURN_IF_ERROR(
      base_.Scan(begin, end, [&](std::string_view key, std::string_view value) {
        if (!visit_overlay_before(key)) return false;
        if (next != overlay.end() && next->first == key) {
          const Value& replaced = (next++)->second;
          if (!replaced.has_value()) return true;
          stopped = !visit(key, *replaced);
        } else {
          stopped = !visit(key, value);
        }
        return !stopped;
      }));
  if (!stopped) visit_overlay_before(std::nullopt);
  return absl::OkStatus();
}

void BlockView::Reserve(size_t records) {
  for (Shard& shard : shards_) {
    MutexLock lock(&shard.mu);
    shard.records.reserve(records / kShards + 1);
  }
}

void BlockView::Apply(const WriteBatch& writes) {
  for (const WriteBatch::Op& op : writes.Ops()) {
    Shard& shard = ShardOf(op.key);
    MutexLock lock(&shard.mu);
    shard.records.insert_or_assign(op.key, op.value);
  }
}

WriteBatch BlockView::NetWrites() const {
  WriteBatch batch;
  size_t records = 0;
  for (const Shard& shard : shards_) {
    MutexLock lock(&shard.mu);
    records += shard.records.size();
  }
  batch.Reserve(records);
  for (const Shard& shard : shards_) {
    MutexLock lock(&shard.mu);
    for (const auto& [key, value] : shard.records) {
      if (value.has_value()) {
        batch.Put(key, *value);
      } else {
        batch.Delete(key);
      }
    }
  }
  return batch;
}

}  // namespace dytallix::internal
