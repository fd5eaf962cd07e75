#include "state/rocksdb_open.h"

#include <algorithm>
#include <charconv>
#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string_view>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "rocksdb/env.h"
#include "rocksdb/metadata.h"

namespace dytallix::internal {
namespace {

// Discards RocksDB's informational log.
class SilentLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

// RocksDB reports a held lock as an I/O error on the directory's LOCK file,
// from another process or from this one.
bool IsLockError(const rocksdb::Status& s) {
  return s.IsIOError() && s.ToString().find("/LOCK") != std::string::npos;
}

// What a strict (kAbsoluteConsistency) replay reports for a write-ahead log
// that ends in an incomplete record (log_reader.cc's messages).
bool IsIncompleteTail(const rocksdb::Status& s) {
  if (!s.IsCorruption()) return false;
  const std::string text = s.ToString();
  for (const char* tail : {"truncated record body", "truncated header",
                           "error reading trailing data"}) {
    if (text.find(tail) != std::string::npos) return true;
  }
  return false;
}

constexpr char kRepair[] =
    ". Restore the directory from a backup or a copy; RocksDB's `ldb "
    "repair` salvages what is readable, dropping the rest";

// An open of an existing store that failed: says that nothing was changed,
// and for damage, how to repair.
absl::Status Refused(const absl::Status& status) {
  std::string msg(status.message());
  absl::StrAppend(&msg, " (refusing to open; nothing was changed)");
  if (status.code() == absl::StatusCode::kDataLoss) {
    absl::StrAppend(&msg, kRepair);
  }
  return absl::Status(status.code(), msg);
}

std::string LogName(uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%06" PRIu64 ".log", number);
  return name;
}

// The number a file name starts with; 0 if none (or too large).
uint64_t LeadingNumber(std::string_view name) {
  uint64_t number = 0;
  auto [end, ec] =
      std::from_chars(name.data(), name.data() + name.size(), number);
  return ec == std::errc() ? number : 0;
}

std::vector<uint64_t> LogNumbers(const std::vector<std::string>& files) {
  std::vector<uint64_t> numbers;
  for (const std::string& name : NumberedFiles(files, ".log")) {
    numbers.push_back(LeadingNumber(name));
  }
  return numbers;
}

std::vector<std::string> UnlistedSsts(rocksdb::DB& db,
                                      const std::vector<std::string>& files) {
  std::vector<rocksdb::LiveFileMetaData> live;
  db.GetLiveFilesMetaData(&live);
  std::set<std::string> listed;
  for (const rocksdb::LiveFileMetaData& file : live) {
    listed.insert(std::filesystem::path(file.name).filename().string());
  }
  std::vector<std::string> unlisted;
  for (const std::string& name : NumberedFiles(files, ".sst")) {
    if (!listed.contains(name)) unlisted.push_back(name);
  }
  return unlisted;
}

// The number of the MANIFEST in use, or 0.
uint64_t ManifestNumber(rocksdb::DB& db) {
  std::vector<std::string> live;
  uint64_t manifest_size = 0;
  if (!db.GetLiveFiles(live, &manifest_size, /*flush_memtable=*/false).ok()) {
    return 0;
  }
  for (const std::string& path : live) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.starts_with("MANIFEST-")) {
      return LeadingNumber(std::string_view(name).substr(9));
    }
  }
  return 0;
}

// The files a sound store must have beyond what RocksDB checks itself.
// RocksDB replays the logs numbered from the MANIFEST's log number L on and
// lists the .sst files. (1) The log a read-write open starts writing to is
// made just before the MANIFEST it then writes, so it is numbered one less;
// until a flush makes it obsolete (numbered below L) it must exist: it may
// hold commits. And some log numbered L or more must exist: the log a
// writer writes to always does, also after a clean close (then empty).
// (2) An .sst file the MANIFEST does not list is either an interrupted
// flush's output, whose data log L still holds (a flush deletes its logs
// only after the MANIFEST lists its output), or the output of a flush whose
// MANIFEST record was lost after its log was deleted: then L is gone.
absl::Status CheckFiles(rocksdb::DB& db, const std::string& dir,
                        const std::vector<std::string>& files) {
  uint64_t min_log = 0;
  if (!db.GetIntProperty("rocksdb.min-log-number-to-keep", &min_log) ||
      min_log == 0) {
    return absl::OkStatus();
  }
  const std::vector<uint64_t> logs = LogNumbers(files);
  auto has_log = [&](uint64_t n) {
    return std::find(logs.begin(), logs.end(), n) != logs.end();
  };
  const uint64_t manifest = ManifestNumber(db);
  const uint64_t session_log = manifest - 1;
  if (manifest != 0 && session_log >= min_log && !has_log(session_log)) {
    return Refused(absl::DataLossError(absl::StrCat(
        "state database ", dir, ": the write-ahead log ", LogName(session_log),
        " is missing: the commits in it are lost")));
  }
  if (std::none_of(logs.begin(), logs.end(),
                   [&](uint64_t n) { return n >= min_log; })) {
    return Refused(absl::DataLossError(absl::StrCat(
        "state database ", dir, ": the write-ahead log ", LogName(min_log),
        " (or a later one) is missing: the commits in it are lost. If the "
        "store's last writer closed it cleanly, the log was empty, and an "
        "empty file of that name repairs it")));
  }
  const std::vector<std::string> unlisted = UnlistedSsts(db, files);
  if (unlisted.empty() || has_log(min_log)) {
    return absl::OkStatus();
  }
  return Refused(absl::DataLossError(absl::StrCat(
      "state database ", dir, ": the MANIFEST does not list ",
      JoinNames(unlisted), ", and the write-ahead log ", LogName(min_log),
      " that would hold their data is gone: the MANIFEST has lost records "
      "(a read-write open would delete those files)")));
}

rocksdb::Status OpenReadOnly(const std::string& dir,
                             rocksdb::WALRecoveryMode recovery,
                             rocksdb::DB** db) {
  rocksdb::Options options = StoreOptions(/*read_only=*/true);
  options.wal_recovery_mode = recovery;
  return rocksdb::DB::OpenForReadOnly(options, dir, db);
}

}  // namespace

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
  // A file the MANIFEST names is missing.
  if (s.IsPathNotFound() ||
      s.ToString().find("No such file") != std::string::npos) {
    return absl::DataLossError(msg);
  }
  return absl::InternalError(msg);
}

rocksdb::Options StoreOptions(bool read_only) {
  rocksdb::Options options;
  options.create_if_missing = false;
  options.paranoid_checks = true;
  options.best_efforts_recovery = false;
  options.skip_checking_sst_file_sizes_on_db_open = false;
  options.wal_recovery_mode =
      rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  if (read_only) options.info_log = std::make_shared<SilentLogger>();
  return options;
}

absl::Status NoStoreError(const std::string& dir, const DirListing& listing) {
  const std::string where = absl::StrCat("state database ", dir, ": ");
  switch (listing.contents) {
    case DirContents::kAbsent:
    case DirContents::kEmpty:
      return absl::NotFoundError(absl::StrCat(
          where,
          listing.contents == DirContents::kAbsent ? "no such directory"
                                                   : "the directory is empty",
          "; nothing was created (only an explicit create makes a store)"));
    case DirContents::kUnfinished:
      return absl::FailedPreconditionError(absl::StrCat(
          where,
          "its creation was interrupted (it holds no data); only creating a "
          "store there finishes it"));
    case DirContents::kDamaged:
      return absl::DataLossError(absl::StrCat(
          where, "holds files of a store (", JoinNames(listing.files),
          ") but no CURRENT file: the store is damaged; refusing to open or "
          "create it (nothing was changed)",
          kRepair));
    case DirContents::kForeign:
      return absl::FailedPreconditionError(
          absl::StrCat(where, "not a state database and not empty (",
                       JoinNames(listing.files), "); refusing to use it"));
    case DirContents::kNotADirectory:
      return absl::FailedPreconditionError(
          absl::StrCat(where, "not a directory"));
    case DirContents::kStore:
      break;
  }
  return absl::InternalError(absl::StrCat(where, "holds a store"));
}

// Taking the lock for a moment is how to ask (RocksDB's Env also knows this
// process's own locks). A reader does not ask if there is no LOCK file,
// which it must not create: no writer runs without one.
absl::StatusOr<bool> WriterActive(const std::string& dir, bool read_only) {
  const std::string lock_path = dir + "/LOCK";
  rocksdb::Env* env = rocksdb::Env::Default();
  if (read_only && !env->FileExists(lock_path).ok()) return false;
  rocksdb::FileLock* lock = nullptr;
  rocksdb::Status s = env->LockFile(lock_path, &lock);
  if (s.ok()) {
    env->UnlockFile(lock).PermitUncheckedError();
    return false;
  }
  if (read_only) return true;
  return absl::UnavailableError(
      absl::StrCat("state database ", dir, ": ", s.ToString(),
                   " (is another node using this directory?)"));
}

absl::StatusOr<VerifiedDb> OpenVerified(const std::string& dir,
                                        const std::vector<std::string>& files,
                                        bool check_files) {
  rocksdb::DB* raw = nullptr;
  VerifiedDb verified;
  rocksdb::Status s =
      OpenReadOnly(dir, rocksdb::WALRecoveryMode::kAbsoluteConsistency, &raw);
  if (IsIncompleteTail(s)) {
    s = OpenReadOnly(
        dir, rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords, &raw);
    verified.note = absl::StrCat(
        "state database ", dir,
        ": the write-ahead log ends in an incomplete record, which is left "
        "out: a write that a crash cut short (it had not returned), or "
        "damage that cut the log; every record before it is intact");
  }
  if (!s.ok()) return Refused(FromRocks(s, "open", dir));
  verified.db.reset(raw);
  if (check_files) DYT_RETURN_IF_ERROR(CheckFiles(*verified.db, dir, files));
  return verified;
}

}  // namespace dytallix::internal
