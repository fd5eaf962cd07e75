// The records contract state is made of: contract records (with the
// analyzer's verdict) and events. Plain structs; their byte layouts live in
// layout.h.
#ifndef DYTALLIX_STATE_TYPES_H_
#define DYTALLIX_STATE_TYPES_H_

#include <cstdint>
#include <string>

#include "base/types.h"
#include "base/verdict.h"

namespace dytallix::internal {

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
