// CallState: storage, records and events of one top-level call, every limit,
// and checkpoints: rollback exactly undoes, at every nesting depth.
#include <string>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/call_state.h"
#include "state/fault_kv_store.h"
#include "state/layout.h"
#include "state/mem_kv_store.h"
#include "state/state_store.h"
#include "testing/address.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::IsOkAndHolds;
using ::dytallix::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

using ::dytallix::testing::Addr;

const Address kA = Addr(0xa);
const Address kB = Addr(0xb);

class CallStateTest : public ::testing::Test {
 protected:
  CallState NewCall(const Profile& profile = Profile::Contract()) {
    return CallState(kv_, profile,
                     {.block = 7, .block_timestamp = 1000, .tx_index = 2});
  }
  std::optional<std::string> Read(CallState& call, const Address& c,
                                  std::string_view key) {
    auto v = call.GetStorage(c, key);
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : std::nullopt;
  }
  uint64_t Bytes(CallState& call, const Address& c) {
    auto v = call.StorageBytes(c);
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : ~0ull;
  }

  MemKvStore kv_;
};

TEST_F(CallStateTest, SeesCommittedStateAndItsOwnWrites) {
  WriteBatch batch;
  batch.Put(layout::StorageKey(kA, "old"), "committed");
  ASSERT_THAT(kv_.Write(batch, {}), IsOk());
  CallState call = NewCall();
  EXPECT_THAT(Read(call, kA, "old"), Optional(std::string("committed")));
  ASSERT_THAT(call.SetStorage(kA, "new", "pending"), IsOk());
  EXPECT_THAT(Read(call, kA, "new"), Optional(std::string("pending")));
  EXPECT_EQ(kv_.Get(layout::StorageKey(kA, "new"))->has_value(), false);
}

TEST_F(CallStateTest, ContractsDoNotSeeEachOthersKeys) {
  CallState call = NewCall();
  ASSERT_THAT(call.SetStorage(kA, "k", "a's"), IsOk());
  EXPECT_EQ(Read(call, kB, "k"), std::nullopt);
  EXPECT_EQ(Bytes(call, kB), 0u);
}

TEST_F(CallStateTest, RemoveReportsWhetherTheKeyExisted) {
  CallState call = NewCall();
  EXPECT_THAT(call.RemoveStorage(kA, "k"), IsOkAndHolds(false));
  ASSERT_THAT(call.SetStorage(kA, "k", "v"), IsOk());
  EXPECT_THAT(call.RemoveStorage(kA, "k"), IsOkAndHolds(true));
  EXPECT_EQ(Read(call, kA, "k"), std::nullopt);
}

TEST_F(CallStateTest, StorageBytesFollowOverwriteAndDelete) {
  CallState call = NewCall();
  ASSERT_THAT(call.SetStorage(kA, "key", "12345"), IsOk());
  EXPECT_EQ(Bytes(call, kA), 8u);
  ASSERT_THAT(call.SetStorage(kA, "key", "1"), IsOk());
  EXPECT_EQ(Bytes(call, kA), 4u);
  ASSERT_THAT(call.SetStorage(kA, "k2", ""), IsOk());
  EXPECT_EQ(Bytes(call, kA), 6u);
  ASSERT_THAT(call.RemoveStorage(kA, "key"), IsOk());
  EXPECT_EQ(Bytes(call, kA), 2u);
}

TEST_F(CallStateTest, KeyAndValueAtTheLimitAreAllowedOneMoreIsNot) {
  CallState call = NewCall();
  Profile p = Profile::Contract();
  EXPECT_THAT(
      call.SetStorage(kA, std::string(p.max_storage_key_bytes, 'k'), "v"),
      IsOk());
  EXPECT_THAT(
      call.SetStorage(kA, std::string(p.max_storage_key_bytes + 1, 'k'), "v"),
      StatusIs(absl::StatusCode::kResourceExhausted,
               HasSubstr("max_storage_key_bytes")));
  EXPECT_THAT(
      call.SetStorage(kA, "k", std::string(p.max_storage_value_bytes, 'v')),
      IsOk());
  EXPECT_THAT(call.SetStorage(kA, "k2",
                              std::string(p.max_storage_value_bytes + 1, 'v')),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_storage_value_bytes")));
  EXPECT_EQ(Read(call, kA, "k2"), std::nullopt);
}

TEST_F(CallStateTest, PerContractLimitCountsKeysAndValues) {
  Profile p = Profile::Contract();
  p.max_storage_bytes_per_contract = 20;
  CallState call = NewCall(p);
  ASSERT_THAT(call.SetStorage(kA, "a", std::string(9, 'x')), IsOk());  // 10
  ASSERT_THAT(call.SetStorage(kA, "b", std::string(9, 'x')), IsOk());  // 20
  EXPECT_THAT(call.SetStorage(kA, "c", ""),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_storage_bytes_per_contract")));
  EXPECT_EQ(Bytes(call, kA), 20u);
  // Other contracts have their own budget.
  EXPECT_THAT(call.SetStorage(kB, "c", ""), IsOk());
  // Overwriting with a same-size or smaller value fits.
  EXPECT_THAT(call.SetStorage(kA, "a", std::string(9, 'y')), IsOk());
  EXPECT_THAT(call.SetStorage(kA, "a", "y"), IsOk());
  EXPECT_THAT(call.SetStorage(kA, "c", std::string(7, 'z')), IsOk());
  EXPECT_EQ(Bytes(call, kA), 20u);
}

TEST_F(CallStateTest, DefaultProfileAllowsExactlyOneMebibytePerContract) {
  Profile p = Profile::Contract();
  ASSERT_EQ(p.max_storage_bytes_per_contract, 1u << 20);
  CallState call = NewCall(p);
  const std::string full(p.max_storage_value_bytes, 'v');
  uint64_t used = 0;
  for (int i = 10; i < 25; ++i) {
    ASSERT_THAT(call.SetStorage(kA, absl::StrCat("k", i), full), IsOk());
    used += 3 + full.size();
  }
  const uint64_t rest = p.max_storage_bytes_per_contract - used;
  ASSERT_THAT(call.SetStorage(kA, "x", std::string(rest - 1, 'r')), IsOk());
  EXPECT_EQ(Bytes(call, kA), p.max_storage_bytes_per_contract);
  EXPECT_THAT(call.SetStorage(kA, "y", ""),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_storage_bytes_per_contract = 1048576")));
  ASSERT_THAT(call.RemoveStorage(kA, "x"), IsOk());
  EXPECT_THAT(call.SetStorage(kA, "y", ""), IsOk());
}

TEST_F(CallStateTest, UsageIsReadFromTheCommittedRecordNotByScanning) {
  // A usage record that disagrees with the records proves no scan happens.
  WriteBatch batch;
  batch.Put(layout::StorageUsageKey(kA), layout::EncodeU64(1000));
  ASSERT_THAT(kv_.Write(batch, {}), IsOk());
  CallState call = NewCall();
  EXPECT_EQ(Bytes(call, kA), 1000u);
  ASSERT_THAT(call.SetStorage(kA, "k", "v"), IsOk());
  EXPECT_EQ(Bytes(call, kA), 1002u);
}

TEST_F(CallStateTest, RollbackRestoresValuesSizesAndDeletedKeys) {
  CallState call = NewCall();
  ASSERT_THAT(call.SetStorage(kA, "keep", "1"), IsOk());
  ASSERT_THAT(call.SetStorage(kA, "gone", "2"), IsOk());
  auto cp = call.Begin();
  ASSERT_THAT(call.SetStorage(kA, "keep", "changed"), IsOk());
  ASSERT_THAT(call.RemoveStorage(kA, "gone"), IsOk());
  ASSERT_THAT(call.SetStorage(kA, "new", "3"), IsOk());
  ASSERT_THAT(call.RemoveStorage(kA, "new"), IsOk());
  ASSERT_THAT(call.SetStorage(kA, "new", "4"), IsOk());  // re-created
  ASSERT_THAT(call.Rollback(cp), IsOk());
  EXPECT_THAT(Read(call, kA, "keep"), Optional(std::string("1")));
  EXPECT_THAT(Read(call, kA, "gone"), Optional(std::string("2")));
  EXPECT_EQ(Read(call, kA, "new"), std::nullopt);
  EXPECT_EQ(Bytes(call, kA), 10u);
  EXPECT_EQ(call.Depth(), 0u);
}

TEST_F(CallStateTest, CommitMergesIntoParentWhichCanStillRollBack) {
  CallState call = NewCall();
  auto outer = call.Begin();
  auto inner = call.Begin();
  ASSERT_THAT(call.SetStorage(kA, "k", "inner"), IsOk());
  ASSERT_THAT(call.Commit(inner), IsOk());
  EXPECT_THAT(Read(call, kA, "k"), Optional(std::string("inner")));
  ASSERT_THAT(call.Rollback(outer), IsOk());
  EXPECT_EQ(Read(call, kA, "k"), std::nullopt);
}

// At each depth d of a 64-deep stack, every level writes the same key and one
// of its own; rolling back level d must restore exactly the state of d - 1.
TEST_F(CallStateTest, RollbackAtEveryNestingDepth) {
  constexpr int kDepth = 64;
  for (int target = 1; target <= kDepth; ++target) {
    CallState call = NewCall();
    std::vector<CallState::Checkpoint> cps;
    for (int d = 1; d <= kDepth; ++d) {
      cps.push_back(call.Begin());
      ASSERT_THAT(call.SetStorage(kA, "shared", std::to_string(d)), IsOk());
      ASSERT_THAT(call.SetStorage(kA, absl::StrCat("own", d), "x"), IsOk());
      ASSERT_THAT(call.EmitEvent(kA, "t", std::to_string(d)), IsOk());
    }
    for (int d = kDepth; d > target; --d)
      ASSERT_THAT(call.Commit(cps[d - 1]), IsOk());
    ASSERT_THAT(call.Rollback(cps[target - 1]), IsOk());
    std::optional<std::string> expected;
    if (target > 1) expected = std::to_string(target - 1);
    EXPECT_EQ(Read(call, kA, "shared"), expected) << target;
    EXPECT_EQ(Read(call, kA, absl::StrCat("own", target)), std::nullopt);
    EXPECT_EQ(call.EventCount(), static_cast<uint32_t>(target - 1));
    uint64_t expected_bytes = 0;
    if (target > 1) {
      expected_bytes = 6 + expected->size();
      for (int d = 1; d < target; ++d)
        expected_bytes += 3 + std::to_string(d).size() + 1;
    }
    EXPECT_EQ(Bytes(call, kA), expected_bytes) << target;
    EXPECT_EQ(call.Depth(), static_cast<size_t>(target - 1));
  }
}

TEST_F(CallStateTest, OnlyTheInnermostCheckpointCanBeClosed) {
  CallState call = NewCall();
  auto outer = call.Begin();
  auto inner = call.Begin();
  EXPECT_THAT(call.Commit(outer),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(call.Rollback(outer),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(call.Depth(), 2u);
  ASSERT_THAT(call.Commit(inner), IsOk());
  EXPECT_THAT(call.Commit(inner),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(call.Commit(outer), IsOk());
}

TEST_F(CallStateTest, EventLimitsNameTheLimit) {
  Profile p = Profile::Contract();
  p.max_events_per_call = 2;
  CallState call = NewCall(p);
  EXPECT_THAT(
      call.EmitEvent(kA, std::string(p.max_event_topic_bytes + 1, 't'), ""),
      StatusIs(absl::StatusCode::kResourceExhausted,
               HasSubstr("max_event_topic_bytes")));
  EXPECT_THAT(
      call.EmitEvent(kA, "t", std::string(p.max_event_data_bytes + 1, 'd')),
      StatusIs(absl::StatusCode::kResourceExhausted,
               HasSubstr("max_event_data_bytes")));
  EXPECT_THAT(call.EmitEvent(kA, std::string(p.max_event_topic_bytes, 't'),
                             std::string(p.max_event_data_bytes, 'd')),
              IsOk());
  EXPECT_THAT(call.EmitEvent(kB, "t", ""), IsOk());
  EXPECT_THAT(call.EmitEvent(kA, "t", ""),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("max_events_per_call")));
  EXPECT_EQ(call.EventCount(), 2u);
}

TEST_F(CallStateTest, RolledBackEventsFreeTheirPositions) {
  CallState call = NewCall();
  ASSERT_THAT(call.EmitEvent(kA, "t", "first"), IsOk());
  auto cp = call.Begin();
  ASSERT_THAT(call.EmitEvent(kA, "t", "dropped"), IsOk());
  ASSERT_THAT(call.Rollback(cp), IsOk());
  ASSERT_THAT(call.EmitEvent(kA, "t", "second"), IsOk());
  const auto& pending = call.CallJournal().Pending();
  auto it = pending.find(layout::EventKey({7, 2, 1}));
  ASSERT_NE(it, pending.end());
  auto event = layout::DecodeEvent(it->first, *it->second);
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->data, "second");
  EXPECT_EQ(event->block_timestamp, 1000u);
  EXPECT_EQ(pending.count(layout::EventKey({7, 2, 2})), 0u);
}

TEST_F(CallStateTest, CodeContractAndNonceRecords) {
  CallState call = NewCall();
  auto hash = call.PutCode(std::string_view("\0asm", 4));
  ASSERT_THAT(hash, IsOk());
  EXPECT_EQ(*hash, Sha256(std::string_view("\0asm", 4)));
  EXPECT_THAT(call.GetCode(*hash),
              IsOkAndHolds(Optional(std::string("\0asm", 4))));
  ContractRecord record{*hash, kB, 7, {90, {}}};
  ASSERT_THAT(call.PutContract(kA, record), IsOk());
  EXPECT_THAT(call.GetContract(kA), IsOkAndHolds(Optional(record)));
  EXPECT_THAT(call.GetContract(kB), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(call.GetNonce(kB), IsOkAndHolds(0u));
  ASSERT_THAT(call.SetNonce(kB, 5), IsOk());
  EXPECT_THAT(call.GetNonce(kB), IsOkAndHolds(5u));
}

TEST_F(CallStateTest, FailedReadLeavesTheCallUnchanged) {
  FaultKvStore faulty(kv_);
  CallState call(faulty, Profile::Contract(), {});
  ASSERT_THAT(call.SetStorage(kA, "k", "v"), IsOk());
  faulty.FailNthRead(1);  // the first origin read of the next write
  EXPECT_THAT(call.SetStorage(kA, "other", "v"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(Read(call, kA, "other"), std::nullopt);
  EXPECT_EQ(Bytes(call, kA), 2u);
  faulty.FailNthRead(1);  // the event record's: the one read an event makes
  EXPECT_THAT(call.EmitEvent(kA, "t", "d"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(call.EventCount(), 0u);
  EXPECT_EQ(call.CallJournal().Pending().size(), 2u);
}

// An event's record is in the digest, so writing it reads what it replaces;
// its two index records are not, and a lookup of each (which finds nothing
// unless an earlier call used the same block and transaction index) was
// most of an event's cost: they are written unread, and so are not among
// the reads a parallel block validates.
TEST_F(CallStateTest, AnEventReadsOnlyItsOwnRecord) {
  FaultKvStore faulty(kv_);
  CallState call(faulty, Profile::Contract(), {.block = 7, .tx_index = 2});
  faulty.FailNthRead(2);  // a second read would fail the event
  ASSERT_THAT(call.EmitEvent(kA, "topic", "data"), IsOk());
  const std::string pos = layout::EncodePosition({7, 2, 0});
  const Journal& journal = call.CallJournal();
  EXPECT_EQ(journal.Origins().count(layout::EventKey({7, 2, 0})), 1u);
  for (const std::string& index : {layout::EventByContractPrefix(kA) + pos,
                                   layout::EventByTopicPrefix("topic") + pos}) {
    EXPECT_EQ(journal.Pending().count(index), 1u);
    EXPECT_EQ(journal.Origins().count(index), 0u);
  }
}

// A key written unread is written as it is, even with the value it already
// has (the journal cannot know), and changes no digest.
TEST_F(CallStateTest, AnUnreadWriteIsCollectedEvenIfUnchanged) {
  const std::string index =
      layout::EventByTopicPrefix("t") + layout::EncodePosition({1, 0, 0});
  WriteBatch existing;
  existing.Put(index, "same");
  ASSERT_THAT(kv_.Write(existing, {}), IsOk());
  Journal journal(kv_);
  journal.SetUnread(index, "same");
  CallWrites writes = CollectWrites(journal);
  ASSERT_EQ(writes.batch.Ops().size(), 1u);
  EXPECT_EQ(writes.batch.Ops()[0].key, index);
  EXPECT_EQ(writes.digest_delta, LtHash());
}

}  // namespace
}  // namespace dytallix::internal
