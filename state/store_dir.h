// What a state directory holds, judged from its file names alone, before
// RocksDB is allowed to touch it. RocksDbKvStore::Open uses this to decide
// whether it may create a store there (only if nothing of one exists) and to
// refuse, naming the directory, when it holds pieces of a store or something
// else entirely.
#ifndef DYTALLIX_STATE_STORE_DIR_H_
#define DYTALLIX_STATE_STORE_DIR_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace dytallix::internal {

enum class DirContents {
  kAbsent,  // no such path
  kEmpty,   // an empty directory
  // Only what RocksDB writes before it creates CURRENT when it makes a new
  // database (LOCK, LOG, IDENTITY, MANIFEST-000001, *.dbtmp): a creation that
  // was interrupted. It holds no data (no .sst, .log or .blob file).
  kUnfinished,
  kStore,    // has CURRENT: a store, sound or not (RocksDB checks the rest)
  kDamaged,  // files of a store, but no CURRENT
  kForeign,  // not empty, and not a store: no file of it is a RocksDB file
  kNotADirectory,
};

struct DirListing {
  DirContents contents = DirContents::kAbsent;
  std::vector<std::string> files;  // sorted names; empty unless a directory
};

// Lists `dir` and classifies it. Errors: kInternal if it cannot be listed.
absl::StatusOr<DirListing> InspectStoreDir(const std::string& dir);

// True for the names RocksDB gives the files of a database.
bool IsStoreFileName(std::string_view name);

// The names in `files` of the form <digits><suffix> (suffix e.g. ".sst").
std::vector<std::string> NumberedFiles(const std::vector<std::string>& files,
                                       std::string_view suffix);

// "a, b, c" (at most `max` names, then "and N more").
std::string JoinNames(const std::vector<std::string>& names, size_t max = 8);

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_STORE_DIR_H_
