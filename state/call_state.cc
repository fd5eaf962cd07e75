#include "state/call_state.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "state/layout.h"

namespace dytallix::internal {
namespace {

absl::Status LimitError(const char* what, uint64_t size, const char* field,
                        uint64_t limit) {
  return absl::ResourceExhaustedError(
      absl::StrCat(what, " is ", size, " bytes; limit ", field, " = ", limit));
}

size_t RecordSize(std::string_view key, const std::optional<std::string>& v) {
  return v.has_value() ? key.size() + v->size() : 0;
}

// Runs `step`, and on failure undoes whatever part of it reached the journal,
// so a multi-record operation is all or nothing.
template <typename Step>
absl::Status AllOrNothing(Journal& journal, Step step) {
  size_t mark = journal.Mark();
  absl::Status status = step();
  if (!status.ok()) journal.RollbackTo(mark);
  return status;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> CallState::GetStorage(
    const Address& contract, std::string_view key) {
  return journal_.Get(layout::StorageKey(contract, key));
}

absl::StatusOr<uint64_t> CallState::StorageBytes(const Address& contract) {
  DYT_ASSIGN_OR_RETURN(Journal::Value usage,
                       journal_.Get(layout::StorageUsageKey(contract)));
  if (!usage.has_value()) return 0;
  return layout::DecodeU64(*usage);
}

absl::Status CallState::CheckStorageLimits(std::string_view key,
                                           std::string_view value) const {
  if (key.size() > profile_.max_storage_key_bytes) {
    return LimitError("storage key", key.size(), "max_storage_key_bytes",
                      profile_.max_storage_key_bytes);
  }
  if (value.size() > profile_.max_storage_value_bytes) {
    return LimitError("storage value", value.size(), "max_storage_value_bytes",
                      profile_.max_storage_value_bytes);
  }
  return absl::OkStatus();
}

absl::Status CallState::WriteStorage(const Address& contract,
                                     std::string_view key,
                                     std::optional<std::string_view> value) {
  std::string record_key = layout::StorageKey(contract, key);
  DYT_ASSIGN_OR_RETURN(Journal::Value old, journal_.Get(record_key));
  DYT_ASSIGN_OR_RETURN(uint64_t usage, StorageBytes(contract));
  Journal::Value next;
  if (value.has_value()) next.emplace(*value);
  size_t old_size = RecordSize(key, old);
  size_t new_size = RecordSize(key, next);
  uint64_t new_usage = usage - old_size + new_size;
  // Shrinking is always allowed, even if a lowered limit is already exceeded.
  if (new_size > old_size &&
      new_usage > profile_.max_storage_bytes_per_contract) {
    return LimitError("contract storage after this write", new_usage,
                      "max_storage_bytes_per_contract",
                      profile_.max_storage_bytes_per_contract);
  }
  return AllOrNothing(journal_, [&]() -> absl::Status {
    DYT_RETURN_IF_ERROR(journal_.Set(record_key, std::move(next)));
    Journal::Value usage_record;
    if (new_usage > 0) usage_record = layout::EncodeU64(new_usage);
    return journal_.Set(layout::StorageUsageKey(contract),
                        std::move(usage_record));
  });
}

absl::Status CallState::SetStorage(const Address& contract,
                                   std::string_view key,
                                   std::string_view value) {
  DYT_RETURN_IF_ERROR(CheckStorageLimits(key, value));
  return WriteStorage(contract, key, value);
}

absl::StatusOr<bool> CallState::RemoveStorage(const Address& contract,
                                              std::string_view key) {
  DYT_ASSIGN_OR_RETURN(Journal::Value old, GetStorage(contract, key));
  if (!old.has_value()) return false;
  DYT_RETURN_IF_ERROR(WriteStorage(contract, key, std::nullopt));
  return true;
}

absl::StatusOr<Hash256> CallState::PutCode(std::string_view wasm) {
  Hash256 hash = Sha256(wasm);
  DYT_RETURN_IF_ERROR(journal_.Set(layout::CodeKey(hash), std::string(wasm)));
  return hash;
}

absl::StatusOr<std::optional<std::string>> CallState::GetCode(
    const Hash256& code_hash) {
  return journal_.Get(layout::CodeKey(code_hash));
}

absl::Status CallState::PutContract(const Address& address,
                                    const ContractRecord& record) {
  return journal_.Set(layout::ContractKey(address),
                      layout::EncodeContractRecord(record));
}

absl::StatusOr<std::optional<ContractRecord>> CallState::GetContract(
    const Address& address) {
  DYT_ASSIGN_OR_RETURN(Journal::Value bytes,
                       journal_.Get(layout::ContractKey(address)));
  if (!bytes.has_value()) return std::nullopt;
  return layout::DecodeContractRecord(*bytes);
}

absl::StatusOr<uint64_t> CallState::GetNonce(const Address& deployer) {
  DYT_ASSIGN_OR_RETURN(Journal::Value bytes,
                       journal_.Get(layout::NonceKey(deployer)));
  if (!bytes.has_value()) return 0;
  return layout::DecodeU64(*bytes);
}

absl::Status CallState::SetNonce(const Address& deployer, uint64_t nonce) {
  return journal_.Set(layout::NonceKey(deployer), layout::EncodeU64(nonce));
}

absl::Status CallState::CheckEventLimits(std::string_view topic,
                                         std::string_view data) const {
  if (topic.size() > profile_.max_event_topic_bytes) {
    return LimitError("event topic", topic.size(), "max_event_topic_bytes",
                      profile_.max_event_topic_bytes);
  }
  if (data.size() > profile_.max_event_data_bytes) {
    return LimitError("event data", data.size(), "max_event_data_bytes",
                      profile_.max_event_data_bytes);
  }
  if (event_count_ >= profile_.max_events_per_call) {
    return absl::ResourceExhaustedError(
        absl::StrCat("event ", event_count_ + 1, " of this call; limit ",
                     "max_events_per_call = ", profile_.max_events_per_call));
  }
  return absl::OkStatus();
}

absl::Status CallState::EmitEvent(const Address& contract,
                                  std::string_view topic,
                                  std::string_view data) {
  DYT_RETURN_IF_ERROR(CheckEventLimits(topic, data));
  Event event{{context_.block, context_.tx_index, event_count_},
              contract,
              context_.block_timestamp,
              std::string(topic),
              std::string(data)};
  std::string pos = layout::EncodePosition(event.position);
  // The event record is in the digest, so its write reads what it replaces;
  // the index records are not, and are written unread.
  DYT_RETURN_IF_ERROR(journal_.Set(layout::EventKey(event.position),
                                   layout::EncodeEventValue(event)));
  journal_.SetUnread(layout::EventByContractPrefix(contract) + pos,
                     std::string(topic));
  journal_.SetUnread(layout::EventByTopicPrefix(topic) + pos, "");
  ++event_count_;
  return absl::OkStatus();
}

CallState::Checkpoint CallState::Begin() {
  marks_.push_back({journal_.Mark(), event_count_});
  return Checkpoint{marks_.size()};
}

absl::Status CallState::CheckInnermost(Checkpoint cp) const {
  if (cp.depth == 0 || cp.depth != marks_.size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "checkpoint ", cp.depth, " is not the innermost open one (",
        marks_.size(), " open)"));
  }
  return absl::OkStatus();
}

absl::Status CallState::Commit(Checkpoint cp) {
  DYT_RETURN_IF_ERROR(CheckInnermost(cp));
  marks_.pop_back();
  return absl::OkStatus();
}

absl::Status CallState::Rollback(Checkpoint cp) {
  DYT_RETURN_IF_ERROR(CheckInnermost(cp));
  journal_.RollbackTo(marks_.back().journal_mark);
  event_count_ = marks_.back().event_count;
  marks_.pop_back();
  return absl::OkStatus();
}

}  // namespace dytallix::internal
