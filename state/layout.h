// The on-disk byte layout of contract state: every key and value written to a
// KvStore is built and parsed here, nowhere else. state/LAYOUT.md draws the
// layout (each family's key and value, what the digest covers) and says why;
// the functions below are what it describes.
//
// Every key starts with a one-byte family prefix. Values use little-endian
// integers. Integers inside keys that must sort numerically (block, transaction
// and event indexes) are big-endian, because the backend orders keys bytewise;
// that is the one exception to little-endian.
//
// Storage usage counts, per contract, the sum of key length + value length of
// its storage records (the limit's definition); it is derived data, kept so
// the limit is checked without scanning.
#ifndef DYTALLIX_STATE_LAYOUT_H_
#define DYTALLIX_STATE_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "state/types.h"

namespace dytallix::internal::layout {

enum Family : uint8_t {
  kMeta = 0x00,
  kCode = 0x01,
  kContract = 0x02,
  kStorage = 0x03,
  kStorageUsage = 0x04,
  kNonce = 0x05,
  kEvent = 0x06,
  kEventByContract = 0x07,
  kEventByTopic = 0x08,
  kBlockDigest = 0x09,
};

// Bumped on any incompatible change of this file or of the state digest
// (lt_hash.h); checked at open. 2: the digest's record expansion is ChaCha20.
// 3: a finding's place is a function index and an offset, not text.
inline constexpr uint32_t kFormatVersion = 3;
inline constexpr size_t kPositionBytes = 16;

std::string FormatVersionKey();
std::string DigestAccumulatorKey();
std::string CodeKey(const Hash256& code_hash);
std::string ContractKey(const Address& address);
std::string StorageKey(const Address& address, std::string_view key);
std::string StoragePrefix(const Address& address);
std::string StorageUsageKey(const Address& address);
std::string NonceKey(const Address& deployer);
std::string EventKey(const EventPosition& pos);
std::string EventByContractPrefix(const Address& address);
std::string EventByTopicPrefix(std::string_view topic);
std::string EncodePosition(const EventPosition& pos);
std::string BlockDigestKey(uint64_t block);
// The block number of a BlockDigestKey. Errors (kDataLoss) on a key of
// another family or size.
absl::StatusOr<uint64_t> DecodeBlockDigestKey(std::string_view key);

// The families the state digest commits to (see state_store.h).
bool InDigest(std::string_view key);

std::string EncodeU32(uint32_t v);
std::string EncodeU64(uint64_t v);
// Errors are kDataLoss: a value of the wrong size means a corrupt store.
absl::StatusOr<uint32_t> DecodeU32(std::string_view bytes);
absl::StatusOr<uint64_t> DecodeU64(std::string_view bytes);

// `key_suffix` is the last kPositionBytes of an event or index key.
absl::StatusOr<EventPosition> DecodePosition(std::string_view key_suffix);

std::string EncodeContractRecord(const ContractRecord& record);
absl::StatusOr<ContractRecord> DecodeContractRecord(std::string_view bytes);

std::string EncodeEventValue(const Event& event);
// `key` is the event's kEvent key, `value` its value.
absl::StatusOr<Event> DecodeEvent(std::string_view key, std::string_view value);

}  // namespace dytallix::internal::layout

#endif  // DYTALLIX_STATE_LAYOUT_H_
