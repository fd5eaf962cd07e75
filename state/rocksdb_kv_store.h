// RocksDbKvStore: the persistent KvStore, an embedded RocksDB database in one
// directory. Batches map to rocksdb::WriteBatch, so they are atomic across a
// crash; WriteOptions::sync maps to a synced write-ahead log.
//
// Thread-safe: RocksDB itself is. The directory is locked while a store is
// open (also against a second open in the same process).
#ifndef DYTALLIX_STATE_ROCKSDB_KV_STORE_H_
#define DYTALLIX_STATE_ROCKSDB_KV_STORE_H_

#include <memory>
#include <string>

#include "state/kv_store.h"

namespace rocksdb {
class DB;
}

namespace dytallix::internal {

class RocksDbKvStore final : public KvStore {
 public:
  // Opens the database in `dir`, creating the directory and an empty database
  // if missing. Errors, each naming the directory:
  //   kUnavailable          another store (or process) holds the lock;
  //   kDataLoss             the files are corrupt;
  //   kFailedPrecondition   written by a newer, unsupported RocksDB format;
  //   kInternal             any other I/O failure.
  static absl::StatusOr<std::unique_ptr<RocksDbKvStore>> Open(
      const std::string& dir);

  ~RocksDbKvStore() override;
  RocksDbKvStore(const RocksDbKvStore&) = delete;
  RocksDbKvStore& operator=(const RocksDbKvStore&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;
  absl::Status Write(const WriteBatch& batch,
                     const WriteOptions& options) override;
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override;

 private:
  RocksDbKvStore(std::unique_ptr<rocksdb::DB> db, std::string dir);

  std::unique_ptr<rocksdb::DB> db_;
  const std::string dir_;  // for error messages
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_ROCKSDB_KV_STORE_H_
