// KvStore: the ordered key-value backend under contract state.
//
// Keys and values are arbitrary byte strings ordered bytewise (memcmp, shorter
// first on a tie), like LevelDB. A write is a WriteBatch applied atomically:
// after a crash, either every operation of a batch is present or none is.
//
// Thread safety: every KvStore and KvReader method may be called from many
// threads at once. A batch becomes visible to readers all at once. A snapshot
// (NewSnapshot) sees the store as of its creation, whatever is written later.
#ifndef DYTALLIX_STATE_KV_STORE_H_
#define DYTALLIX_STATE_KV_STORE_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dytallix::internal {

// An ordered list of puts and deletes, applied in order and atomically by
// KvStore::Write. A later operation on the same key wins.
class WriteBatch {
 public:
  struct Op {
    std::string key;
    std::optional<std::string> value;  // nullopt: delete
  };

  void Put(std::string_view key, std::string_view value) {
    ops_.push_back({std::string(key), std::string(value)});
  }
  void Delete(std::string_view key) {
    ops_.push_back({std::string(key), std::nullopt});
  }
  const std::vector<Op>& Ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  // Room for `ops` ops in all, so that adding them does not grow the batch.
  void Reserve(size_t ops) { ops_.reserve(ops); }

 private:
  std::vector<Op> ops_;
};

// Called for each record of a scan in key order; return false to stop.
using ScanVisitor =
    absl::FunctionRef<bool(std::string_view key, std::string_view value)>;

// Read access: point reads and ordered range scans.
class KvReader {
 public:
  virtual ~KvReader() = default;

  // The value under `key`, or nullopt if there is none.
  virtual absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const = 0;

  // Visits the records with begin <= key < end in key order; an empty `end`
  // means no upper bound. The views passed to `visit` live until it returns.
  // `visit` must not call into the store it scans (a backend may hold a lock
  // for the whole scan).
  virtual absl::Status Scan(std::string_view begin, std::string_view end,
                            ScanVisitor visit) const = 0;
};

struct WriteOptions {
  // True: Write returns only once the batch is durable (fsync). False: the
  // batch survives a process crash but may be lost on power failure.
  bool sync = false;
};

class KvStore : public KvReader {
 public:
  // Applies `batch` atomically. On error nothing of the batch is applied.
  absl::Status Write(const WriteBatch& batch, const WriteOptions& options) {
    const WriteBatch* const one[] = {&batch};
    return WriteBatches(one, options);
  }
  // Applies `batches` in order, atomically as if they were one batch (so a
  // large batch can be written with a few more operations without copying
  // it). On error nothing of them is applied.
  virtual absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                                    const WriteOptions& options) = 0;

  // A consistent read-only view of the store as of now. The caller owns it and
  // must destroy it before the store.
  virtual absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const = 0;
};

// A KvStore that forwards every call to `target` (LevelDB's EnvWrapper): a
// wrapper that changes some operations derives from it and overrides only
// those. `target` must outlive the wrapper; thread-safe as `target` is.
class KvStoreWrapper : public KvStore {
 public:
  explicit KvStoreWrapper(KvStore& target) : target_(target) {}

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override {
    return target_.Get(key);
  }
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override {
    return target_.Scan(begin, end, visit);
  }
  absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                            const WriteOptions& options) override {
    return target_.WriteBatches(batches, options);
  }
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override {
    return target_.NewSnapshot();
  }

 private:
  KvStore& target_;
};

// The smallest key greater than every key starting with `prefix`, for use as
// a scan's `end`; empty if there is none (the prefix is all 0xff bytes).
std::string PrefixEnd(std::string_view prefix);

// Visits every record whose key starts with `prefix`.
absl::Status ScanPrefix(const KvReader& reader, std::string_view prefix,
                        ScanVisitor visit);

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_KV_STORE_H_
