// StateStore: atomic commits, format version at open, re-open round trips,
// the state digest, conflicts, failed writes, and event queries.
#include "state/state_store.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/fault_kv_store.h"
#include "state/layout.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "testing/address.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::IsOkAndHolds;
using ::dytallix::testing::StatusIs;
using ::dytallix::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

using ::dytallix::testing::Addr;
const Address kA = Addr(0xa);
const Address kB = Addr(0xb);

std::unique_ptr<StateStore> OpenOrDie(KvStore& kv,
                                      const StoreOptions& options = {}) {
  auto store = StateStore::Open(kv, Profile::Contract(), options);
  EXPECT_THAT(store, IsOk());
  return store.ok() ? *std::move(store) : nullptr;
}

std::optional<std::string> ReadCommitted(const StateStore& store,
                                         const Address& c,
                                         std::string_view key) {
  CallState query = store.BeginCall({});
  auto value = query.GetStorage(c, key);
  EXPECT_THAT(value, IsOk());
  return value.ok() ? *value : std::nullopt;
}

// One call writing `key` = `value` in `contract` and emitting one event.
absl::Status CommitWrite(StateStore& store, const Address& contract,
                         std::string_view key, std::string_view value,
                         CallContext ctx = {}) {
  CallState call = store.BeginCall(ctx);
  if (absl::Status s = call.SetStorage(contract, key, value); !s.ok()) return s;
  if (absl::Status s = call.EmitEvent(contract, key, value); !s.ok()) return s;
  return store.Commit(call);
}

TEST(StateStoreTest, CommitIsOneBatchWithItsEvents) {
  MemKvStore mem;
  FaultKvStore kv(mem);
  auto store = OpenOrDie(kv);
  int64_t before = kv.WriteCount();
  CallState call = store->BeginCall({.block = 1});
  ASSERT_THAT(call.SetStorage(kA, "k1", "v1"), IsOk());
  ASSERT_THAT(call.SetStorage(kB, "k2", "v2"), IsOk());
  ASSERT_THAT(call.EmitEvent(kA, "t", "d"), IsOk());
  ASSERT_THAT(store->Commit(call), IsOk());
  EXPECT_EQ(kv.WriteCount() - before, 1);
  EXPECT_THAT(ReadCommitted(*store, kB, "k2"), Optional(std::string("v2")));
  auto page = store->QueryEvents({});
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->events.size(), 1u);
}

TEST(StateStoreTest, FailedWriteLeavesStateAndDigestUnchanged) {
  MemKvStore mem;
  FaultKvStore kv(mem);
  auto store = OpenOrDie(kv);
  ASSERT_THAT(CommitWrite(*store, kA, "k", "before"), IsOk());
  Hash256 digest = store->Digest();
  kv.FailNthWrite(1);
  EXPECT_THAT(CommitWrite(*store, kA, "k", "after"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ReadCommitted(*store, kA, "k"), Optional(std::string("before")));
  EXPECT_EQ(store->Digest(), digest);
  EXPECT_THAT(store->RecomputeDigest(), IsOkAndHolds(digest));
  // The store is still usable.
  EXPECT_THAT(CommitWrite(*store, kA, "k", "after"), IsOk());
  EXPECT_THAT(store->RecomputeDigest(), IsOkAndHolds(store->Digest()));
}

TEST(StateStoreTest, CommitWithOpenCheckpointIsRefused) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  CallState call = store->BeginCall({});
  call.Begin();
  ASSERT_THAT(call.SetStorage(kA, "k", "v"), IsOk());
  EXPECT_THAT(store->Commit(call),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReadCommitted(*store, kA, "k"), std::nullopt);
}

TEST(StateStoreTest, ConflictingCallIsAbortedAndWritesNothing) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  CallState first = store->BeginCall({});
  CallState second = store->BeginCall({.tx_index = 1});
  ASSERT_THAT(first.SetStorage(kA, "k", "first"), IsOk());
  ASSERT_THAT(second.SetStorage(kA, "k", "second"), IsOk());
  ASSERT_THAT(second.SetStorage(kB, "other", "x"), IsOk());
  ASSERT_THAT(store->Commit(first), IsOk());
  EXPECT_THAT(store->Commit(second), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(ReadCommitted(*store, kA, "k"), Optional(std::string("first")));
  EXPECT_EQ(ReadCommitted(*store, kB, "other"), std::nullopt);
  EXPECT_THAT(store->RecomputeDigest(), IsOkAndHolds(store->Digest()));
}

// A block committed while a call ran changes what the call read: the call
// is checked, and aborted.
TEST(StateStoreTest, CallOverRecordsABlockChangedIsAborted) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  CallState call = store->BeginCall({});
  ASSERT_THAT(call.SetStorage(kA, "k", "call"), IsOk());
  WriteBatch block;
  block.Put(layout::StorageKey(kA, "k"), "block");
  ASSERT_THAT(store->CommitBlock(1, block, LtHash(), store->CommitCount()),
              IsOk());
  EXPECT_THAT(store->Commit(call), StatusIs(absl::StatusCode::kAborted));
}

// A call that began after the last write is committed without re-reading
// what it read, and a later call over the same records still sees the
// first one's writes as a change.
TEST(StateStoreTest, CallsInTurnCommitAndOverlappingOnesStillConflict) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  for (int i = 0; i < 3; ++i) {
    CallState call = store->BeginCall({});
    ASSERT_THAT(call.SetStorage(kA, "k", std::to_string(i)), IsOk());
    ASSERT_THAT(store->Commit(call), IsOk());
  }
  CallState early = store->BeginCall({});
  ASSERT_THAT(early.GetStorage(kA, "k"),
              IsOkAndHolds(Optional(std::string("2"))));
  ASSERT_THAT(early.SetStorage(kB, "k", "x"), IsOk());
  ASSERT_THAT(CommitWrite(*store, kA, "k", "3"), IsOk());
  EXPECT_THAT(store->Commit(early), StatusIs(absl::StatusCode::kAborted));
}

TEST(StateStoreTest, CallsOnDifferentContractsCommitIndependently) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  CallState first = store->BeginCall({});
  CallState second = store->BeginCall({.tx_index = 1});
  ASSERT_THAT(first.SetStorage(kA, "k", "a"), IsOk());
  ASSERT_THAT(second.SetStorage(kB, "k", "b"), IsOk());
  EXPECT_THAT(store->Commit(second), IsOk());
  EXPECT_THAT(store->Commit(first), IsOk());
}

TEST(StateStoreTest, UsageSurvivesCommitAndIsNotRescanned) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  ASSERT_THAT(CommitWrite(*store, kA, "key", "value"), IsOk());
  CallState call = store->BeginCall({});
  EXPECT_THAT(call.StorageBytes(kA), IsOkAndHolds(8u));
  ASSERT_THAT(call.RemoveStorage(kA, "key"), IsOk());
  ASSERT_THAT(store->Commit(call), IsOk());
  // Back to zero: the usage record is deleted, not left at 0.
  EXPECT_THAT(kv.Get(layout::StorageUsageKey(kA)), IsOkAndHolds(std::nullopt));
}

TEST(StateStoreTest, DigestDependsOnContentNotOnHistory) {
  MemKvStore kv1, kv2;
  auto s1 = OpenOrDie(kv1);
  auto s2 = OpenOrDie(kv2);
  EXPECT_EQ(s1->Digest(), s2->Digest());
  ASSERT_THAT(CommitWrite(*s1, kA, "x", "1"), IsOk());
  EXPECT_NE(s1->Digest(), s2->Digest());
  // s2 reaches the same records another way: an overwrite and a deletion.
  CallState call = s2->BeginCall({});
  ASSERT_THAT(call.SetStorage(kA, "x", "0"), IsOk());
  ASSERT_THAT(call.SetStorage(kA, "tmp", "t"), IsOk());
  ASSERT_THAT(s2->Commit(call), IsOk());
  CallState fix = s2->BeginCall({});
  ASSERT_THAT(fix.SetStorage(kA, "x", "1"), IsOk());
  ASSERT_THAT(fix.RemoveStorage(kA, "tmp"), IsOk());
  ASSERT_THAT(fix.EmitEvent(kA, "x", "1"), IsOk());
  ASSERT_THAT(s2->Commit(fix), IsOk());
  EXPECT_EQ(s1->Digest(), s2->Digest());
  EXPECT_THAT(s2->RecomputeDigest(), IsOkAndHolds(s2->Digest()));
}

TEST(StateStoreTest, BlockDigestsAreRecorded) {
  MemKvStore kv;
  auto store = OpenOrDie(kv);
  ASSERT_THAT(CommitWrite(*store, kA, "k", "v"), IsOk());
  ASSERT_THAT(store->FinalizeBlock(1), IsOk());
  Hash256 after_1 = store->Digest();
  ASSERT_THAT(CommitWrite(*store, kA, "k", "w", {.block = 2}), IsOk());
  ASSERT_THAT(store->FinalizeBlock(2), IsOk());
  EXPECT_THAT(store->BlockDigest(1), IsOkAndHolds(Optional(after_1)));
  EXPECT_THAT(store->BlockDigest(2), IsOkAndHolds(Optional(store->Digest())));
  EXPECT_THAT(store->BlockDigest(3), IsOkAndHolds(std::nullopt));
  // Finalizing writes no state: the digest does not move.
  EXPECT_THAT(store->RecomputeDigest(), IsOkAndHolds(store->Digest()));
}

TEST(StateStoreTest, NewerFormatVersionIsRefused) {
  MemKvStore kv;
  ASSERT_NE(OpenOrDie(kv), nullptr);
  WriteBatch batch;
  batch.Put(layout::FormatVersionKey(),
            layout::EncodeU32(layout::kFormatVersion + 1));
  ASSERT_THAT(kv.Write(batch, {}), IsOk());
  EXPECT_THAT(
      StateStore::Open(kv, Profile::Contract()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer")));
}

TEST(StateStoreTest, DataWithoutVersionIsRefused) {
  MemKvStore kv;
  WriteBatch batch;
  batch.Put("someone else's data", "x");
  ASSERT_THAT(kv.Write(batch, {}), IsOk());
  EXPECT_THAT(StateStore::Open(kv, Profile::Contract()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("version")));
}

TEST(StateStoreTest, MalformedVersionOrAccumulatorIsDataLoss) {
  MemKvStore kv;
  ASSERT_NE(OpenOrDie(kv), nullptr);
  WriteBatch bad_acc;
  bad_acc.Put(layout::DigestAccumulatorKey(), "short");
  ASSERT_THAT(kv.Write(bad_acc, {}), IsOk());
  EXPECT_THAT(StateStore::Open(kv, Profile::Contract()),
              StatusIs(absl::StatusCode::kDataLoss));
  WriteBatch bad_version;
  bad_version.Put(layout::FormatVersionKey(), "?");
  ASSERT_THAT(kv.Write(bad_version, {}), IsOk());
  EXPECT_THAT(StateStore::Open(kv, Profile::Contract()),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(StateStoreTest, OpenFailsCleanlyOnReadError) {
  MemKvStore mem;
  FaultKvStore kv(mem);
  kv.FailNthRead(1);
  EXPECT_THAT(StateStore::Open(kv, Profile::Contract()),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(StateStoreRocksDbTest, ReopenRoundTripsEverything) {
  TempDir dir;
  ContractRecord record{
      Addr(1), kB, 3, {42, {{Severity::kMedium, "c", "m", CodePlace{1, 2}}}}};
  Hash256 digest, code_hash;
  {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    auto store = OpenOrDie(**kv, {.sync = true});
    CallState call = store->BeginCall({.block = 3, .block_timestamp = 99});
    auto hash = call.PutCode("code");
    ASSERT_THAT(hash, IsOk());
    code_hash = *hash;
    ASSERT_THAT(call.PutContract(kA, record), IsOk());
    ASSERT_THAT(call.SetNonce(kB, 1), IsOk());
    ASSERT_THAT(call.SetStorage(kA, "k", "v"), IsOk());
    ASSERT_THAT(call.EmitEvent(kA, "deployed", "yes"), IsOk());
    ASSERT_THAT(store->Commit(call), IsOk());
    ASSERT_THAT(store->FinalizeBlock(3), IsOk());
    digest = store->Digest();
  }
  auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite);
  ASSERT_THAT(kv, IsOk());
  auto store = OpenOrDie(**kv);
  EXPECT_EQ(store->Digest(), digest);
  EXPECT_THAT(store->RecomputeDigest(), IsOkAndHolds(digest));
  EXPECT_THAT(store->BlockDigest(3), IsOkAndHolds(Optional(digest)));
  CallState q = store->BeginCall({});
  EXPECT_THAT(q.GetCode(code_hash),
              IsOkAndHolds(Optional(std::string("code"))));
  EXPECT_THAT(q.GetContract(kA), IsOkAndHolds(Optional(record)));
  EXPECT_THAT(q.GetNonce(kB), IsOkAndHolds(1u));
  EXPECT_THAT(q.GetStorage(kA, "k"), IsOkAndHolds(Optional(std::string("v"))));
  EXPECT_THAT(q.StorageBytes(kA), IsOkAndHolds(2u));
  auto page = store->QueryEvents({});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->events.size(), 1u);
  EXPECT_EQ(page->events[0].block_timestamp, 99u);
}

TEST(StateStoreRocksDbTest, FormatVersionMismatchAfterReopen) {
  TempDir dir;
  {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_NE(OpenOrDie(**kv), nullptr);
    WriteBatch batch;
    batch.Put(layout::FormatVersionKey(), layout::EncodeU32(99));
    ASSERT_THAT((*kv)->Write(batch, {}), IsOk());
  }
  auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite);
  ASSERT_THAT(kv, IsOk());
  EXPECT_THAT(StateStore::Open(**kv, Profile::Contract()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("99")));
}

// Event queries: three blocks, two contracts, two topics.
class EventQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(kv_);
    for (uint64_t block = 1; block <= 3; ++block) {
      for (uint32_t tx = 0; tx < 2; ++tx) {
        CallState call = store_->BeginCall({block, 100 * block, tx});
        const Address& c = tx == 0 ? kA : kB;
        ASSERT_THAT(call.EmitEvent(c, "mint", "m"), IsOk());
        ASSERT_THAT(call.EmitEvent(c, "burn", "b"), IsOk());
        ASSERT_THAT(store_->Commit(call), IsOk());
      }
    }
  }
  std::vector<EventPosition> Positions(EventQuery q) {
    std::vector<EventPosition> out;
    while (true) {
      auto page = store_->QueryEvents(q);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) return out;
      for (const Event& e : page->events) out.push_back(e.position);
      if (!page->next) return out;
      q.after = page->next;
    }
  }

  MemKvStore kv_;
  std::unique_ptr<StateStore> store_;
};

TEST_F(EventQueryTest, AllInChainOrder) {
  auto all = Positions({});
  ASSERT_EQ(all.size(), 12u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(all.front(), (EventPosition{1, 0, 0}));
  EXPECT_EQ(all.back(), (EventPosition{3, 1, 1}));
}

TEST_F(EventQueryTest, ByContract) {
  EventQuery q;
  q.contract = kB;
  auto got = Positions(q);
  ASSERT_EQ(got.size(), 6u);
  for (const auto& p : got) EXPECT_EQ(p.tx_index, 1u);
}

TEST_F(EventQueryTest, ByTopicAndContractAndBlockRange) {
  EventQuery q;
  q.topic = "burn";
  EXPECT_EQ(Positions(q).size(), 6u);
  q.contract = kA;
  q.from_block = 2;
  q.to_block = 3;
  EXPECT_THAT(Positions(q),
              ElementsAre(EventPosition{2, 0, 1}, EventPosition{3, 0, 1}));
}

TEST_F(EventQueryTest, PagesAreBoundedAndResumeExactly) {
  EventQuery q;
  q.limit = 5;
  auto first = store_->QueryEvents(q);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->events.size(), 5u);
  ASSERT_TRUE(first->next.has_value());
  EXPECT_EQ(*first->next, first->events.back().position);
  EXPECT_EQ(Positions(q).size(), 12u);
  q.limit = 12;
  auto whole = store_->QueryEvents(q);
  ASSERT_THAT(whole, IsOk());
  EXPECT_EQ(whole->events.size(), 12u);
  EXPECT_FALSE(whole->next.has_value());
}

TEST_F(EventQueryTest, EventsCarryTheirFields) {
  EventQuery q;
  q.from_block = q.to_block = 2;
  q.topic = "mint";
  auto page = store_->QueryEvents(q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->events,
              ElementsAre(Event{{2, 0, 0}, kA, 200, "mint", "m"},
                          Event{{2, 1, 0}, kB, 200, "mint", "m"}));
}

TEST_F(EventQueryTest, EmptyAndInvertedRanges) {
  EventQuery q;
  q.from_block = 4;
  EXPECT_TRUE(Positions(q).empty());
  q.from_block = 3;
  q.to_block = 2;
  EXPECT_TRUE(Positions(q).empty());
  q = {};
  q.topic = "mi";  // a prefix of a topic is not the topic
  EXPECT_TRUE(Positions(q).empty());
}

}  // namespace
}  // namespace dytallix::internal
