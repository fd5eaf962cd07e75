// Event queries over committed state: by emitting contract, by topic, by block
// range, any combination, with paging. Results come in chain order (block,
// transaction index, event index).
//
// Reads through the indexes of layout.h. Events are append-only and each is
// written in one batch with its index records, so a query concurrent with
// commits sees each event wholly or not at all. Thread-safe as the reader is.
#ifndef DYTALLIX_STATE_EVENT_QUERY_H_
#define DYTALLIX_STATE_EVENT_QUERY_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "state/kv_store.h"
#include "state/types.h"

namespace dytallix::internal {

struct EventQuery {
  std::optional<Address> contract;   // only events of this contract
  std::optional<std::string> topic;  // only events with exactly this topic
  uint64_t from_block = 0;           // inclusive
  uint64_t to_block = std::numeric_limits<uint64_t>::max();  // inclusive
  // Paging: only events strictly after this position (the previous page's
  // `next`).
  std::optional<EventPosition> after;
  uint32_t limit = 100;  // at most this many events per page; 0 means 1
};

struct EventPage {
  std::vector<Event> events;
  // Set when more events may match: pass it as the next query's `after`.
  std::optional<EventPosition> next;
};

absl::StatusOr<EventPage> QueryEvents(const KvReader& reader,
                                      const EventQuery& query);

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_EVENT_QUERY_H_
