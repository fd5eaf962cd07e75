// RocksDbKvStore: the persistent KvStore, an embedded RocksDB database in one
// directory. Batches map to rocksdb::WriteBatch, so they are atomic across a
// crash; WriteOptions::sync maps to a synced write-ahead log. Unsynced writes
// survive a crash of the process (they are in the OS's page cache) but not
// necessarily a power loss; closing the store flushes them to synced .sst
// files.
//
// Thread-safe: RocksDB itself is. The directory is locked while a store is
// open read-write (also against a second open in the same process); a
// read-only store takes no lock.
#ifndef DYTALLIX_STATE_ROCKSDB_KV_STORE_H_
#define DYTALLIX_STATE_ROCKSDB_KV_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "state/kv_store.h"

namespace rocksdb {
class DB;
}

namespace dytallix::internal {

// How Open treats the directory. Nothing but kCreateIfMissing ever creates a
// store, and nothing ever creates one over files of another store.
enum class OpenMode {
  // Read-write; the store must exist.
  kReadWrite,
  // Read-write; if `dir` does not exist, is an empty directory, or holds only
  // the leftovers of an interrupted creation (no data), a new empty store is
  // created there (and the missing parent directories).
  kCreateIfMissing,
  // Reads only: nothing in the directory is created, changed or deleted, and
  // the directory lock is not taken, so it works while a writer holds it
  // (it sees the writer's state as of the open). Write fails with
  // kFailedPrecondition.
  kReadOnly,
};

class RocksDbKvStore final : public KvStore {
 public:
  // Opens the database in `dir`. Before RocksDB may touch the directory, its
  // file names are checked (store_dir.h), and an existing store is first
  // opened read-only and verified, which changes nothing (rocksdb_open.h):
  // the write-ahead log must replay to its end, where only an incomplete
  // last record (a write a crash cut short) is left out, and reported in
  // open_note(); any other damaged record fails the open. The log the
  // MANIFEST needs must be there, and no .sst file may hold records the
  // MANIFEST lost (a read-write RocksDB open deletes unlisted files). Only
  // then is it opened in `mode`. A store opened read-write is flushed when
  // it is destroyed, so after a clean close every committed write lives in
  // .sst files, whose sizes RocksDB checks at open and whose blocks it
  // checksums on every read; the log is then empty.
  //
  // Errors, each naming the directory; on any of them nothing was changed:
  //   kNotFound             no store: `dir` is absent or an empty directory
  //                         (and mode is not kCreateIfMissing);
  //   kUnavailable          a writer holds the lock (mode is not kReadOnly);
  //   kDataLoss             files of the store are corrupt or missing, or
  //                         pieces of a store lie there without CURRENT;
  //   kFailedPrecondition   `dir` is not a directory, holds files that are
  //                         not a store's, holds an unfinished creation (and
  //                         mode is not kCreateIfMissing), or was written by a
  //                         newer, unsupported RocksDB format;
  //   kInternal             any other I/O failure.
  static absl::StatusOr<std::unique_ptr<RocksDbKvStore>> Open(
      const std::string& dir, OpenMode mode);

  // What the open left out, for the node's log: empty, or that the
  // write-ahead log ended in an incomplete record (see Open).
  const std::string& open_note() const { return open_note_; }

  ~RocksDbKvStore() override;
  RocksDbKvStore(const RocksDbKvStore&) = delete;
  RocksDbKvStore& operator=(const RocksDbKvStore&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override;
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override;
  absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                            const WriteOptions& options) override;
  absl::StatusOr<std::unique_ptr<KvReader>> NewSnapshot() const override;

 private:
  static absl::StatusOr<std::unique_ptr<RocksDbKvStore>> Create(
      const std::string& dir);
  static absl::StatusOr<std::unique_ptr<RocksDbKvStore>> OpenExisting(
      const std::string& dir, OpenMode mode,
      const std::vector<std::string>& files);
  RocksDbKvStore(std::unique_ptr<rocksdb::DB> db, std::string dir,
                 bool read_only, std::string open_note);

  std::unique_ptr<rocksdb::DB> db_;
  const std::string dir_;  // for error messages
  const bool read_only_;
  const std::string open_note_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_ROCKSDB_KV_STORE_H_
