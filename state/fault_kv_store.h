// FaultKvStore: a KvStoreWrapper that makes chosen operations fail, for tests
// of error paths (LevelDB's ErrorEnv plays the same role). A failed write
// applies nothing, like a real backend's failed batch.
//
// Thread-safe; the fault counters are shared by all threads.
#ifndef DYTALLIX_STATE_FAULT_KV_STORE_H_
#define DYTALLIX_STATE_FAULT_KV_STORE_H_

#include <atomic>
#include <cstdint>

#include "state/kv_store.h"

namespace dytallix::internal {

class FaultKvStore final : public KvStoreWrapper {
 public:
  // `base` must outlive this wrapper.
  explicit FaultKvStore(KvStore& base) : KvStoreWrapper(base) {}

  // The n-th Write (1 = the next one) from now fails with kInternal; 0 clears.
  void FailNthWrite(int64_t n) { writes_left_ = n; }
  // The n-th Get or Scan (1 = the next one) from now fails; 0 clears.
  void FailNthRead(int64_t n) { reads_left_ = n; }
  // While set, every Write fails.
  void FailAllWrites(bool fail) { fail_all_writes_ = fail; }

  int64_t WriteCount() const { return writes_; }  // Write calls attempted

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;
  absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                            const WriteOptions& options) override;

 private:
  // Counts `left` down; true when it reaches zero on this call.
  static bool Trips(std::atomic<int64_t>& left);
  absl::Status ReadFault() const;

  mutable std::atomic<int64_t> reads_left_{0};
  std::atomic<int64_t> writes_left_{0};
  std::atomic<bool> fail_all_writes_{false};
  std::atomic<int64_t> writes_{0};
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_FAULT_KV_STORE_H_
