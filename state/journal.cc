#include "state/journal.h"

#include <utility>

#include "base/check.h"
#include "base/status_macros.h"

namespace dytallix::internal {

absl::StatusOr<Journal::Value> Journal::Origin(std::string_view key) {
  if (auto it = origins_.find(key); it != origins_.end()) return it->second;
  DYT_ASSIGN_OR_RETURN(Value value, base_.Get(key));
  origins_.emplace(std::string(key), value);
  return value;
}

absl::StatusOr<Journal::Value> Journal::Get(std::string_view key) {
  if (auto it = pending_.find(key); it != pending_.end()) return it->second;
  return Origin(key);
}

absl::Status Journal::Set(std::string_view key, Value value) {
  DYT_RETURN_IF_ERROR(Origin(key).status());
  Record(key, std::move(value));
  return absl::OkStatus();
}

void Journal::SetUnread(std::string_view key, Value value) {
  Record(key, std::move(value));
}

void Journal::Record(std::string_view key, Value value) {
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    undo_.push_back({std::string(key), std::nullopt});
    pending_.emplace(std::string(key), std::move(value));
  } else {
    undo_.push_back({std::string(key), std::move(it->second)});
    it->second = std::move(value);
  }
}

void Journal::RollbackTo(size_t mark) {
  DYT_DCHECK(mark <= Mark());
  while (undo_.size() > mark) {
    Undo& u = undo_.back();
    if (u.previous.has_value()) {
      pending_.find(u.key)->second = std::move(*u.previous);
    } else {
      pending_.erase(u.key);
    }
    undo_.pop_back();
  }
}

}  // namespace dytallix::internal
