#include "state/fault_kv_store.h"

namespace dytallix::internal {

bool FaultKvStore::Trips(std::atomic<int64_t>& left) {
  int64_t n = left.load();
  // Only a positive count is armed; the thread that moves it 1 -> 0 trips.
  while (n > 0) {
    if (left.compare_exchange_weak(n, n - 1)) return n == 1;
  }
  return false;
}

absl::Status FaultKvStore::ReadFault() const {
  if (Trips(reads_left_)) return absl::InternalError("injected read fault");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> FaultKvStore::Get(
    std::string_view key) const {
  if (absl::Status s = ReadFault(); !s.ok()) return s;
  return KvStoreWrapper::Get(key);
}

absl::Status FaultKvStore::Scan(std::string_view begin, std::string_view end,
                                ScanVisitor visit) const {
  if (absl::Status s = ReadFault(); !s.ok()) return s;
  return KvStoreWrapper::Scan(begin, end, visit);
}

absl::Status FaultKvStore::WriteBatches(
    std::span<const WriteBatch* const> batches, const WriteOptions& options) {
  ++writes_;
  if (fail_all_writes_ || Trips(writes_left_)) {
    return absl::InternalError("injected write fault");
  }
  return KvStoreWrapper::WriteBatches(batches, options);
}

}  // namespace dytallix::internal
