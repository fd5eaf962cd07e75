#include "state/rocksdb_kv_store.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "rocksdb/db.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "state/rocksdb_open.h"
#include "state/store_dir.h"

namespace dytallix::internal {
namespace {

rocksdb::Slice ToSlice(std::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
std::string_view ToView(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
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
    const std::string& dir, OpenMode mode) {
  DYT_ASSIGN_OR_RETURN(DirListing listing, InspectStoreDir(dir));
  switch (listing.contents) {
    case DirContents::kStore:
      return OpenExisting(dir, mode, listing.files);
    case DirContents::kAbsent:
    case DirContents::kEmpty:
    case DirContents::kUnfinished:
      if (mode == OpenMode::kCreateIfMissing) return Create(dir);
      break;
    default:
      break;
  }
  return NoStoreError(dir, listing);
}

absl::StatusOr<std::unique_ptr<RocksDbKvStore>> RocksDbKvStore::Create(
    const std::string& dir) {
  // RocksDB makes only the last path component; make the parents too.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("state database ", dir,
                                            ": cannot create: ", ec.message()));
  }
  rocksdb::Options options = StoreOptions(/*read_only=*/false);
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) return FromRocks(s, "create", dir);
  return std::unique_ptr<RocksDbKvStore>(new RocksDbKvStore(
      std::unique_ptr<rocksdb::DB>(raw), dir, /*read_only=*/false, ""));
}

absl::StatusOr<std::unique_ptr<RocksDbKvStore>> RocksDbKvStore::OpenExisting(
    const std::string& dir, OpenMode mode,
    const std::vector<std::string>& files) {
  const bool read_only = mode == OpenMode::kReadOnly;
  DYT_ASSIGN_OR_RETURN(bool writer_active, WriterActive(dir, read_only));
  // Verified in a read-only open first, which changes nothing: a damaged
  // store is refused before a read-write open could "recover" it by
  // deleting files. A running writer's files are in flux: a reader beside
  // it only reads.
  DYT_ASSIGN_OR_RETURN(VerifiedDb verified,
                       OpenVerified(dir, files, !writer_active));
  if (read_only) {
    return std::unique_ptr<RocksDbKvStore>(
        new RocksDbKvStore(std::move(verified.db), dir, /*read_only=*/true,
                           std::move(verified.note)));
  }
  verified.db.reset();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(StoreOptions(/*read_only=*/false), dir, &raw);
  if (!s.ok()) return FromRocks(s, "open", dir);
  return std::unique_ptr<RocksDbKvStore>(
      new RocksDbKvStore(std::unique_ptr<rocksdb::DB>(raw), dir,
                         /*read_only=*/false, std::move(verified.note)));
}

RocksDbKvStore::RocksDbKvStore(std::unique_ptr<rocksdb::DB> db, std::string dir,
                               bool read_only, std::string open_note)
    : db_(std::move(db)),
      dir_(std::move(dir)),
      read_only_(read_only),
      open_note_(std::move(open_note)) {}

RocksDbKvStore::~RocksDbKvStore() {
  // Flush, so that after a clean close no committed write lives only in the
  // write-ahead log (whose loss RocksDB cannot always tell from a crash).
  // A failed flush loses nothing: the log still holds the writes. Close
  // reports background errors; there is no one left to report them to.
  if (!read_only_) db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
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

absl::Status RocksDbKvStore::WriteBatches(
    std::span<const WriteBatch* const> batches, const WriteOptions& options) {
  if (read_only_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "state database ", dir_, ": opened read-only; nothing is written"));
  }
  rocksdb::WriteBatch rocks_batch;
  for (const WriteBatch* batch : batches) {
    for (const WriteBatch::Op& op : batch->Ops()) {
      rocksdb::Status s =
          op.value.has_value()
              ? rocks_batch.Put(ToSlice(op.key), ToSlice(*op.value))
              : rocks_batch.Delete(ToSlice(op.key));
      if (!s.ok()) return FromRocks(s, "build batch", dir_);
    }
  }
  rocksdb::WriteOptions rocks_options;
  rocks_options.sync = options.sync;
  return FromRocks(db_->Write(rocks_options, &rocks_batch), "write", dir_);
}

absl::StatusOr<std::unique_ptr<KvReader>> RocksDbKvStore::NewSnapshot() const {
  return std::make_unique<RocksSnapshot>(*db_, dir_);
}

}  // namespace dytallix::internal
