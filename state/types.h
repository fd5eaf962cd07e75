// The values contract state is made of: addresses, hashes, contract records
// with the analyzer's verdict, and events. Plain structs; their byte layouts
// live in layout.h.
#ifndef DYTALLIX_STATE_TYPES_H_
#define DYTALLIX_STATE_TYPES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dytallix::internal {

using Address = std::array<uint8_t, 32>;  // DESIGN.md: addresses are 32 bytes
using Hash256 = std::array<uint8_t, 32>;  // a SHA-256 digest

enum class Severity : uint8_t { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3 };
inline constexpr uint8_t kMaxSeverity = 3;

// One analyzer finding, as recorded with a deployment.
struct Finding {
  Severity severity = Severity::kInfo;
  std::string code;     // stable machine-readable id, e.g. "unbounded-loop"
  std::string message;  // human-readable
  std::string place;    // where, e.g. "func 3 +0x1a"; may be empty
  friend bool operator==(const Finding&, const Finding&) = default;
};

// The analyzer's verdict at deployment: an input to consensus, stored as-is.
struct Verdict {
  uint8_t score = 0;  // 0..100
  std::vector<Finding> findings;
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

struct ContractRecord {
  Hash256 code_hash{};
  Address deployer{};
  uint64_t deploy_block = 0;
  Verdict verdict;
  friend bool operator==(const ContractRecord&,
                         const ContractRecord&) = default;
};

// Where an event sits in the chain; events are ordered by this triple.
struct EventPosition {
  uint64_t block = 0;
  uint32_t tx_index = 0;     // the top-level call within the block
  uint32_t event_index = 0;  // within the top-level call, nested calls included
  // clang-tidy 14 misreads a defaulted <=> as a compare with literal 0.
  // NOLINTBEGIN(modernize-use-nullptr)
  friend auto operator<=>(const EventPosition&, const EventPosition&) = default;
  // NOLINTEND(modernize-use-nullptr)
};

struct Event {
  EventPosition position;
  Address contract{};            // the emitting contract
  uint64_t block_timestamp = 0;  // Unix seconds
  std::string topic;
  std::string data;
  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_TYPES_H_
