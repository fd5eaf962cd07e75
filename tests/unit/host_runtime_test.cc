// ContractHost: deployment (addresses, nonces, code dedup, init), calls (commit
// on ok, rollback otherwise, events), queries and request errors, on the
// counter contract and small WAT contracts.
#include <string>
#include <thread>
#include <vector>

#include "base/sha256.h"
#include "dytallix/hex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "state/event_query.h"
#include "state/fault_kv_store.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "testing/host_matchers.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::StrEq;

// init stores its input under "v"; `set` overwrites it with its input;
// `fail` overwrites it and then reverts; `get` returns it.
constexpr std::string_view kValueWat = R"(
  (module
    (import "env" "input_len" (func $input_len (result i32)))
    (import "env" "input_read" (func $input_read (param i32)))
    (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
    (import "env" "storage_get" (func $get (param i32 i32 i32 i32) (result i32)))
    (import "env" "return_data" (func $return (param i32 i32)))
    (import "env" "revert" (func $revert (param i32 i32)))
    (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "v")
    (data (i32.const 16) "no!")
    (func $store
      (call $input_read (i32.const 100))
      (call $set (i32.const 0) (i32.const 1) (i32.const 100) (call $input_len))
      (call $emit (i32.const 0) (i32.const 1) (i32.const 100) (call $input_len)))
    (func (export "init") (call $store))
    (func (export "set") (call $store))
    (func (export "fail") (call $store) (call $revert (i32.const 16) (i32.const 3)))
    (func (export "get")
      (call $return (i32.const 100)
        (call $get (i32.const 0) (i32.const 1) (i32.const 100) (i32.const 1000))))
    (func (export "not_a_method") (param i32)))
)";

class HostRuntimeTest : public RuntimeTest {};

TEST_F(HostRuntimeTest, AddressIsSha256OfDeployerAndBigEndianNonce) {
  std::string preimage = Bytes(Addr(kAlice));
  preimage += std::string("\0\0\0\0\0\0\0\1", 8);
  EXPECT_EQ(internal::ContractAddress(Addr(kAlice), 1),
            internal::Sha256(preimage));
}

TEST_F(HostRuntimeTest, DeployRunsInitAndEachDeploymentGetsTheNextNonce) {
  internal::DeployResult first = Deploy(WatCode(kValueWat), "one");
  internal::DeployResult second = Deploy(WatCode(kValueWat), "two");
  EXPECT_THAT(first.init, Succeeds());
  EXPECT_GT(first.init.gas_used, 0u);
  EXPECT_EQ(first.address, internal::ContractAddress(Addr(kAlice), 0));
  EXPECT_EQ(second.address, internal::ContractAddress(Addr(kAlice), 1));
  EXPECT_EQ(Call(first.address, "get").output, "one");
  EXPECT_EQ(Call(second.address, "get").output, "two");
}

TEST_F(HostRuntimeTest, IdenticalCodeIsStoredOnce) {
  internal::DeployResult first = Deploy(WatCode(kValueWat), "a");
  internal::DeployResult second = Deploy(WatCode(kValueWat), "b", kBob);
  EXPECT_EQ(first.code_hash, second.code_hash);
  EXPECT_EQ(first.code_hash, internal::Sha256(WatCode(kValueWat)));
  internal::CallState read = state_->BeginCall({});
  ASSERT_OK_AND_ASSIGN(auto record, read.GetContract(second.address));
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->code_hash, first.code_hash);
  EXPECT_EQ(record->deployer, Addr(kBob));
  EXPECT_EQ(record->deploy_block, context_.block);
}

TEST_F(HostRuntimeTest, FailedInitLeavesOnlyTheNonceIncrement) {
  // init without input stores "" and emits; then revert via a module whose
  // init always reverts.
  const std::string code = WatCode(R"(
    (module
      (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
      (import "env" "revert" (func $revert (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "key")
      (func (export "init")
        (call $set (i32.const 0) (i32.const 3) (i32.const 0) (i32.const 3))
        (call $revert (i32.const 0) (i32.const 3)))
      (func (export "get")))
  )");
  const internal::Hash256 digest_before = state_->Digest();
  internal::DeployResult failed = Deploy(code);
  EXPECT_THAT(failed.init, Reverts("key"));
  internal::CallState read = state_->BeginCall({});
  EXPECT_EQ(*read.GetNonce(Addr(kAlice)), 1u);
  EXPECT_FALSE(read.GetContract(failed.address)->has_value());
  EXPECT_FALSE(read.GetCode(failed.code_hash)->has_value());
  EXPECT_FALSE(read.GetStorage(failed.address, "key")->has_value());
  EXPECT_NE(state_->Digest(), digest_before);  // the nonce did change
  auto call = runtime_->Call(Request(failed.address, "get", "", kAlice, kGas));
  EXPECT_THAT(call.status(), StatusIs(absl::StatusCode::kNotFound));
  // The next deployment takes the next address.
  EXPECT_EQ(Deploy(WatCode(kValueWat)).address,
            internal::ContractAddress(Addr(kAlice), 1));
}

TEST_F(HostRuntimeTest, InitOutOfGasIsReportedWithTheWholeLimitUsed) {
  internal::DeployResult result = Deploy(WatCode(kValueWat), "x", kAlice, 10);
  EXPECT_THAT(result.init, RunsOutOfGas());
  EXPECT_EQ(result.init.gas_used, 10u);
}

TEST_F(HostRuntimeTest, InvalidModuleIsRejectedWithoutTouchingState) {
  const internal::Hash256 digest_before = state_->Digest();
  auto result = runtime_->Deploy({.sender = Addr(kAlice),
                                  .code = std::string("\0asm junk", 9),
                                  .gas_limit = kGas});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(state_->Digest(), digest_before);
  EXPECT_EQ(*state_->BeginCall({}).GetNonce(Addr(kAlice)), 0u);
}

TEST_F(HostRuntimeTest, SuccessfulCallCommitsAndReportsItsEvents) {
  Address contract = Deployed(WatCode(kValueWat), "old");
  CallOutcome outcome = Call(contract, "set", "new");
  ASSERT_THAT(outcome, Succeeds());
  ASSERT_EQ(outcome.events.size(), 1u);
  const internal::Event& event = outcome.events[0];
  EXPECT_EQ(event.contract, contract);
  EXPECT_EQ(event.topic, "v");
  EXPECT_EQ(event.data, "new");
  EXPECT_EQ(event.position.block, context_.block);
  EXPECT_EQ(event.position.tx_index, context_.tx_index - 1);
  EXPECT_EQ(event.block_timestamp, context_.block_timestamp);
  EXPECT_EQ(Call(contract, "get").output, "new");

  internal::EventQuery query;
  query.contract = contract;
  ASSERT_OK_AND_ASSIGN(auto page, state_->QueryEvents(query));
  ASSERT_EQ(page.events.size(), 2u);  // init's and set's
  EXPECT_EQ(page.events[1], event);
}

TEST_F(HostRuntimeTest, RevertRollsBackEverythingAndReturnsTheMessage) {
  Address contract = Deployed(WatCode(kValueWat), "old");
  const internal::Hash256 digest_before = state_->Digest();
  CallOutcome outcome = Call(contract, "fail", "new");
  EXPECT_THAT(outcome, Reverts("no!"));
  EXPECT_GT(outcome.gas_used, 0u);
  EXPECT_EQ(state_->Digest(), digest_before);
  EXPECT_EQ(Call(contract, "get").output, "old");
}

TEST_F(HostRuntimeTest, QueryReadsButNeverCommitsAndWritesTrap) {
  Address contract = Deployed(WatCode(kValueWat), "old");
  EXPECT_EQ(Query(contract, "get").output, "old");
  const internal::Hash256 digest_before = state_->Digest();
  EXPECT_THAT(Query(contract, "set", "new"),
              Traps(TrapKind::kHost, HasSubstr("read-only query")));
  EXPECT_EQ(state_->Digest(), digest_before);
  EXPECT_EQ(Call(contract, "get").output, "old");
}

TEST_F(HostRuntimeTest, RequestErrorsAreStatuses) {
  Address contract = Deployed(WatCode(kValueWat), "old");
  EXPECT_THAT(
      runtime_->Call(Request(Addr(0x55), "get", "", kAlice, kGas)).status(),
      StatusIs(absl::StatusCode::kNotFound,
               StrEq("contract " + ToHex(Addr(0x55)) +
                     ": no contract at this address")));
  for (const char* method : {"nope", "init", "not_a_method", "memory"}) {
    EXPECT_THAT(
        runtime_->Call(Request(contract, method, "", kAlice, kGas)).status(),
        StatusIs(absl::StatusCode::kNotFound,
                 AllOf(HasSubstr(method), HasSubstr(ToHex(contract)))));
  }
  EXPECT_THAT(
      runtime_->Query(Request(contract, "nope", "", kAlice, kGas)).status(),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr(ToHex(contract))));
}

TEST_F(HostRuntimeTest, CounterContractCountsAndEmits) {
  const std::string code = Contract("counter");
  internal::DeployResult deployed = Deploy(code);
  // No "init": nothing ran; only loading and storing the code was charged.
  EXPECT_THAT(deployed.init, Succeeds());
  EXPECT_EQ(deployed.init.gas_used, runtime_->DeployCodeGas(code.size()));
  EXPECT_GT(deployed.init.gas_used, 0u);
  const Address counter = deployed.address;
  EXPECT_THAT(Call(counter, "increment"), Succeeds());
  CallOutcome outcome = Call(counter, "increment", U64(41));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(AsU64(outcome.output), 42u);
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(outcome.events[0].topic, "incremented");
  EXPECT_EQ(AsU64(outcome.events[0].data), 42u);
  EXPECT_THAT(Call(counter, "increment", U64(-5)), Reverts("negative step"));
  EXPECT_EQ(AsU64(Query(counter, "get").output), 42u);
}

TEST_F(HostRuntimeTest, GasUsedIsDeterministic) {
  Address a = Deployed(Contract("counter"));
  Address b = Deployed(Contract("counter"));
  CallOutcome first = Call(a, "increment", U64(3));
  CallOutcome second = Call(b, "increment", U64(3));
  EXPECT_EQ(first.gas_used, second.gas_used);
  EXPECT_GT(first.gas_used, 0u);
}

TEST_F(HostRuntimeTest, OutOfGasRollsBackAndUsesTheWholeLimit) {
  Address measured = Deployed(Contract("counter"));
  Address counter = Deployed(Contract("counter"));
  const uint64_t needed = Call(measured, "increment").gas_used;
  const internal::Hash256 digest_before = state_->Digest();
  CallOutcome outcome = Call(counter, "increment", "", kAlice, needed - 1);
  EXPECT_THAT(outcome, RunsOutOfGas());
  EXPECT_EQ(outcome.gas_used, needed - 1);
  EXPECT_EQ(state_->Digest(), digest_before);
  outcome = Call(counter, "increment", "", kAlice, needed);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.gas_used, needed);
}

TEST_F(HostRuntimeTest, DebugLogGoesToTheSinkOnly) {
  Address contract = Deployed(WatCode(R"(
    (module
      (import "env" "debug_log" (func $log (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "hello node")
      (func (export "run") (call $log (i32.const 0) (i32.const 10))))
  )"));
  CallOutcome outcome = Call(contract, "run");
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_THAT(outcome.events, IsEmpty());
  EXPECT_THAT(debug_log_, ElementsAre("hello node"));
}

// `run` emits "before", calls the value contract's `fail` (which writes and
// emits, then reverts), emits "after" and returns call_contract's status.
TEST_F(HostRuntimeTest, FailedNestedCallLosesItsEventsButTheCallerKeepsIts) {
  Address value = Deployed(WatCode(kValueWat), "old");
  Address caller = Deployed(WatCode(R"(
    (module
      (import "env" "call_contract" (func $call (param i32 i32 i32 i64) (result i32)))
      (import "env" "input_read" (func $input_read (param i32)))
      (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
      (import "env" "return_data" (func $return (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "fail\00new")
      (data (i32.const 200) "beforeafter")
      (func (export "run")
        (call $input_read (i32.const 0))
        (call $emit (i32.const 200) (i32.const 6) (i32.const 0) (i32.const 0))
        (i32.store (i32.const 300)
          (call $call (i32.const 0) (i32.const 100) (i32.const 8) (i64.const 100000)))
        (call $emit (i32.const 206) (i32.const 5) (i32.const 0) (i32.const 0))
        (call $return (i32.const 300) (i32.const 4))))
  )"));
  CallOutcome outcome = Call(caller, "run", Bytes(value));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.output, std::string("\1\0\0\0", 4));
  ASSERT_EQ(outcome.events.size(), 2u);
  EXPECT_EQ(outcome.events[0].topic, "before");
  EXPECT_EQ(outcome.events[1].topic, "after");
  EXPECT_EQ(outcome.events[1].position.event_index, 1u);
  EXPECT_EQ(Call(value, "get").output, "old");
}

// A backend failure anywhere in a call (reading the contract, its code, its
// storage, or writing the batch) is an error Status, and nothing is written.
TEST(HostRuntimeFaultTest, BackendFailuresAbortTheCallAndWriteNothing) {
  internal::MemKvStore mem;
  internal::FaultKvStore kv(mem);
  ASSERT_OK_AND_ASSIGN(auto state, internal::StateStore::Open(
                                       kv, internal::Profile::Contract()));
  internal::ContractHost runtime(*state);
  ASSERT_OK_AND_ASSIGN(
      auto deployed,
      runtime.Deploy(
          {.sender = Addr(1), .code = Contract("counter"), .gas_limit = kGas}));
  const internal::CallRequest increment{.sender = Addr(1),
                                        .contract = deployed.address,
                                        .method = "increment",
                                        .gas_limit = kGas};
  int failures = 0;
  for (int nth = 1;; ++nth) {
    const internal::Hash256 digest = state->Digest();
    kv.FailNthRead(nth);
    auto outcome = runtime.Call(increment);
    kv.FailNthRead(0);
    if (outcome.ok()) break;
    ++failures;
    EXPECT_THAT(outcome.status(), StatusIs(absl::StatusCode::kInternal));
    EXPECT_EQ(state->Digest(), digest);
  }
  EXPECT_GE(failures, 2);  // at least the record and the storage reads

  const internal::Hash256 digest = state->Digest();
  kv.FailNthWrite(1);
  EXPECT_FALSE(runtime.Call(increment).ok());
  EXPECT_EQ(state->Digest(), digest);
  ASSERT_OK_AND_ASSIGN(auto count, runtime.Query({.contract = deployed.address,
                                                  .method = "get",
                                                  .gas_limit = kGas}));
  EXPECT_EQ(AsU64(count.output), 1u);
}

// Calls on different contracts from different threads all commit: the
// ContractHost shares only its module cache and the StateStore between them.
TEST_F(HostRuntimeTest, CallsOnDifferentContractsRunConcurrently) {
  constexpr int kThreads = 2;
  constexpr int kCalls = 25;
  std::vector<Address> counters;
  counters.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    counters.push_back(Deployed(Contract("counter")));
  }
  std::vector<int> committed(kThreads, 0);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        // Distinct tx indexes per thread, so event positions never collide.
        internal::CallContext context = context_;
        context.tx_index = 1000 + static_cast<uint32_t>(t * kCalls + i);
        auto outcome = runtime_->Call({.sender = Addr(kAlice),
                                       .contract = counters[t],
                                       .method = "increment",
                                       .gas_limit = kGas,
                                       .context = context});
        if (outcome.ok() && outcome->ok()) ++committed[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(committed[t], kCalls);
    EXPECT_EQ(AsU64(Query(counters[t], "get").output),
              static_cast<uint64_t>(kCalls));
  }
}

// The token example, deployed by account 1 with a supply of 1000.
internal::DeployRequest TokenOfAccount1() {
  return {.sender = Addr(1),
          .code = Contract("token"),
          .input = U64(1000),
          .gas_limit = kGas};
}

// Deployments, calls and events survive closing and reopening a RocksDB
// store: the runtime's commits are the state store's batches.
TEST(HostRuntimePersistenceTest, StateSurvivesReopeningRocksDb) {
  testing::TempDir dir;
  const internal::Profile profile = internal::Profile::Contract();
  Address token;
  internal::Hash256 digest;
  {
    ASSERT_OK_AND_ASSIGN(auto kv,
                         internal::RocksDbKvStore::Open(
                             dir.Path(), internal::OpenMode::kCreateIfMissing));
    ASSERT_OK_AND_ASSIGN(auto state, internal::StateStore::Open(*kv, profile));
    internal::ContractHost runtime(*state);
    ASSERT_OK_AND_ASSIGN(auto deployed, runtime.Deploy(TokenOfAccount1()));
    token = deployed.address;
    ASSERT_OK_AND_ASSIGN(
        auto sent, runtime.Call({.sender = Addr(1),
                                 .contract = token,
                                 .method = "transfer",
                                 .input = Cat(Bytes(Addr(2)), U64(250)),
                                 .gas_limit = kGas,
                                 .context = {.block = 2, .tx_index = 0}}));
    ASSERT_THAT(sent, Succeeds());
    digest = state->Digest();
  }
  ASSERT_OK_AND_ASSIGN(
      auto kv, internal::RocksDbKvStore::Open(dir.Path(),
                                              internal::OpenMode::kReadWrite));
  ASSERT_OK_AND_ASSIGN(auto state, internal::StateStore::Open(*kv, profile));
  EXPECT_EQ(state->Digest(), digest);
  internal::ContractHost runtime(*state);
  ASSERT_OK_AND_ASSIGN(auto balance, runtime.Query({.contract = token,
                                                    .method = "balance",
                                                    .input = Bytes(Addr(2)),
                                                    .gas_limit = kGas}));
  EXPECT_EQ(AsU64(balance.output), 250u);
  internal::EventQuery query;
  query.contract = token;
  query.topic = "transfer";
  ASSERT_OK_AND_ASSIGN(auto page, state->QueryEvents(query));
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].position.block, 2u);
}

// Stored code that no longer loads (here, under a profile allowing fewer
// exports than the token has) fails the call with an error naming the code.
TEST(HostRuntimeLoadErrorTest, StoredCodeThatFailsToLoadIsNamed) {
  internal::MemKvStore kv;
  const internal::Profile profile = internal::Profile::Contract();
  Address token;
  internal::Hash256 code_hash;
  {
    ASSERT_OK_AND_ASSIGN(auto state, internal::StateStore::Open(kv, profile));
    internal::ContractHost runtime(*state);
    ASSERT_OK_AND_ASSIGN(auto deployed, runtime.Deploy(TokenOfAccount1()));
    token = deployed.address;
    code_hash = deployed.code_hash;
  }
  internal::Profile strict = profile;
  strict.max_exports = 1;
  ASSERT_OK_AND_ASSIGN(auto state, internal::StateStore::Open(kv, strict));
  internal::ContractHost runtime(*state, {.profile = strict});
  EXPECT_THAT(runtime.Query({.contract = token,
                             .method = "balance",
                             .input = Bytes(Addr(1)),
                             .gas_limit = kGas}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(StartsWith("code " + ToHex(code_hash) + ": "),
                             HasSubstr("export"))));
}

// Regression: host calls charged a compile-time copy of the default prices
// while the runtime's schedule (and code hash) could differ.
TEST_F(HostRuntimeTest, HostPricesComeFromTheRuntimeSchedule) {
  const std::string code = Contract("counter");
  const uint64_t base = Call(Deployed(code), "increment").gas_used;
  internal::GasSchedule pricier = internal::GasSchedule::Default();
  pricier.host.call += 1000;
  Reopen(internal::Profile::Contract(), pricier);
  const uint64_t more = Call(Deployed(code), "increment").gas_used;
  EXPECT_GT(more, base);
  EXPECT_EQ((more - base) % 1000, 0u) << "only the host call price changed";

  internal::GasSchedule loading = internal::GasSchedule::Default();
  loading.host.code_byte += 1;
  Reopen(internal::Profile::Contract(), loading);
  EXPECT_EQ(Call(Deployed(code), "increment").gas_used - base, code.size());
}

// Nothing is done with code its deployer cannot pay for: bytes that are not
// even a module run out of gas before they are decoded.
TEST_F(HostRuntimeTest, DeployThatCannotPayForItsCodeDoesNoWorkOnIt) {
  const std::string junk(1000, '\x01');
  const uint64_t price = runtime_->DeployCodeGas(junk.size());
  internal::DeployResult starved = Deploy(junk, "", kAlice, price - 1);
  EXPECT_THAT(starved.init, RunsOutOfGas());
  EXPECT_EQ(starved.init.gas_used, price - 1);
  EXPECT_THAT(runtime_->Deploy({.sender = Addr(kAlice),
                                .code = junk,
                                .gas_limit = price,
                                .context = NextTransaction()}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Loading is charged per byte whether or not the code is compiled already:
// a runtime with a cold cache charges what a warm one does, and a call that
// cannot pay for loading runs out before its code is compiled.
TEST_F(HostRuntimeTest, LoadingGasDoesNotDependOnTheCache) {
  const std::string code = Contract("counter");
  const Address counter = Deployed(code);
  const uint64_t warm = Query(counter, "get").gas_used;
  internal::ContractHost cold(*state_);
  ASSERT_OK_AND_ASSIGN(auto first,
                       cold.Query(Request(counter, "get", "", kAlice, kGas)));
  EXPECT_EQ(first.gas_used, warm);
  const uint64_t load =
      code.size() * internal::GasSchedule::Default().host.code_byte;
  EXPECT_GT(warm, load);
  internal::ContractHost starved(*state_);
  ASSERT_OK_AND_ASSIGN(
      auto out, starved.Query(Request(counter, "get", "", kAlice, load - 1)));
  EXPECT_THAT(out, RunsOutOfGas());
  EXPECT_THAT(out.message, HasSubstr("loading"));
}

// ModuleCache grew without bound: every distinct code ever called stayed
// compiled in memory.
TEST_F(HostRuntimeTest, CacheEvictsLeastRecentlyUsedWithinItsBudget) {
  const Address counter = Deployed(Contract("counter"));
  const Address token = Deployed(Contract("token"), U64(1000));
  // Each code's compiled size, from a cache that keeps everything.
  internal::ContractHost sizing(*state_);
  const uint64_t counter_gas =
      sizing.Query(Request(counter, "get", "", kAlice, kGas))->gas_used;
  const uint64_t counter_bytes = sizing.cache_metrics().bytes_memory;
  ASSERT_GT(counter_bytes, 0u);
  ASSERT_THAT(sizing.Query(
                  Request(token, "balance", Bytes(Addr(kAlice)), kAlice, kGas)),
              IsOk());
  const uint64_t token_bytes =
      sizing.cache_metrics().bytes_memory - counter_bytes;

  // Room for either, not both.
  internal::ContractHost small(
      *state_, {.cache_bytes = std::max(counter_bytes, token_bytes)});
  for (int round = 0; round < 2; ++round) {
    ASSERT_OK_AND_ASSIGN(
        auto got, small.Query(Request(counter, "get", "", kAlice, kGas)));
    EXPECT_EQ(got.gas_used, counter_gas);  // cached or not, the same gas
    ASSERT_THAT(small.Query(Request(token, "balance", Bytes(Addr(kAlice)),
                                    kAlice, kGas)),
                IsOk());
  }
  const internal::CacheMetrics m = small.cache_metrics();
  EXPECT_EQ(m.misses, 4u);  // each lookup found the other code's entry
  EXPECT_EQ(m.hits_memory, 0u);
  EXPECT_EQ(m.evictions, 3u);
  EXPECT_EQ(m.entries_memory, 1u);
  EXPECT_LE(m.bytes_memory, m.byte_budget);
}

TEST_F(HostRuntimeTest, PinnedCodeStaysCachedWhateverTheBudget) {
  const std::string code = Contract("counter");
  const Address counter = Deployed(code);
  const Address token = Deployed(Contract("token"), U64(1000));
  internal::ContractHost none(*state_, {.cache_bytes = 0});
  EXPECT_THAT(none.Pin(Addr(kBob)), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(none.Pin(counter));
  ASSERT_OK(none.Pin(counter));  // pinning twice is one pin
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(none.Query(Request(counter, "get", "", kAlice, kGas)));
  }
  ASSERT_THAT(
      none.Query(Request(token, "balance", Bytes(Addr(kAlice)), kAlice, kGas)),
      IsOk());
  internal::CacheMetrics m = none.cache_metrics();
  EXPECT_EQ(m.hits_pinned, 4u);  // three queries and the second Pin
  EXPECT_EQ(m.misses, 2u);       // the first Pin and the token
  EXPECT_EQ(m.entries_pinned, 1u);
  EXPECT_GT(m.bytes_pinned, 0u);
  EXPECT_EQ(m.entries_memory, 0u);  // the token's code, evicted at once
  EXPECT_EQ(m.evictions, 1u);
  ASSERT_EQ(m.pinned_hits.size(), 1u);
  EXPECT_EQ(m.pinned_hits[0].first, internal::Sha256(code));
  EXPECT_EQ(m.pinned_hits[0].second, 4u);

  ASSERT_OK(none.Unpin(counter));
  m = none.cache_metrics();
  EXPECT_EQ(m.entries_pinned, 0u);
  EXPECT_EQ(m.bytes_pinned, 0u);
  EXPECT_EQ(m.evictions, 2u);      // unpinned into a zero budget: gone
  ASSERT_OK(none.Unpin(counter));  // not pinned: nothing to do
}

// The sum of every part of a report but the contract's own instructions.
uint64_t Accounted(const internal::GasReport& r) {
  return r.loading + r.instantiate + r.storage + r.events + r.calls +
         r.other_host;
}

TEST_F(HostRuntimeTest, GasReportSaysWhereTheGasWent) {
  const std::string code = Contract("token");
  const Address token = Deployed(code, U64(1000));
  const CallOutcome sent =
      Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(5)));
  ASSERT_THAT(sent, Succeeds());
  const internal::GasReport& r = sent.gas_report;
  EXPECT_EQ(r.limit, kGas);
  EXPECT_EQ(r.loading,
            code.size() * internal::GasSchedule::Default().host.code_byte);
  EXPECT_GT(r.instantiate, 0u);
  EXPECT_GT(r.storage, 0u);
  EXPECT_GT(r.events, 0u);
  EXPECT_EQ(r.calls, 0u);
  EXPECT_GT(r.other_host, 0u);             // input_len, input_read, caller
  EXPECT_LT(Accounted(r), sent.gas_used);  // the rest: instructions

  // Out of gas: everything is spent, and still accounted.
  const CallOutcome starved =
      Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(5)), kAlice,
           r.loading + r.instantiate + 10);
  ASSERT_THAT(starved, RunsOutOfGas());
  EXPECT_LE(Accounted(starved.gas_report), starved.gas_used);
  EXPECT_EQ(starved.gas_report.loading, r.loading);
}

TEST_F(HostRuntimeTest, GasReportCountsNestedCallsAsCalls) {
  const Address caller = Deployed(WatCode(R"(
    (module
      (import "env" "call_contract" (func $call (param i32 i32 i32 i64) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "nope\00")
      (func (export "m")
        (drop (call $call (i32.const 0) (i32.const 100) (i32.const 5)
                          (i64.const 1000000)))))
  )"));
  const CallOutcome outcome = Call(caller, "m");
  ASSERT_THAT(outcome, Succeeds());
  // The call itself and reading its 32-byte address and 5-byte request.
  const internal::HostGasCosts& costs = internal::GasSchedule::Default().host;
  EXPECT_EQ(outcome.gas_report.calls,
            costs.call + costs.nested_call + (32 + 5) * costs.byte_moved);
}

// A contract whose data segment is out of bounds deploys (without init
// nothing instantiates it), then trapped on every call at 0 gas: the loading
// and instantiating it did were never paid.
TEST_F(HostRuntimeTest, InstantiationTrapPaysForLoadingAndInstantiating) {
  const std::string code = WatCode(R"(
    (module
      (memory (export "memory") 1)
      (data (i32.const 65536) "x")
      (func (export "m")))
  )");
  const Address contract = Deployed(code);
  const CallOutcome outcome = Call(contract, "m");
  EXPECT_EQ(outcome.status, CallStatus::kTrapped);
  EXPECT_EQ(outcome.gas_report.loading,
            code.size() * internal::GasSchedule::Default().host.code_byte);
  EXPECT_GT(outcome.gas_report.instantiate, 0u);
  EXPECT_EQ(outcome.gas_used,
            outcome.gas_report.loading + outcome.gas_report.instantiate);
}

// A failed call said only "unreachable in function 0 at offset 0x28": not
// which calls led there.
TEST_F(HostRuntimeTest, TrapCarriesTheWebAssemblyStackTrace) {
  const std::vector<uint8_t> wasm = Wasm(R"(
    (module
      (memory (export "memory") 1)
      (func $inner unreachable)
      (func $middle (call $inner))
      (func (export "m") (call $middle)))
  )",
                                         "--debug-names");
  const Address contract = Deployed(std::string(wasm.begin(), wasm.end()));
  const CallOutcome outcome = Call(contract, "m");
  ASSERT_EQ(outcome.status, CallStatus::kTrapped);
  ASSERT_EQ(outcome.trace.size(), 3u);
  const char* names[] = {"inner", "middle", "m"};
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(outcome.trace[i].contract, contract);
    EXPECT_EQ(outcome.trace[i].function_index, i);
    EXPECT_THAT(outcome.trace[i].function, HasSubstr(names[i]));
    ASSERT_LT(outcome.trace[i].offset, wasm.size());
  }
  EXPECT_EQ(wasm[outcome.trace[0].offset], 0x00);  // unreachable
  EXPECT_EQ(wasm[outcome.trace[1].offset], 0x10);  // call $inner
  EXPECT_EQ(wasm[outcome.trace[2].offset], 0x10);  // call $middle
  EXPECT_THAT(Call(contract, "m", "", kAlice, 1).trace, IsEmpty());  // loading
}

TEST_F(HostRuntimeTest, RevertCarriesAStackTraceAndSuccessNone) {
  const Address token = Deployed(Contract("token"), U64(10));
  const CallOutcome reverted =
      Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(11)));
  ASSERT_EQ(reverted.status, CallStatus::kReverted);
  ASSERT_FALSE(reverted.trace.empty());
  EXPECT_EQ(reverted.trace.back().function, "transfer");
  EXPECT_THAT(Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(1))).trace,
              IsEmpty());
}

}  // namespace
}  // namespace dytallix::testing
