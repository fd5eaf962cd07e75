// What `dytallix stats` reads from a state directory by one read-only scan
// of every record (state/LAYOUT.md): the records and bytes of each family,
// the stored codes and the contracts using them, the format version, the
// state digest and the highest block with a recorded digest.
#ifndef DYTALLIX_TOOLS_STORE_SCAN_H_
#define DYTALLIX_TOOLS_STORE_SCAN_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dytallix/runtime.h"
#include "state/layout.h"

namespace dytallix::internal {

// A record family as stats names it: `name` in text and as a JSON key.
struct FamilyName {
  layout::Family prefix;  // the key's first byte
  std::string_view name;
};

// Every family of state/layout.h, in prefix order. Records whose prefix is
// none of these count as kUnknownFamily.
inline constexpr std::array<FamilyName, 10> kFamilyNames = {{
    {layout::kMeta, "meta"},
    {layout::kCode, "code"},
    {layout::kContract, "contracts"},
    {layout::kStorage, "storage"},
    {layout::kStorageUsage, "storage_usage"},
    {layout::kNonce, "nonces"},
    {layout::kEvent, "events"},
    {layout::kEventByContract, "events_by_contract"},
    {layout::kEventByTopic, "events_by_topic"},
    {layout::kBlockDigest, "block_digests"},
}};
inline constexpr std::string_view kUnknownFamily = "unknown";

struct FamilyTally {
  uint64_t records = 0;
  uint64_t bytes = 0;  // keys and values, as stored before compression
};

// One stored code, or code a contract names.
struct CodeTally {
  bool stored = false;       // has a code record (else: missing, data loss)
  uint64_t wasm_bytes = 0;   // the module's size
  uint64_t contracts = 0;    // contracts deployed with it
  Address first_contract{};  // the lowest such address, if contracts > 0
};

struct StoreScan {
  std::optional<uint32_t> format_version{};  // absent: an empty store
  Hash state_digest{};  // SHA-256 of the digest accumulator
  // The highest block with a digest record (written by CommitBlock) and
  // that digest.
  std::optional<std::pair<uint64_t, Hash>> last_block{};
  // Indexed as kFamilyNames, then one more for unknown prefixes.
  std::array<FamilyTally, kFamilyNames.size() + 1> families{};
  std::map<Hash, CodeTally> codes{};  // by code hash
};

// Opens the RocksDB store in `dir` read-only (nothing in the directory is
// created, changed or deleted; it may be open in a writer meanwhile) and
// scans all of it. Errors: the open's, as RocksDbKvStore::Open's; kDataLoss
// for a record that does not parse.
absl::StatusOr<StoreScan> ScanStore(const std::string& dir);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_STORE_SCAN_H_
