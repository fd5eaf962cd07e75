#include "state/event_query.h"

#include <algorithm>

#include "absl/status/status.h"
#include "base/status_macros.h"
#include "state/layout.h"

namespace dytallix::internal {
namespace {

// The key family to scan: the narrowest index the query allows.
std::string ScanPrefix(const EventQuery& q) {
  if (q.contract.has_value()) return layout::EventByContractPrefix(*q.contract);
  if (q.topic.has_value()) return layout::EventByTopicPrefix(*q.topic);
  return std::string(1, layout::kEvent);
}

std::string ScanBegin(const std::string& prefix, const EventQuery& q) {
  EventPosition from{q.from_block, 0, 0};
  if (q.after.has_value() && *q.after >= from) {
    // Positions are fixed width, so a trailing byte sorts just past `after`.
    return prefix + layout::EncodePosition(*q.after) + '\0';
  }
  return prefix + layout::EncodePosition(from);
}

std::string ScanEnd(const std::string& prefix, const EventQuery& q) {
  if (q.to_block == std::numeric_limits<uint64_t>::max()) {
    return PrefixEnd(prefix);
  }
  return prefix + layout::EncodePosition({q.to_block + 1, 0, 0});
}

// Whether a scanned record matches the parts of the query its index does not
// answer. Only a contract index scan can need a topic filter; its records
// carry the topic so the check needs no second read.
bool Matches(const EventQuery& q, std::string_view value) {
  if (!q.topic.has_value() || !q.contract.has_value()) return true;
  return value == *q.topic;
}

// Positions of up to `limit` + 1 matching events, in order. Collected before
// loading any event, because a reader must not be re-entered from a scan.
absl::StatusOr<std::vector<EventPosition>> MatchingPositions(
    const KvReader& reader, const EventQuery& query, size_t limit) {
  const std::string prefix = ScanPrefix(query);
  std::vector<EventPosition> out;
  absl::Status status;
  DYT_RETURN_IF_ERROR(
      reader.Scan(ScanBegin(prefix, query), ScanEnd(prefix, query),
                  [&](std::string_view key, std::string_view value) {
                    if (!Matches(query, value)) return true;
                    absl::StatusOr<EventPosition> pos = layout::DecodePosition(
                        key.substr(key.size() - layout::kPositionBytes));
                    if (!pos.ok()) {
                      status = pos.status();
                      return false;
                    }
                    out.push_back(*pos);
                    return out.size() <= limit;
                  }));
  DYT_RETURN_IF_ERROR(status);
  return out;
}

absl::StatusOr<Event> LoadEvent(const KvReader& reader,
                                const EventPosition& pos) {
  std::string key = layout::EventKey(pos);
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> bytes, reader.Get(key));
  if (!bytes.has_value()) {
    return absl::DataLossError("event index points at a missing event");
  }
  return layout::DecodeEvent(key, *bytes);
}

}  // namespace

absl::StatusOr<EventPage> QueryEvents(const KvReader& reader,
                                      const EventQuery& query) {
  if (query.from_block > query.to_block) return EventPage{};
  const size_t limit = std::max<uint32_t>(query.limit, 1);
  DYT_ASSIGN_OR_RETURN(std::vector<EventPosition> positions,
                       MatchingPositions(reader, query, limit));
  EventPage page;
  for (size_t i = 0; i < positions.size() && i < limit; ++i) {
    DYT_ASSIGN_OR_RETURN(Event event, LoadEvent(reader, positions[i]));
    page.events.push_back(std::move(event));
  }
  if (positions.size() > limit) page.next = positions[limit - 1];
  return page;
}

}  // namespace dytallix::internal
