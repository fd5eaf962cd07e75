#include "state/layout.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace dytallix::internal::layout {
namespace {

void AppendLe(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>(v >> (8 * i)));
}
void AppendBe(std::string& out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>(v >> (8 * i)));
  }
}
uint64_t ReadBe(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

template <size_t N>
void AppendBytes(std::string& out, const std::array<uint8_t, N>& bytes) {
  out.append(reinterpret_cast<const char*>(bytes.data()), N);
}

std::string Prefixed(Family family, const std::array<uint8_t, 32>& id) {
  std::string key(1, static_cast<char>(family));
  AppendBytes(key, id);
  return key;
}

void AppendStr(std::string& out, std::string_view s) {
  AppendLe(out, s.size(), 4);
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
  absl::StatusOr<uint64_t> Le(int n) {
    DYT_ASSIGN_OR_RETURN(std::string_view b, Bytes(n));
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(b[i]);
    return v;
  }
  absl::StatusOr<std::string> Str() {
    DYT_ASSIGN_OR_RETURN(uint64_t n, Le(4));
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
  DYT_ASSIGN_OR_RETURN(uint64_t severity, r.Le(1));
  if (severity > kMaxSeverity) {
    return absl::DataLossError("corrupt contract record: bad severity");
  }
  f.severity = static_cast<Severity>(severity);
  DYT_ASSIGN_OR_RETURN(f.code, r.Str());
  DYT_ASSIGN_OR_RETURN(f.message, r.Str());
  DYT_ASSIGN_OR_RETURN(f.place, r.Str());
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
  AppendBe(out, pos.block, 8);
  AppendBe(out, pos.tx_index, 4);
  AppendBe(out, pos.event_index, 4);
  return out;
}

absl::StatusOr<EventPosition> DecodePosition(std::string_view key_suffix) {
  if (key_suffix.size() != kPositionBytes) {
    return absl::DataLossError("corrupt event key: bad position");
  }
  return EventPosition{ReadBe(key_suffix.substr(0, 8)),
                       static_cast<uint32_t>(ReadBe(key_suffix.substr(8, 4))),
                       static_cast<uint32_t>(ReadBe(key_suffix.substr(12, 4)))};
}

std::string EventKey(const EventPosition& pos) {
  return std::string(1, kEvent).append(EncodePosition(pos));
}
std::string EventByContractPrefix(const Address& address) {
  return Prefixed(kEventByContract, address);
}
std::string EventByTopicPrefix(std::string_view topic) {
  std::string key(1, static_cast<char>(kEventByTopic));
  AppendBe(key, topic.size(), 2);
  return key.append(topic);
}
std::string BlockDigestKey(uint64_t block) {
  std::string key(1, static_cast<char>(kBlockDigest));
  AppendBe(key, block, 8);
  return key;
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
  AppendLe(out, v, 4);
  return out;
}
std::string EncodeU64(uint64_t v) {
  std::string out;
  AppendLe(out, v, 8);
  return out;
}
absl::StatusOr<uint32_t> DecodeU32(std::string_view bytes) {
  Reader r(bytes, "u32 record");
  DYT_ASSIGN_OR_RETURN(uint64_t v, r.Le(4));
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return static_cast<uint32_t>(v);
}
absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes) {
  Reader r(bytes, "u64 record");
  DYT_ASSIGN_OR_RETURN(uint64_t v, r.Le(8));
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return v;
}

std::string EncodeContractRecord(const ContractRecord& record) {
  std::string out;
  AppendBytes(out, record.code_hash);
  AppendBytes(out, record.deployer);
  AppendLe(out, record.deploy_block, 8);
  AppendLe(out, record.verdict.score, 1);
  AppendLe(out, record.verdict.findings.size(), 4);
  for (const Finding& f : record.verdict.findings) {
    AppendLe(out, static_cast<uint8_t>(f.severity), 1);
    AppendStr(out, f.code);
    AppendStr(out, f.message);
    AppendStr(out, f.place);
  }
  return out;
}

absl::StatusOr<ContractRecord> DecodeContractRecord(std::string_view bytes) {
  Reader r(bytes, "contract record");
  ContractRecord record;
  DYT_RETURN_IF_ERROR(r.Array(record.code_hash));
  DYT_RETURN_IF_ERROR(r.Array(record.deployer));
  DYT_ASSIGN_OR_RETURN(record.deploy_block, r.Le(8));
  DYT_ASSIGN_OR_RETURN(uint64_t score, r.Le(1));
  if (score > 100) return absl::DataLossError("corrupt contract record: score");
  record.verdict.score = static_cast<uint8_t>(score);
  DYT_ASSIGN_OR_RETURN(uint64_t count, r.Le(4));
  for (uint64_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(Finding f, ReadFinding(r));
    record.verdict.findings.push_back(std::move(f));
  }
  DYT_RETURN_IF_ERROR(r.ExpectEnd());
  return record;
}

std::string EncodeEventValue(const Event& event) {
  std::string out;
  AppendBytes(out, event.contract);
  AppendLe(out, event.block_timestamp, 8);
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
  DYT_ASSIGN_OR_RETURN(event.block_timestamp, r.Le(8));
  DYT_ASSIGN_OR_RETURN(event.topic, r.Str());
  event.data = std::string(r.Rest());
  return event;
}

}  // namespace dytallix::internal::layout
