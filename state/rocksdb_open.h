// How RocksDbKvStore::Open opens a RocksDB store without ever trading data
// for an open: the options of every open, the checks a store passes (in a
// read-only open, which changes nothing) before a read-write open may touch
// it, and the errors, each naming the directory. Internal to
// rocksdb_kv_store.cc.
#ifndef DYTALLIX_STATE_ROCKSDB_OPEN_H_
#define DYTALLIX_STATE_ROCKSDB_OPEN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "state/store_dir.h"

namespace dytallix::internal {

// Maps a RocksDB status onto the error kinds of RocksDbKvStore::Open.
absl::Status FromRocks(const rocksdb::Status& s, const char* what,
                       const std::string& dir);

// The options of every open. RocksDB must never drop data to open a store:
// paranoid checks on, no best-efforts recovery, .sst sizes checked against
// the MANIFEST, and the write-ahead log replayed up to its end, where only
// an incomplete last record (a write a crash cut short) may be left out
// (kTolerateCorruptedTailRecords); a bad checksum or any other damaged
// record fails the open. A read-only open logs nowhere, so that it writes
// no file (RocksDB's LOG) into the directory.
rocksdb::Options StoreOptions(bool read_only);

// The error for a directory without a store, as InspectStoreDir classed it.
absl::Status NoStoreError(const std::string& dir, const DirListing& listing);

// Whether a writer holds the directory's lock. For a writer (read_only
// false) a held lock is kUnavailable instead.
absl::StatusOr<bool> WriterActive(const std::string& dir, bool read_only);

struct VerifiedDb {
  std::unique_ptr<rocksdb::DB> db;  // opened read-only
  std::string note;                 // what the open left out, if anything
};

// Opens the store in `dir` read-only (which changes nothing in it) and
// verifies it. The write-ahead log must replay completely; if it ends in an
// incomplete record, the open goes on without it and `note` says so. With
// `check_files` (no writer is active: its files are settled), also the
// write-ahead log the MANIFEST needs must be there, and .sst files the
// MANIFEST does not list (which a read-write open deletes) must be the
// leftovers of an interrupted flush, not records the MANIFEST lost. `files`
// is the directory's listing. Errors as RocksDbKvStore::Open's; each says
// that nothing was changed, and for damage, how to repair.
absl::StatusOr<VerifiedDb> OpenVerified(const std::string& dir,
                                        const std::vector<std::string>& files,
                                        bool check_files);

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_ROCKSDB_OPEN_H_
