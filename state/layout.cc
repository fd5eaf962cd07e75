#include "state/layout.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/coding.h"
#include "base/status_macros.h"

namespace dytallix::internal::layout {
namespace {

template <size_t N>
void AppendBytes(std::string& out, const std::array<uint8_t, N>& bytes) {
  out.append(reinterpret_cast<const char*>(bytes.data()), N);
}

std::string Prefixed(Family family, const std::array<uint8_t, 32>& id) {
  std::string key(1, static_cast<char>(family));
  AppendBytes(key, id);
  return key;
}

// A length-prefixed string: its size as u32, then its bytes.
void AppendStr(std::string& out, std::string_view s) {
  PutFixed<uint32_t>(&out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

// Reads a value front to back; every read fails with kDataLoss past the end.
class Reader {
 public:
  Reader(std::string_view bytes, const char* what)
      : rest_(bytes), what_(what) {}

  absl::StatusOr<std::string_view> Bytes(size_t n) {
    if (rest_.size() < n) {
      return absl::DataLossError(
          absl::StrCat("corrupt ", what_, ": truncated"));
    }
    std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  template <FixedInt Int>
  absl::StatusOr<Int> Fixed() {
    DYT_ASSIGN_OR_RETURN(std::string_view b, Bytes(sizeof(Int)));
    return DecodeFixed<Int>(b.data());
  }
  absl::StatusOr<std::string> Str() {
    DYT_ASSIGN_OR_RETURN(uint32_t n, Fixed<uint32_t>());
    DYT_ASSIGN_OR_RETURN(std::string_view b, Bytes(n));
    return std::string(b);
  }
  absl::Status Array(std::array<uint8_t, 32>& out) {
    DYT_ASSIGN_OR_RETURN(std::string_view b, Bytes(out.size()));
    std::copy(b.begin(), b.end(), out.begin());
    return absl::OkStatus();
  }
  std::string_view Rest() const { return rest_; }
  absl::Status ExpectEnd() const {
    if (rest_.empty()) return absl::OkStatus();
    return absl::DataLossError(
        absl::StrCat("corrupt ", what_, ": trailing bytes"));
  }

 private:
  std::string_view rest_;
  const char* what_;  // what is being read, for errors
};

absl::StatusOr<Finding> ReadFinding(Reader& r) {
  Finding f;
  DYT_ASSIGN_OR_RETURN(uint8_t severity, r.Fixed<uint8_t>());
  if (severity > kMaxSeverity) {
    return absl::DataLossError("corrupt contract record: bad severity");
  }
  f.severity = static_cast<Severity>(severity);
  DYT_ASSIGN_OR_RETURN(f.code, r.Str());
  DYT_ASSIGN_OR_RETURN(f.message, r.Str());
  DYT_ASSIGN_OR_RETURN(uint8_t has_place, r.Fixed<uint8_t>());
  if (has_place > 1) {
    return absl::DataLossError("corrupt contract record: bad place flag");
  }
  if (has_place == 1) {
    CodePlace& place = f.place.emplace();
    DYT_ASSIGN_OR_RETURN(place.function_index, r.Fixed<uint32_t>());
    DYT_ASSIGN_OR_RETURN(place.offset, r.Fixed<uint32_t>());
  }
  return f;
}

}  // namespace

std::string FormatVersionKey() { return std::string("\x00\x01", 2); }
std::string DigestAccumulatorKey() { return std::string("\x00\x02", 2); }
std::string CodeKey(const Hash256& code_hash) {
  return Prefixed(kCode, code_hash);
}
std::string ContractKey(const Address& address) {
  return Prefixed(kContract, address);
}
std::string StoragePrefix(const Address& address) {
  return Prefixed(kStorage, address);
}
std::string StorageKey(const Address& address, std::string_view key) {
  return StoragePrefix(address).append(key);
}
std::string StorageUsageKey(const Address& address) {
  return Prefixed(kStorageUsage, address);
}
std::string NonceKey(const Address& deployer) {
  return Prefixed(kNonce, deployer);
}

std::string EncodePosition(const EventPosition& pos) {
  std::string out;
  PutBigEndian<uint64_t>(&out, pos.block);
  PutBigEndian<uint32_t>(&out, pos.tx_index);
  PutBigEndian<uint32_t>(&out, pos.event_index);
  return out;
}

absl::StatusOr<EventPosition> DecodePosition(std::string_view key_suffix) {
  if (key_suffix.size() != kPositionBytes) {
    return absl::DataLossError("corrupt event key: bad position");
  }
  const char* p = key_suffix.data();
  return EventPosition{DecodeBigEndian<uint64_t>(p),
                       DecodeBigEndian<uint32_t>(p + 8),
                       DecodeBigEndian<uint32_t>(p + 12)};
}

std::string EventKey(const EventPosition& pos) {
  return std::string(1, kEvent).append(EncodePosition(pos));
}
std::string EventByContractPrefix(const Address& address) {
  return Prefixed(kEventByContract, address);
}
std::string EventByTopicPrefix(std::string_view topic) {
  std::string key(1, static_cast<char>(kEventByTopic));
  PutBigEndian<uint16_t>(&key, static_cast<uint16_t>(topic.size()));
  return key.append(topic);
}
std::string BlockDigestKey(uint64_t block) {
  std::string key(1, static_cast<char>(kBlockDigest));
  PutBigEndian<uint64_t>(&key, block);
  return key;
}
absl::StatusOr<uint64_t> DecodeBlockDigestKey(std::string_view key) {
  if (key.size() != 1 + sizeof(uint64_t) || key[0] != kBlockDigest) {
    return absl::DataLossError("corrupt block digest key");
  }
  return DecodeBigEndian<uint64_t>(key.data() + 1);
}

bool InDigest(std::string_view key) {
  if (key.empty()) return false;
  switch (static_cast<uint8_t>(key[0])) {
    case kCode:
    case kContract:
    case kStorage:
    case kNonce:
    case kEvent:
      return true;
    default:
      return false;
  }
}

std::string EncodeU32(uint32_t v) {
  std::string out;
  PutFixed<uint32_t>(&out, v);
  return out;
}
std::string EncodeU64(uint64_t v) {
  std::string out;
  PutFixed<uint64_t>(&out, v);
  return out;
}
absl::StatusOr<uint32_t> DecodeU32(std::string_view bytes) {
  Reader r(bytes, "u32 record");
  DYT_ASSIGN_OR_RETURN(uint32_t v, r.Fixed<uint32_t>());
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return v;
}
absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes) {
  Reader r(bytes, "u64 record");
  DYT_ASSIGN_OR_RETURN(uint64_t v, r.Fixed<uint64_t>());
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return v;
}

std::string EncodeContractRecord(const ContractRecord& record) {
  std::string out;
  AppendBytes(out, record.code_hash);
  AppendBytes(out, record.deployer);
  PutFixed<uint64_t>(&out, record.deploy_block);
  PutFixed<uint8_t>(&out, record.verdict.score);
  PutFixed<uint32_t>(&out,
                     static_cast<uint32_t>(record.verdict.findings.size()));
  for (const Finding& f : record.verdict.findings) {
    PutFixed<uint8_t>(&out, static_cast<uint8_t>(f.severity));
    AppendStr(out, f.code);
    AppendStr(out, f.message);
    PutFixed<uint8_t>(&out, f.place.has_value() ? 1 : 0);
    if (f.place) {
      PutFixed<uint32_t>(&out, f.place->function_index);
      PutFixed<uint32_t>(&out, f.place->offset);
    }
  }
  return out;
}

absl::StatusOr<ContractRecord> DecodeContractRecord(std::string_view bytes) {
  Reader r(bytes, "contract record");
  ContractRecord record;
  DYT_RETURN_IF_ERROR(r.Array(record.code_hash));
  DYT_RETURN_IF_ERROR(r.Array(record.deployer));
  DYT_ASSIGN_OR_RETURN(record.deploy_block, r.Fixed<uint64_t>());
  DYT_ASSIGN_OR_RETURN(record.verdict.score, r.Fixed<uint8_t>());
  if (record.verdict.score > 100) {
    return absl::DataLossError("corrupt contract record: score");
  }
  DYT_ASSIGN_OR_RETURN(uint32_t count, r.Fixed<uint32_t>());
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(Finding f, ReadFinding(r));
    record.verdict.findings.push_back(std::move(f));
  }
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return record;
}

std::string EncodeEventValue(const Event& event) {
  std::string out;
  AppendBytes(out, event.contract);
  PutFixed<uint64_t>(&out, event.block_timestamp);
  AppendStr(out, event.topic);
  return out.append(event.data);
}

absl::StatusOr<Event> DecodeEvent(std::string_view key,
                                  std::string_view value) {
  if (key.size() != 1 + kPositionBytes || key[0] != kEvent) {
    return absl::DataLossError("corrupt event key");
  }
  Event event;
  DYT_ASSIGN_OR_RETURN(event.position, DecodePosition(key.substr(1)));
  Reader r(value, "event");
  DYT_RETURN_IF_ERROR(r.Array(event.contract));
  DYT_ASSIGN_OR_RETURN(event.block_timestamp, r.Fixed<uint64_t>());
  DYT_ASSIGN_OR_RETURN(event.topic, r.Str());
  event.data = std::string(r.Rest());
  return event;
}

}  // namespace dytallix::internal::layout
