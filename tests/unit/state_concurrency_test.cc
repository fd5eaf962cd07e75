// Many threads running calls at once over one StateStore, on both backends.
// Meant to run under ThreadSanitizer as well (see state/state_store.h for the
// rules): disjoint contracts commit independently and end in the same digest
// as a sequential run; calls on one contract abort on conflict and, retried,
// lose no update.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "state/state_store.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::IsOkAndHolds;
using ::dytallix::testing::TempDir;
using ::testing::Optional;

constexpr int kThreads = 4;
constexpr int kCallsPerThread = 50;

Address Contract(int thread) {
  Address a;
  a.fill(static_cast<uint8_t>(thread + 1));
  return a;
}

// Call `i` of thread `t`: touches only contract t.
absl::Status DisjointCall(StateStore& store, int t, int i) {
  CallState call = store.BeginCall({.block = static_cast<uint64_t>(i),
                                    .tx_index = static_cast<uint32_t>(t)});
  absl::Status s =
      call.SetStorage(Contract(t), absl::StrCat("k", i % 7), std::to_string(i));
  if (s.ok()) s = call.EmitEvent(Contract(t), "t", std::to_string(i));
  if (s.ok()) s = store.Commit(call);
  return s;
}

// Adds one to a counter every thread shares, retrying on conflict.
absl::Status Increment(StateStore& store, const Address& shared) {
  while (true) {
    CallState call = store.BeginCall({});
    auto current = call.GetStorage(shared, "n");
    if (!current.ok()) return current.status();
    int n = current->has_value() ? std::stoi(**current) : 0;
    if (absl::Status s = call.SetStorage(shared, "n", std::to_string(n + 1));
        !s.ok()) {
      return s;
    }
    absl::Status s = store.Commit(call);
    if (s.code() != absl::StatusCode::kAborted) return s;
  }
}

template <typename Fn>
void RunThreads(Fn fn) {
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(fn, t);
  for (auto& th : threads) th.join();
}

enum class Kind { kMemory, kRocksDb };

class StateConcurrencyTest : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    if (GetParam() == Kind::kMemory) {
      kv_ = std::make_unique<MemKvStore>();
    } else {
      auto kv = RocksDbKvStore::Open(dir_.Path(), OpenMode::kCreateIfMissing);
      ASSERT_THAT(kv, IsOk());
      kv_ = *std::move(kv);
    }
    auto store = StateStore::Open(*kv_, Profile::Contract());
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
  }

  TempDir dir_;
  std::unique_ptr<KvStore> kv_;
  std::unique_ptr<StateStore> store_;
};

TEST_P(StateConcurrencyTest, DisjointContractsMatchASequentialRun) {
  RunThreads([&](int t) {
    for (int i = 0; i < kCallsPerThread; ++i) {
      ASSERT_THAT(DisjointCall(*store_, t, i), IsOk());
    }
  });
  MemKvStore sequential_kv;
  auto sequential = StateStore::Open(sequential_kv, Profile::Contract());
  ASSERT_THAT(sequential, IsOk());
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCallsPerThread; ++i) {
      ASSERT_THAT(DisjointCall(**sequential, t, i), IsOk());
    }
  }
  EXPECT_EQ(store_->Digest(), (*sequential)->Digest());
  EXPECT_THAT(store_->RecomputeDigest(), IsOkAndHolds(store_->Digest()));
  EventQuery all;
  all.limit = 1000;
  auto page = store_->QueryEvents(all);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->events.size(), size_t{kThreads * kCallsPerThread});
}

TEST_P(StateConcurrencyTest, SharedCounterLosesNoUpdate) {
  const Address shared = Contract(99);
  RunThreads([&](int) {
    for (int i = 0; i < kCallsPerThread; ++i) {
      ASSERT_THAT(Increment(*store_, shared), IsOk());
    }
  });
  CallState query = store_->BeginCall({});
  EXPECT_THAT(
      query.GetStorage(shared, "n"),
      IsOkAndHolds(Optional(std::to_string(kThreads * kCallsPerThread))));
}

TEST_P(StateConcurrencyTest, QueriesAndDigestsDuringCommits) {
  std::thread reader([&] {
    for (int i = 0; i < 100; ++i) {
      auto page = store_->QueryEvents({});
      ASSERT_THAT(page, IsOk());
      for (size_t j = 1; j < page->events.size(); ++j) {
        ASSERT_LT(page->events[j - 1].position, page->events[j].position);
      }
      (void)store_->Digest();
    }
  });
  RunThreads([&](int t) {
    for (int i = 0; i < kCallsPerThread / 5; ++i) {
      ASSERT_THAT(DisjointCall(*store_, t, i), IsOk());
    }
  });
  reader.join();
  EXPECT_THAT(store_->RecomputeDigest(), IsOkAndHolds(store_->Digest()));
}

std::string KindName(const ::testing::TestParamInfo<Kind>& param) {
  return param.param == Kind::kMemory ? "Memory" : "RocksDb";
}

INSTANTIATE_TEST_SUITE_P(Backends, StateConcurrencyTest,
                         ::testing::Values(Kind::kMemory, Kind::kRocksDb),
                         KindName);

}  // namespace
}  // namespace dytallix::internal
