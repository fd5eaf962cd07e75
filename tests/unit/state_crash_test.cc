// Crash consistency of the RocksDB-backed state: a child process commits a
// stream of calls (synced) and is killed with SIGKILL at a random moment;
// after each kill the store is reopened and must hold exactly the first m
// calls, for some m no smaller than the number of calls the child had
// acknowledged, record for record and digest for digest equal to a replay of
// those m calls on a fresh in-memory store.
//
// Trials per run: 12, or $DYT_STATE_CRASH_TRIALS (the long variant uses 100+).
// The binary is its own child (testing/crash_child.h), given DIR.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "state/state_store.h"
#include "testing/crash_child.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::CrashChild;
using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::dytallix::testing::TempDir;
using ::dytallix::testing::WriteAck;
using ::testing::HasSubstr;

constexpr int kDefaultTrials = 12;
// The kill comes this long after the child is ready (store open), or, in one
// trial of kKillDuringOpenOneIn, this long after it starts, so that some
// crashes also hit opening and recovery.
constexpr int kMaxKillDelayMs = 40;
constexpr int kKillDuringOpenOneIn = 4;
constexpr uint64_t kReady = ~uint64_t{0};  // sent by the child once open

Address Contract(uint64_t i) {
  Address a;
  a.fill(static_cast<uint8_t>(0x10 + i % 3));
  return a;
}
const Address kCounterContract = Contract(0);

// Call i of the stream: a deterministic mix of writes, an overwrite, a
// removal, a rolled-back nested call and an event, spread over 3 contracts.
absl::Status RunCall(CallState& call, uint64_t i) {
  const std::string n = std::to_string(i);
  if (absl::Status s = call.SetStorage(kCounterContract, "last", n); !s.ok()) {
    return s;
  }
  std::string value(1 + (i * 7) % 300, static_cast<char>('a' + i % 26));
  absl::Status s =
      call.SetStorage(Contract(i), absl::StrCat("k", i % 17), value);
  if (!s.ok()) return s;
  auto removed =
      call.RemoveStorage(Contract(i + 1), absl::StrCat("k", (i * 5) % 17));
  if (!removed.ok()) return removed.status();
  CallState::Checkpoint nested = call.Begin();
  if (s = call.SetStorage(Contract(i + 2), absl::StrCat("rolled", n), "x");
      !s.ok())
    return s;
  if (s = call.EmitEvent(Contract(i + 2), "dropped", n); !s.ok()) return s;
  if (s = call.Rollback(nested); !s.ok()) return s;
  return call.EmitEvent(Contract(i), absl::StrCat("t", i % 4),
                        absl::StrCat("call ", n));
}

CallContext ContextOf(uint64_t i) {
  return {.block = i / 4,
          .block_timestamp = 1000 + i / 4,
          .tx_index = static_cast<uint32_t>(i % 4)};
}

absl::Status CommitCall(StateStore& store, uint64_t i) {
  CallState call = store.BeginCall(ContextOf(i));
  if (absl::Status s = RunCall(call, i); !s.ok()) return s;
  return store.Commit(call);
}

// How many calls of the stream the store holds, from the counter key.
uint64_t CallsPresent(const StateStore& store) {
  CallState query = store.BeginCall({});
  auto last = query.GetStorage(kCounterContract, "last");
  if (!last.ok() || !last->has_value()) return 0;
  return std::stoull(**last) + 1;
}

// The child: continue the stream from wherever the store is until killed,
// writing each call's index to `ack_fd` once Commit has returned. It also
// stops if orphaned, so a failed parent never leaves it filling the disk.
int RunChild(const std::string& dir, int ack_fd) {
  const pid_t parent = getppid();
  auto kv = RocksDbKvStore::Open(dir, OpenMode::kCreateIfMissing);
  if (!kv.ok()) return 2;
  auto store = StateStore::Open(**kv, Profile::Contract(), {.sync = true});
  if (!store.ok()) return 3;
  if (!WriteAck(ack_fd, kReady)) return 5;
  for (uint64_t i = CallsPresent(**store); getppid() == parent; ++i) {
    if (!CommitCall(**store, i).ok()) return 4;
    if (!WriteAck(ack_fd, i)) return 5;
  }
  return 0;
}

using Records = std::vector<std::pair<std::string, std::string>>;

Records Dump(const KvReader& kv) {
  Records out;
  EXPECT_THAT(kv.Scan("", "",
                      [&](std::string_view k, std::string_view v) {
                        out.emplace_back(k, v);
                        return true;
                      }),
              IsOk());
  return out;
}

// Blocks until the child has opened the store.
void WaitReady(CrashChild& child) {
  uint64_t message = 0;
  ASSERT_TRUE(child.ReadAck(message));
  ASSERT_EQ(message, kReady);
}

// Kills the child and returns how many calls it acknowledged.
uint64_t KillAndCountAcks(CrashChild& child, int delay_ms) {
  child.KillAfter(std::chrono::milliseconds(delay_ms));
  uint64_t acked = 0, index = 0;
  while (child.ReadAck(index)) {
    if (index != kReady) acked = index + 1;
  }
  return acked;
}

void CheckAgainstReplay(const std::string& dir, uint64_t acked) {
  auto kv = RocksDbKvStore::Open(dir, OpenMode::kCreateIfMissing);
  ASSERT_THAT(kv, IsOk());
  auto store = StateStore::Open(**kv, Profile::Contract());
  ASSERT_THAT(store, IsOk());
  uint64_t present = CallsPresent(**store);
  EXPECT_GE(present, acked) << "an acknowledged synced call was lost";
  MemKvStore replay_kv;
  auto replay = StateStore::Open(replay_kv, Profile::Contract());
  ASSERT_THAT(replay, IsOk());
  for (uint64_t i = 0; i < present; ++i) {
    ASSERT_THAT(CommitCall(**replay, i), IsOk());
  }
  EXPECT_EQ(Dump(**kv), Dump(replay_kv)) << present << " calls present";
  EXPECT_EQ((*store)->Digest(), (*replay)->Digest());
  auto recomputed = (*store)->RecomputeDigest();
  ASSERT_THAT(recomputed, IsOk());
  EXPECT_EQ(*recomputed, (*replay)->Digest());
}

int Trials() {
  const char* env = std::getenv("DYT_STATE_CRASH_TRIALS");
  return env != nullptr ? std::atoi(env) : kDefaultTrials;
}

TEST(StateCrashTest, EveryCallIsWhollyPresentOrAbsent) {
  TempDir dir;
  std::mt19937 rng(::testing::UnitTest::GetInstance()->random_seed());
  uint64_t last_present = 0;
  for (int trial = 0; trial < Trials(); ++trial) {
    SCOPED_TRACE(absl::StrCat("trial ", trial));
    CrashChild child({dir.Path()});
    if (rng() % kKillDuringOpenOneIn != 0) {
      ASSERT_NO_FATAL_FAILURE(WaitReady(child));
    }
    uint64_t acked = KillAndCountAcks(child, rng() % (kMaxKillDelayMs + 1));
    ASSERT_NO_FATAL_FAILURE(CheckAgainstReplay(dir.Path(), acked));
    if (HasFailure()) return;
    uint64_t present = 0;
    {
      auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
      ASSERT_THAT(kv, IsOk());
      auto store = StateStore::Open(**kv, Profile::Contract());
      ASSERT_THAT(store, IsOk());
      present = CallsPresent(**store);
    }
    EXPECT_GE(present, last_present) << "calls vanished between trials";
    last_present = present;
  }
  // A run where no call ever landed would prove nothing.
  EXPECT_GT(last_present, 0u);
}

TEST(StateCrashTest, DatabaseHeldByAnotherProcessIsLockedError) {
  TempDir dir;
  CrashChild child({dir.Path()});
  ASSERT_NO_FATAL_FAILURE(WaitReady(child));
  EXPECT_THAT(
      RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr("another node")));
  KillAndCountAcks(child, 0);
}

}  // namespace
}  // namespace dytallix::internal

int main(int argc, char** argv) {
  if (auto child = dytallix::testing::ParseCrashChildArgs(argc, argv)) {
    if (child->args.size() != 1) return 1;
    return dytallix::internal::RunChild(child->args[0], child->ack_fd);
  }
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
