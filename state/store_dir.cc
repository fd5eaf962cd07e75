#include "state/store_dir.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace dytallix::internal {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// "<digits><suffix>", e.g. 000012.sst.
bool IsNumbered(std::string_view name, std::string_view suffix) {
  return name.ends_with(suffix) &&
         AllDigits(name.substr(0, name.size() - suffix.size()));
}

// What RocksDB writes when it creates a database, before CURRENT exists.
bool IsCreationFile(std::string_view name) {
  return name == "LOCK" || name == "LOG" || name.starts_with("LOG.old.") ||
         name == "IDENTITY" || name == "MANIFEST-000001" ||
         IsNumbered(name, ".dbtmp");
}

DirContents Classify(const std::vector<std::string>& files) {
  if (files.empty()) return DirContents::kEmpty;
  if (std::find(files.begin(), files.end(), "CURRENT") != files.end()) {
    return DirContents::kStore;
  }
  if (std::all_of(files.begin(), files.end(), IsCreationFile)) {
    return DirContents::kUnfinished;
  }
  if (std::any_of(files.begin(), files.end(), IsStoreFileName)) {
    return DirContents::kDamaged;
  }
  return DirContents::kForeign;
}

}  // namespace

bool IsStoreFileName(std::string_view name) {
  return IsCreationFile(name) || name == "CURRENT" ||
         name.starts_with("MANIFEST-") || name.starts_with("OPTIONS-") ||
         IsNumbered(name, ".sst") || IsNumbered(name, ".log") ||
         IsNumbered(name, ".blob");
}

absl::StatusOr<DirListing> InspectStoreDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found) return DirListing{};
  if (ec) {
    return absl::InternalError(absl::StrCat(
        "state database ", dir, ": cannot inspect: ", ec.message()));
  }
  if (!fs::is_directory(status)) {
    return DirListing{.contents = DirContents::kNotADirectory, .files = {}};
  }
  DirListing listing;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    listing.files.push_back(it->path().filename().string());
  }
  if (ec) {
    return absl::InternalError(
        absl::StrCat("state database ", dir, ": cannot list: ", ec.message()));
  }
  std::sort(listing.files.begin(), listing.files.end());
  listing.contents = Classify(listing.files);
  return listing;
}

std::vector<std::string> NumberedFiles(const std::vector<std::string>& files,
                                       std::string_view suffix) {
  std::vector<std::string> out;
  for (const std::string& name : files) {
    if (IsNumbered(name, suffix)) out.push_back(name);
  }
  return out;
}

std::string JoinNames(const std::vector<std::string>& names, size_t max) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", names[i]);
  }
  if (names.size() > max)
    absl::StrAppend(&out, " and ", names.size() - max, " more");
  return out;
}

}  // namespace dytallix::internal
