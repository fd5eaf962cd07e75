#include "tools/store_scan.h"

#include <algorithm>
#include <memory>

#include "base/status_macros.h"
#include "state/lt_hash.h"
#include "state/rocksdb_kv_store.h"

namespace dytallix::internal {
namespace {

// The index into StoreScan::families of the record under `key`.
size_t FamilyIndex(std::string_view key) {
  for (size_t i = 0; i < kFamilyNames.size(); ++i) {
    if (!key.empty() && static_cast<uint8_t>(key[0]) == kFamilyNames[i].prefix)
      return i;
  }
  return kFamilyNames.size();
}

// The 32-byte address or hash that follows the family prefix of a code or
// contract key (which holds nothing else).
absl::StatusOr<Hash> IdOf(std::string_view key) {
  Hash id{};
  if (key.size() != 1 + id.size()) {
    return absl::DataLossError("corrupt key: not a prefix and 32 bytes");
  }
  std::copy(key.begin() + 1, key.end(), id.begin());
  return id;
}

// Reads what stats reports from each record, in key order.
class Scanner {
 public:
  Scanner() { scan_.state_digest = LtHash().Digest(); }

  // A ScanVisitor: stops at the first record that does not parse.
  bool Visit(std::string_view key, std::string_view value) {
    const size_t family = FamilyIndex(key);
    scan_.families[family].records += 1;
    scan_.families[family].bytes += key.size() + value.size();
    status_ = Read(key, value);
    return status_.ok();
  }

  absl::StatusOr<StoreScan> Finish() && {
    DYT_RETURN_IF_ERROR(status_);
    return std::move(scan_);
  }

 private:
  absl::Status Read(std::string_view key, std::string_view value) {
    switch (key.empty() ? -1 : static_cast<uint8_t>(key[0])) {
      case layout::kMeta:
        return ReadMeta(key, value);
      case layout::kCode:
        return ReadCode(key, value);
      case layout::kContract:
        return ReadContract(key, value);
      case layout::kBlockDigest:
        return ReadBlockDigest(key, value);
      default:
        return absl::OkStatus();
    }
  }

  absl::Status ReadMeta(std::string_view key, std::string_view value) {
    if (key == layout::FormatVersionKey()) {
      DYT_ASSIGN_OR_RETURN(scan_.format_version, layout::DecodeU32(value));
    } else if (key == layout::DigestAccumulatorKey()) {
      DYT_ASSIGN_OR_RETURN(LtHash accumulator, LtHash::Parse(value));
      scan_.state_digest = accumulator.Digest();
    }
    return absl::OkStatus();
  }

  absl::Status ReadCode(std::string_view key, std::string_view value) {
    DYT_ASSIGN_OR_RETURN(Hash hash, IdOf(key));
    CodeTally& code = scan_.codes[hash];
    code.stored = true;
    code.wasm_bytes = value.size();
    return absl::OkStatus();
  }

  absl::Status ReadContract(std::string_view key, std::string_view value) {
    DYT_ASSIGN_OR_RETURN(Address address, IdOf(key));
    DYT_ASSIGN_OR_RETURN(ContractRecord record,
                         layout::DecodeContractRecord(value));
    CodeTally& code = scan_.codes[record.code_hash];
    if (code.contracts++ == 0) code.first_contract = address;
    return absl::OkStatus();
  }

  // Keys sort by block number (big-endian), so the last one is the highest.
  absl::Status ReadBlockDigest(std::string_view key, std::string_view value) {
    DYT_ASSIGN_OR_RETURN(uint64_t block, layout::DecodeBlockDigestKey(key));
    Hash digest{};
    if (value.size() != digest.size()) {
      return absl::DataLossError("corrupt block digest: not 32 bytes");
    }
    std::copy(value.begin(), value.end(), digest.begin());
    scan_.last_block = {block, digest};
    return absl::OkStatus();
  }

  StoreScan scan_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<StoreScan> ScanStore(const std::string& dir) {
  DYT_ASSIGN_OR_RETURN(std::unique_ptr<RocksDbKvStore> kv,
                       RocksDbKvStore::Open(dir, OpenMode::kReadOnly));
  Scanner scanner;
  DYT_RETURN_IF_ERROR(kv->Scan(
      "", "", [&scanner](std::string_view key, std::string_view value) {
        return scanner.Visit(key, value);
      }));
  return std::move(scanner).Finish();
}

}  // namespace dytallix::internal
