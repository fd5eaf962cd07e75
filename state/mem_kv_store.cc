#include "state/mem_kv_store.h"

#include <utility>

namespace dytallix::internal {
namespace {

absl::Status ScanMap(const MemKvStore::Map& map, std::string_view begin,
                     std::string_view end, ScanVisitor visit) {
  for (auto it = map.lower_bound(begin); it != map.end(); ++it) {
    if (!end.empty() && it->first >= end) break;
    if (!visit(it->first, it->second)) break;
  }
  return absl::OkStatus();
}

std::optional<std::string> FindIn(const MemKvStore::Map& map,
                                  std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

// An immutable copy of the map.
class MemSnapshot final : public KvReader {
 public:
  explicit MemSnapshot(MemKvStore::Map map) : map_(std::move(map)) {}

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override {
    return FindIn(map_, key);
  }
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override {
    return ScanMap(map_, begin, end, visit);
  }

 private:
  const MemKvStore::Map map_;
};

}  // namespace

absl::StatusOr<std::optional<std::string>> MemKvStore::Get(
    std::string_view key) const {
  ReaderMutexLock lock(&mu_);
  return FindIn(map_, key);
}

absl::Status MemKvStore::Scan(std::string_view begin, std::string_view end,
                              ScanVisitor visit) const {
  ReaderMutexLock lock(&mu_);
  return ScanMap(map_, begin, end, visit);
}

absl::Status MemKvStore::WriteBatches(
    std::span<const WriteBatch* const> batches,
    const WriteOptions& /*options*/) {
  WriterMutexLock lock(&mu_);
  for (const WriteBatch* batch : batches) {
    for (const WriteBatch::Op& op : batch->Ops()) {
      if (op.value.has_value()) {
        map_.insert_or_assign(op.key, *op.value);
      } else if (auto it = map_.find(op.key); it != map_.end()) {
        map_.erase(it);
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<KvReader>> MemKvStore::NewSnapshot() const {
  ReaderMutexLock lock(&mu_);
  return std::make_unique<MemSnapshot>(map_);
}

}  // namespace dytallix::internal
