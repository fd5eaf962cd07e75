#include "testing/model_check.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "state/call_state.h"
#include "state/layout.h"
#include "state/lt_hash.h"
#include "state/state_store.h"

namespace dytallix::testing {
namespace {

constexpr int kContracts = 2;
constexpr size_t kMaxDepth = 8;
constexpr uint64_t kDigestEvery = 8;

internal::Address ContractAddress(int index) {
  internal::Address a;
  a.fill(static_cast<uint8_t>(index + 1));
  return a;
}

// Serves the operation bytes; zeros once they run out.
class OpReader {
 public:
  explicit OpReader(std::string_view bytes) : rest_(bytes) {}
  bool Done() const { return rest_.empty(); }
  uint8_t Next() {
    if (rest_.empty()) return 0;
    uint8_t b = static_cast<uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    return b;
  }
  // A short string of one repeated letter: few distinct strings, so writes
  // collide often. Lengths run one past `max_len`, to hit the limits.
  std::string SmallString(uint32_t max_len) {
    uint8_t b = Next();
    return std::string(b % (max_len + 2),
                       static_cast<char>('a' + (b >> 5) % 3));
  }

 private:
  std::string_view rest_;
};

using Storage = std::map<std::pair<int, std::string>, std::string>;

// The reference: whole copies instead of a journal, scans instead of counters.
struct Model {
  struct Frame {
    Storage storage;
    std::vector<internal::Event> events;
  };
  Frame current;
  std::vector<Frame> checkpoints;
  Frame committed;

  uint64_t Usage(int contract) const {
    uint64_t total = 0;
    for (const auto& [key, value] : current.storage) {
      if (key.first == contract) total += key.second.size() + value.size();
    }
    return total;
  }

  internal::Hash256 CommittedDigest() const {
    internal::LtHash hash;
    for (const auto& [key, value] : committed.storage) {
      hash.Add(
          internal::layout::StorageKey(ContractAddress(key.first), key.second),
          value);
    }
    for (const internal::Event& e : committed.events) {
      hash.Add(internal::layout::EventKey(e.position),
               internal::layout::EncodeEventValue(e));
    }
    return hash.Digest();
  }
};

absl::Status Diverged(size_t op, const std::string& what) {
  return absl::InternalError(absl::StrCat("op ", op, ": ", what));
}

class Checker {
 public:
  Checker(internal::StateStore& store, std::string_view ops)
      : store_(store), profile_(ModelCheckProfile()), in_(ops) {}

  absl::Status Run() {
    StartCall();
    while (!in_.Done()) {
      DYT_RETURN_IF_ERROR(Step(in_.Next() % 9));
      ++op_;
    }
    DYT_RETURN_IF_ERROR(EndCall(/*commit=*/true));
    return CheckDigest();
  }

 private:
  absl::Status Step(int op) {
    switch (op) {
      case 0:
        return Set();
      case 1:
        return Remove();
      case 2:
        return Get();
      case 3:
        return Begin();
      case 4:
        return CloseCheckpoint(in_.Next() % 2 == 0);
      case 5:
        return Emit();
      case 6:
        return EndCall(in_.Next() % 4 != 0);
      case 7:
        return Query();
      default:
        return CheckSizes();
    }
  }

  void StartCall() {
    call_ = std::make_unique<internal::CallState>(store_.BeginCall(
        {calls_, 1000 + calls_, static_cast<uint32_t>(calls_ % 3)}));
    checkpoints_.clear();
  }

  // The error the model predicts, compared with what the store said.
  absl::Status ExpectLimit(const absl::Status& got, bool violated) {
    if (violated && got.code() == absl::StatusCode::kResourceExhausted) {
      return absl::OkStatus();
    }
    if (!violated && got.ok()) return absl::OkStatus();
    return Diverged(op_, absl::StrCat("limit violated=", violated,
                                      " but store said ", got.ToString()));
  }

  absl::Status Set() {
    int c = in_.Next() % kContracts;
    std::string key = in_.SmallString(profile_.max_storage_key_bytes);
    std::string value = in_.SmallString(profile_.max_storage_value_bytes);
    auto it = model_.current.storage.find({c, key});
    size_t old_size =
        it == model_.current.storage.end() ? 0 : key.size() + it->second.size();
    size_t new_size = key.size() + value.size();
    bool violated =
        key.size() > profile_.max_storage_key_bytes ||
        value.size() > profile_.max_storage_value_bytes ||
        (new_size > old_size && model_.Usage(c) - old_size + new_size >
                                    profile_.max_storage_bytes_per_contract);
    DYT_RETURN_IF_ERROR(ExpectLimit(
        call_->SetStorage(ContractAddress(c), key, value), violated));
    if (!violated) model_.current.storage[{c, key}] = value;
    return absl::OkStatus();
  }

  absl::Status Remove() {
    int c = in_.Next() % kContracts;
    std::string key = in_.SmallString(profile_.max_storage_key_bytes);
    bool existed = model_.current.storage.erase({c, key}) > 0;
    DYT_ASSIGN_OR_RETURN(bool removed,
                         call_->RemoveStorage(ContractAddress(c), key));
    if (removed != existed) return Diverged(op_, "remove result");
    return absl::OkStatus();
  }

  absl::Status Get() {
    int c = in_.Next() % kContracts;
    std::string key = in_.SmallString(profile_.max_storage_key_bytes);
    std::optional<std::string> expected;
    if (auto it = model_.current.storage.find({c, key});
        it != model_.current.storage.end()) {
      expected = it->second;
    }
    DYT_ASSIGN_OR_RETURN(std::optional<std::string> got,
                         call_->GetStorage(ContractAddress(c), key));
    if (got != expected) return Diverged(op_, "read of '" + key + "'");
    return absl::OkStatus();
  }

  absl::Status Begin() {
    if (checkpoints_.size() == kMaxDepth) return absl::OkStatus();
    checkpoints_.push_back(call_->Begin());
    model_.checkpoints.push_back(model_.current);
    return absl::OkStatus();
  }

  absl::Status CloseCheckpoint(bool commit) {
    if (checkpoints_.empty()) return absl::OkStatus();
    internal::CallState::Checkpoint cp = checkpoints_.back();
    checkpoints_.pop_back();
    if (commit) {
      DYT_RETURN_IF_ERROR(call_->Commit(cp));
    } else {
      DYT_RETURN_IF_ERROR(call_->Rollback(cp));
      model_.current = model_.checkpoints.back();
    }
    model_.checkpoints.pop_back();
    return absl::OkStatus();
  }

  absl::Status Emit() {
    int c = in_.Next() % kContracts;
    std::string topic = in_.SmallString(profile_.max_event_topic_bytes);
    std::string data = in_.SmallString(profile_.max_event_data_bytes);
    std::vector<internal::Event>& events = model_.current.events;
    bool violated = topic.size() > profile_.max_event_topic_bytes ||
                    data.size() > profile_.max_event_data_bytes ||
                    events.size() >= profile_.max_events_per_call;
    DYT_RETURN_IF_ERROR(ExpectLimit(
        call_->EmitEvent(ContractAddress(c), topic, data), violated));
    if (violated) return absl::OkStatus();
    const internal::CallContext& ctx = call_->Context();
    events.push_back(internal::Event{
        {ctx.block, ctx.tx_index, static_cast<uint32_t>(events.size())},
        ContractAddress(c),
        ctx.block_timestamp,
        topic,
        data});
    return absl::OkStatus();
  }

  // Ends the top-level call: commits it (open checkpoints merged first) or
  // drops it, then checks the digest both ways.
  absl::Status EndCall(bool commit) {
    while (!checkpoints_.empty()) DYT_RETURN_IF_ERROR(CloseCheckpoint(true));
    if (commit) {
      DYT_RETURN_IF_ERROR(store_.Commit(*call_));
      Storage storage = model_.current.storage;
      model_.committed.storage = std::move(storage);
      for (internal::Event& e : model_.current.events) {
        model_.committed.events.push_back(std::move(e));
      }
    }
    model_.current = {model_.committed.storage, {}};
    ++calls_;
    StartCall();
    // The model rehashes everything, so checking after every call would make
    // a long run quadratic; every few calls still pins a divergence down.
    return calls_ % kDigestEvery == 0 ? CheckDigest() : absl::OkStatus();
  }

  absl::Status CheckDigest() {
    internal::Hash256 expected = model_.CommittedDigest();
    if (store_.Digest() != expected) return Diverged(op_, "digest");
    DYT_ASSIGN_OR_RETURN(internal::Hash256 recomputed,
                         store_.RecomputeDigest());
    if (recomputed != expected) return Diverged(op_, "recomputed digest");
    return absl::OkStatus();
  }

  absl::Status CheckSizes() {
    for (int c = 0; c < kContracts; ++c) {
      DYT_ASSIGN_OR_RETURN(uint64_t bytes,
                           call_->StorageBytes(ContractAddress(c)));
      if (bytes != model_.Usage(c)) {
        return Diverged(op_, absl::StrCat("storage bytes ", bytes,
                                          " != ", model_.Usage(c)));
      }
    }
    if (call_->EventCount() != model_.current.events.size()) {
      return Diverged(op_, "event count");
    }
    return absl::OkStatus();
  }

  internal::EventQuery RandomQuery() {
    internal::EventQuery q;
    uint8_t shape = in_.Next();
    if (shape & 1) q.contract = ContractAddress(in_.Next() % kContracts);
    if (shape & 2) q.topic = in_.SmallString(profile_.max_event_topic_bytes);
    if (shape & 4) {
      q.from_block = in_.Next() % (calls_ + 1);
      q.to_block = q.from_block + in_.Next() % 4;
    }
    q.limit = 1 + in_.Next() % 3;
    return q;
  }

  static bool Matches(const internal::EventQuery& q, const internal::Event& e) {
    return (!q.contract || e.contract == *q.contract) &&
           (!q.topic || e.topic == *q.topic) &&
           e.position.block >= q.from_block && e.position.block <= q.to_block;
  }

  // Pages through a random query on committed events.
  absl::Status Query() {
    internal::EventQuery q = RandomQuery();
    std::vector<internal::Event> expected;
    for (const internal::Event& e : model_.committed.events) {
      if (Matches(q, e)) expected.push_back(e);
    }
    std::vector<internal::Event> got;
    while (true) {
      DYT_ASSIGN_OR_RETURN(internal::EventPage page, store_.QueryEvents(q));
      if (page.events.size() > q.limit) return Diverged(op_, "page size");
      got.insert(got.end(), page.events.begin(), page.events.end());
      if (!page.next.has_value()) break;
      q.after = page.next;
    }
    if (got != expected) return Diverged(op_, "event query");
    return absl::OkStatus();
  }

  internal::StateStore& store_;
  const internal::Profile profile_;
  OpReader in_;
  Model model_;
  std::unique_ptr<internal::CallState> call_;
  std::vector<internal::CallState::Checkpoint> checkpoints_;
  uint64_t calls_ = 0;
  size_t op_ = 0;
};

}  // namespace

internal::Profile ModelCheckProfile() {
  internal::Profile p = internal::Profile::Contract();
  p.max_storage_key_bytes = 8;
  p.max_storage_value_bytes = 24;
  p.max_storage_bytes_per_contract = 96;
  p.max_event_topic_bytes = 4;
  p.max_event_data_bytes = 8;
  p.max_events_per_call = 5;
  return p;
}

absl::Status RunModelCheck(internal::KvStore& kv, std::string_view ops) {
  DYT_ASSIGN_OR_RETURN(std::unique_ptr<internal::StateStore> store,
                       internal::StateStore::Open(kv, ModelCheckProfile()));
  return Checker(*store, ops).Run();
}

}  // namespace dytallix::testing
