#include "state/mem_kv_store.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

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
  // Applied in key order (a stable sort keeps the batches' order among
  // writes of one key: the last stands), each search starting from where the
  // previous one ended when the key belongs there.
  std::vector<const WriteBatch::Op*> ops;
  for (const WriteBatch* batch : batches) {
    for (const WriteBatch::Op& op : batch->Ops()) ops.push_back(&op);
  }
  std::stable_sort(ops.begin(), ops.end(),
                   [](const WriteBatch::Op* a, const WriteBatch::Op* b) {
                     return a->key < b->key;
                   });
  WriterMutexLock lock(&mu_);
  Map::iterator hint = map_.begin();
  for (const WriteBatch::Op* op : ops) {
    if (op->value.has_value()) {
      hint = std::next(map_.insert_or_assign(hint, op->key, *op->value));
    } else if (auto it = map_.find(op->key); it != map_.end()) {
      hint = map_.erase(it);
    } else {
      hint = map_.end();
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<KvReader>> MemKvStore::NewSnapshot() const {
  ReaderMutexLock lock(&mu_);
  return std::make_unique<MemSnapshot>(map_);
}

}  // namespace dytallix::internal
