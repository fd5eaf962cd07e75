#include "state/rocksdb_kv_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace dytallix::internal {
namespace {

rocksdb::Slice ToSlice(std::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
std::string_view ToView(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

// RocksDB reports a held lock as an I/O error on the directory's LOCK file,
// from another process or from this one.
bool IsLockError(const rocksdb::Status& s) {
  return s.IsIOError() && s.ToString().find("/LOCK") != std::string::npos;
}

// Maps a RocksDB status onto the error kinds promised in the header.
absl::Status FromRocks(const rocksdb::Status& s, const char* what,
                       const std::string& dir) {
  if (s.ok()) return absl::OkStatus();
  std::string msg =
      absl::StrCat("state database ", dir, ": ", what, ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsNotSupported() || s.IsInvalidArgument()) {
    return absl::FailedPreconditionError(msg);
  }
  if (IsLockError(s)) {
    return absl::UnavailableError(
        absl::StrCat(msg, " (is another node using this directory?)"));
  }
  return absl::InternalError(msg);
}

absl::Status ScanWith(rocksdb::DB& db, const rocksdb::ReadOptions& options,
                      std::string_view begin, std::string_view end,
                      ScanVisitor visit, const std::string& dir) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(options));
  for (it->Seek(ToSlice(begin)); it->Valid(); it->Next()) {
    std::string_view key = ToView(it->key());
    if (!end.empty() && key >= end) break;
    if (!visit(key, ToView(it->value()))) break;
  }
  return FromRocks(it->status(), "scan", dir);
}

absl::StatusOr<std::optional<std::string>> GetWith(
    rocksdb::DB& db, const rocksdb::ReadOptions& options, std::string_view key,
    const std::string& dir) {
  std::string value;
  rocksdb::Status s =
      db.Get(options, db.DefaultColumnFamily(), ToSlice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocks(s, "read", dir);
  return value;
}

// A RocksDB snapshot, released on destruction.
class RocksSnapshot final : public KvReader {
 public:
  RocksSnapshot(rocksdb::DB& db, const std::string& dir)
      : db_(db), snapshot_(db.GetSnapshot()), dir_(dir) {
    options_.snapshot = snapshot_;
  }
  ~RocksSnapshot() override { db_.ReleaseSnapshot(snapshot_); }

  absl::StatusOr<std::optional<std::string>> Get(
      std::string_view key) const override {
    return GetWith(db_, options_, key, dir_);
  }
  absl::Status Scan(std::string_view begin, std::string_view end,
                    ScanVisitor visit) const override {
    return ScanWith(db_, options_, begin, end, visit, dir_);
  }

 private:
  rocksdb::DB& db_;
  const rocksdb::Snapshot* snapshot_;
  rocksdb::ReadOptions options_;
  std::string dir_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbKvStore>> RocksDbKvStore::Open(
    const std::string& dir) {
  // RocksDB makes only the last path component; make the parents too.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("state database ", dir,
                                            ": cannot create: ", ec.message()));
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) return FromRocks(s, "open", dir);
  return std::unique_ptr<RocksDbKvStore>(
      new RocksDbKvStore(std::unique_ptr<rocksdb::DB>(raw), dir));
}

RocksDbKvStore::RocksDbKvStore(std::unique_ptr<rocksdb::DB> db, std::string dir)
    : db_(std::move(db)), dir_(std::move(dir)) {}

RocksDbKvStore::~RocksDbKvStore() {
  // Close() flushes nothing we need (the WAL holds every write), but reports
  // background errors; there is no one left to report them to.
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::optional<std::string>> RocksDbKvStore::Get(
    std::string_view key) const {
  return GetWith(*db_, rocksdb::ReadOptions(), key, dir_);
}

absl::Status RocksDbKvStore::Scan(std::string_view begin, std::string_view end,
                                  ScanVisitor visit) const {
  return ScanWith(*db_, rocksdb::ReadOptions(), begin, end, visit, dir_);
}

absl::Status RocksDbKvStore::Write(const WriteBatch& batch,
                                   const WriteOptions& options) {
  rocksdb::WriteBatch rocks_batch;
  for (const WriteBatch::Op& op : batch.Ops()) {
    rocksdb::Status s =
        op.value.has_value()
            ? rocks_batch.Put(ToSlice(op.key), ToSlice(*op.value))
            : rocks_batch.Delete(ToSlice(op.key));
    if (!s.ok()) return FromRocks(s, "build batch", dir_);
  }
  rocksdb::WriteOptions rocks_options;
  rocks_options.sync = options.sync;
  return FromRocks(db_->Write(rocks_options, &rocks_batch), "write", dir_);
}

absl::StatusOr<std::unique_ptr<KvReader>> RocksDbKvStore::NewSnapshot() const {
  return std::make_unique<RocksSnapshot>(*db_, dir_);
}

}  // namespace dytallix::internal
