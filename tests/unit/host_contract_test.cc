// The example contracts (contracts/*.c, compiled by clang) through the
// ContractHost: the token, the escrow that calls it, and the contract that
// calls every host function. The token and escrow tests run against each build
// of the token: C (contracts/token.c) and, when the build has the Rust
// toolchain, Rust (contracts/rust/token over sdk/rust); both must show the
// same outputs, events, revert messages and storage. Gas differs between
// the builds, so gas is compared only within one build.
#include <algorithm>
#include <string>
#include <vector>

#include "base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "testing/host_matchers.h"
#include "testing/status_matchers.h"
#include "vm/gas_profiler.h"

namespace dytallix::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

// The builds of example contract `name`: contracts/NAME.c and, when the
// build has the Rust toolchain, its Rust twin (contracts/rust/NAME, built as
// contract "rust_NAME").
std::vector<std::string> Builds(const std::string& name) {
  std::vector<std::string> builds = {name};
#ifdef DYTALLIX_RUST_CONTRACTS
  builds.push_back("rust_" + name);
#endif
  return builds;
}

std::string BuildName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param.starts_with("rust_") ? "Rust" : "C";
}

// Parameterized by the token build (Builds("token")).
class TokenTest : public RuntimeTest,
                  public ::testing::WithParamInterface<std::string> {
 protected:
  std::string TokenCode() { return Contract(GetParam()); }
  bool IsCToken() const { return GetParam() == "token"; }

  Address DeployToken(uint64_t supply) {
    return Deployed(TokenCode(), U64(supply));
  }
  uint64_t BalanceOf(const Address& token, uint8_t holder) {
    return BalanceOf(token, Addr(holder));
  }
  uint64_t BalanceOf(const Address& token, const Address& holder) {
    return AsU64(Query(token, "balance", Bytes(holder)).output);
  }
  uint64_t AllowanceOf(const Address& token, const Address& owner,
                       const Address& spender) {
    return AsU64(
        Query(token, "allowance", Cat(Bytes(owner), Bytes(spender))).output);
  }
  // The raw value under `key` in `contract`'s storage; "absent" if none.
  std::string Stored(const Address& contract, const std::string& key) {
    internal::CallState read = state_->BeginCall({});
    auto value = read.GetStorage(contract, key);
    EXPECT_TRUE(value.ok()) << value.status();
    return value.ok() && value->has_value() ? std::string(**value) : "absent";
  }
};

INSTANTIATE_TEST_SUITE_P(Builds, TokenTest,
                         ::testing::ValuesIn(Builds("token")), BuildName);

TEST_P(TokenTest, InitMintsTheSupplyToTheDeployer) {
  internal::DeployResult deployed = Deploy(TokenCode(), U64(1000));
  ASSERT_THAT(deployed.init, Succeeds());
  ASSERT_EQ(deployed.init.events.size(), 1u);
  EXPECT_EQ(deployed.init.events[0].topic, "mint");
  EXPECT_EQ(deployed.init.events[0].data, Cat(Bytes(Addr(kAlice)), U64(1000)));
  EXPECT_EQ(BalanceOf(deployed.address, kAlice), 1000u);
  EXPECT_EQ(AsU64(Query(deployed.address, "total_supply").output), 1000u);
  EXPECT_THAT(Deploy(TokenCode(), "short").init, Reverts("bad input"));
}

TEST_P(TokenTest, TransferMovesBalanceAndEmits) {
  Address token = DeployToken(1000);
  CallOutcome outcome =
      Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(300)));
  ASSERT_THAT(outcome, Succeeds());
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(outcome.events[0].topic, "transfer");
  EXPECT_EQ(outcome.events[0].data,
            Cat(Bytes(Addr(kAlice)), Bytes(Addr(kBob)), U64(300)));
  EXPECT_EQ(outcome.events[0].contract, token);
  EXPECT_EQ(outcome.output, "");
  EXPECT_EQ(BalanceOf(token, kAlice), 700u);
  EXPECT_EQ(BalanceOf(token, kBob), 300u);
}

TEST_P(TokenTest, RevertsLeaveBalancesAlone) {
  Address token = DeployToken(1000);
  const internal::Hash256 digest = state_->Digest();
  EXPECT_THAT(Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(1001))),
              Reverts("insufficient balance"));
  EXPECT_THAT(Call(token, "mint", Cat(Bytes(Addr(kBob)), U64(5)), kBob),
              Reverts("not the owner"));
  EXPECT_THAT(Call(token, "transfer", "garbage"), Reverts("bad input"));
  EXPECT_EQ(state_->Digest(), digest);
  EXPECT_THAT(Call(token, "mint", Cat(Bytes(Addr(kBob)), U64(5))), Succeeds());
  EXPECT_EQ(BalanceOf(token, kBob), 5u);
  EXPECT_EQ(AsU64(Query(token, "total_supply").output), 1005u);
  EXPECT_THAT(Call(token, "mint", Cat(Bytes(Addr(kBob)), U64(-1))),
              Reverts("overflow"));
}

// Every method checks its input's exact length (total_supply takes none and
// ignores any).
TEST_P(TokenTest, MalformedInputsRevertWithBadInput) {
  Address token = DeployToken(1000);
  const internal::Hash256 digest = state_->Digest();
  const std::string to_bob = Cat(Bytes(Addr(kBob)), U64(1));
  for (const char* method : {"mint", "transfer", "approve"}) {
    SCOPED_TRACE(method);
    EXPECT_THAT(Call(token, method, ""), Reverts("bad input"));
    EXPECT_THAT(Call(token, method, to_bob + "x"), Reverts("bad input"));
    EXPECT_THAT(Call(token, method, to_bob.substr(1)), Reverts("bad input"));
  }
  EXPECT_THAT(Call(token, "transfer_from", to_bob), Reverts("bad input"));
  EXPECT_THAT(Query(token, "balance", Bytes(Addr(kBob)) + "x"),
              Reverts("bad input"));
  EXPECT_THAT(Query(token, "allowance", Bytes(Addr(kBob))),
              Reverts("bad input"));
  EXPECT_EQ(Query(token, "total_supply", "ignored").output, U64(1000));
  EXPECT_EQ(state_->Digest(), digest);
}

TEST_P(TokenTest, AllowancesLimitTransferFrom) {
  Address token = DeployToken(1000);
  CallOutcome approved =
      Call(token, "approve", Cat(Bytes(Addr(kCarol)), U64(200)));
  ASSERT_THAT(approved, Succeeds());
  ASSERT_EQ(approved.events.size(), 1u);
  EXPECT_EQ(approved.events[0].topic, "approval");
  EXPECT_EQ(approved.events[0].data,
            Cat(Bytes(Addr(kAlice)), Bytes(Addr(kCarol)), U64(200)));
  EXPECT_EQ(AllowanceOf(token, Addr(kAlice), Addr(kCarol)), 200u);

  const std::string from_alice_to_bob =
      Cat(Bytes(Addr(kAlice)), Bytes(Addr(kBob)));
  CallOutcome moved =
      Call(token, "transfer_from", Cat(from_alice_to_bob, U64(150)), kCarol);
  EXPECT_THAT(moved, Succeeds());
  ASSERT_EQ(moved.events.size(), 1u);
  EXPECT_EQ(moved.events[0].topic, "transfer");
  EXPECT_EQ(moved.events[0].data, Cat(from_alice_to_bob, U64(150)));
  EXPECT_EQ(AllowanceOf(token, Addr(kAlice), Addr(kCarol)), 50u);
  EXPECT_EQ(BalanceOf(token, kBob), 150u);
  EXPECT_THAT(
      Call(token, "transfer_from", Cat(from_alice_to_bob, U64(100)), kCarol),
      Reverts("insufficient allowance"));
  // Bob has no allowance from Alice at all.
  EXPECT_THAT(
      Call(token, "transfer_from", Cat(from_alice_to_bob, U64(1)), kBob),
      Reverts("insufficient allowance"));
  EXPECT_EQ(BalanceOf(token, kAlice), 850u);
}

// The storage layout token.c documents, byte for byte: 'o' owner, 's'
// supply, 'b' holder -> balance, 'a' owner spender -> allowance.
TEST_P(TokenTest, StorageLayoutIsTheDocumentedOne) {
  Address token = DeployToken(1000);
  ASSERT_THAT(Call(token, "transfer", Cat(Bytes(Addr(kBob)), U64(300))),
              Succeeds());
  ASSERT_THAT(Call(token, "approve", Cat(Bytes(Addr(kCarol)), U64(20))),
              Succeeds());
  ASSERT_THAT(Call(token, "transfer", Cat(Bytes(Addr(kCarol)), U64(0)), kBob),
              Succeeds());
  EXPECT_EQ(Stored(token, "o"), Bytes(Addr(kAlice)));
  EXPECT_EQ(Stored(token, "s"), U64(1000));
  EXPECT_EQ(Stored(token, Cat(std::string("b"), Bytes(Addr(kAlice)))),
            U64(700));
  EXPECT_EQ(Stored(token, Cat(std::string("b"), Bytes(Addr(kBob)))), U64(300));
  // A zero transfer still writes the receiver's (zero) balance.
  EXPECT_EQ(Stored(token, Cat(std::string("b"), Bytes(Addr(kCarol)))), U64(0));
  EXPECT_EQ(Stored(token, Cat(std::string("a"), Bytes(Addr(kAlice)),
                              Bytes(Addr(kCarol)))),
            U64(20));
  EXPECT_EQ(Stored(token, Cat(std::string("a"), Bytes(Addr(kCarol)),
                              Bytes(Addr(kAlice)))),
            "absent");
}

// For every gas limit short of what a transfer needs, the transfer runs out
// of gas and leaves the state exactly as it was: no debit without a credit.
TEST_P(TokenTest, TransferOutOfGasLeavesNoPartialState) {
  Address measured = DeployToken(1000);
  Address token = DeployToken(1000);
  const std::string to_bob = Cat(Bytes(Addr(kBob)), U64(10));
  const uint64_t needed = Call(measured, "transfer", to_bob).gas_used;
  const internal::Hash256 digest = state_->Digest();
  for (uint64_t gas = needed > 1500 ? needed - 1500 : 0; gas < needed;
       gas += 3) {
    SCOPED_TRACE(gas);
    EXPECT_THAT(Call(token, "transfer", to_bob, kAlice, gas), RunsOutOfGas());
    ASSERT_EQ(state_->Digest(), digest);
  }
  CallOutcome outcome = Call(token, "transfer", to_bob, kAlice, needed);
  EXPECT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.gas_used, needed);
  EXPECT_EQ(BalanceOf(token, kBob), 10u);
}

TEST_P(TokenTest, GasProfileAccountsForEveryUnitOfATransfer) {
  Address token = DeployToken(1000);
  internal::GasProfiler profiler;
  internal::CallRequest request = Request(
      token, "transfer", Cat(Bytes(Addr(kBob)), U64(300)), kAlice, 1'000'000);
  request.gas_profiler = &profiler;
  ASSERT_OK_AND_ASSIGN(auto outcome, runtime_->Call(request));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(profiler.total(), outcome.gas_used);
  const std::string folded = profiler.Folded();
  EXPECT_THAT(folded, HasSubstr("(instantiate) "));
  EXPECT_THAT(folded, HasSubstr("\ntransfer "));
  EXPECT_THAT(folded, HasSubstr(";env.storage_set "));
  EXPECT_THAT(folded, HasSubstr(";env.emit_event "));
  if (IsCToken()) {
    // The token's internal helper (named in its name section) does the work.
    EXPECT_THAT(folded, HasSubstr("\ntransfer;Move;env.storage_set "));
    EXPECT_THAT(folded, HasSubstr("\ntransfer;Move;env.emit_event "));
  }
  // Too little gas even to instantiate: all of it is the instance's.
  internal::GasProfiler starved;
  request.gas_limit = 10;
  request.gas_profiler = &starved;
  ASSERT_OK_AND_ASSIGN(auto stopped, runtime_->Call(request));
  EXPECT_THAT(stopped, RunsOutOfGas());
  EXPECT_EQ(starved.Folded(), "(instantiate) 10\n");
}

#ifdef DYTALLIX_RUST_CONTRACTS
// Both builds side by side in one store: the same sequence of calls, from
// deployment through every method and every failure, gives the same status,
// output and events (all but the emitting contract's address) in each.
class TokenBuildsTest : public RuntimeTest {};

TEST_F(TokenBuildsTest, CAndRustTokensBehaveIdentically) {
  struct Step {
    std::string method, input;
    uint8_t caller;
  };
  const std::string alice = Bytes(Addr(kAlice)), bob = Bytes(Addr(kBob)),
                    carol = Bytes(Addr(kCarol));
  const std::vector<Step> steps = {
      {"transfer", Cat(bob, U64(300)), kAlice},
      {"transfer", Cat(carol, U64(301)), kBob},
      {"transfer", Cat(carol, U64(0)), kBob},
      {"transfer", "garbage", kAlice},
      {"mint", Cat(carol, U64(50)), kBob},
      {"mint", Cat(carol, U64(50)), kAlice},
      {"mint", Cat(carol, U64(-1)), kAlice},
      {"approve", Cat(carol, U64(100)), kBob},
      {"transfer_from", Cat(bob, alice, U64(101)), kCarol},
      {"transfer_from", Cat(bob, alice, U64(60)), kCarol},
      {"transfer_from", Cat(bob, alice, U64(60)), kCarol},
      {"transfer_from", Cat(bob, alice, U64(41)), kAlice},
      {"balance", alice, kCarol},
      {"balance", bob, kCarol},
      {"balance", carol, kCarol},
      {"balance", Bytes(Addr(0x42)), kCarol},
      {"allowance", Cat(bob, carol), kAlice},
      {"allowance", Cat(carol, bob), kAlice},
      {"total_supply", "", kAlice},
  };
  internal::DeployResult c = Deploy(Contract("token"), U64(1000));
  internal::DeployResult rust = Deploy(Contract("rust_token"), U64(1000));
  ASSERT_THAT(c.init, Succeeds());
  ASSERT_THAT(rust.init, Succeeds());
  auto same = [](const CallOutcome& a, const CallOutcome& b) {
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.trap, b.trap);
    EXPECT_EQ(a.output, b.output);
    ASSERT_EQ(a.events.size(), b.events.size());
    for (size_t i = 0; i < a.events.size(); ++i) {
      EXPECT_EQ(a.events[i].topic, b.events[i].topic);
      EXPECT_EQ(a.events[i].data, b.events[i].data);
    }
  };
  same(c.init, rust.init);
  for (const Step& step : steps) {
    SCOPED_TRACE(step.method + " from " + std::to_string(step.caller));
    same(Call(c.address, step.method, step.input, step.caller),
         Call(rust.address, step.method, step.input, step.caller));
  }
}
#endif

// The escrow (contracts/escrow.c) over each build of the token.
class EscrowTest : public TokenTest {
 protected:
  EscrowTest()
      : token_(DeployToken(1000)),
        escrow_(Deployed(Contract("escrow"), Bytes(token_), kCarol)) {}

  void Approve(uint64_t amount) {
    ASSERT_THAT(Call(token_, "approve", Cat(Bytes(escrow_), U64(amount))),
                Succeeds());
  }
  uint64_t DepositOf(uint8_t depositor) {
    return AsU64(Query(escrow_, "deposit_of", Bytes(Addr(depositor))).output);
  }

  Address token_;
  Address escrow_;
};

INSTANTIATE_TEST_SUITE_P(Builds, EscrowTest,
                         ::testing::ValuesIn(Builds("token")), BuildName);

TEST_P(EscrowTest, DepositPullsTokensThroughTheTokenContract) {
  Approve(500);
  CallOutcome outcome = Call(escrow_, "deposit", U64(200));
  ASSERT_THAT(outcome, Succeeds());
  // The token's event, emitted in the nested call, is the call's event.
  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(outcome.events[0].contract, token_);
  EXPECT_EQ(outcome.events[0].data,
            Cat(Bytes(Addr(kAlice)), Bytes(escrow_), U64(200)));
  EXPECT_EQ(BalanceOf(token_, kAlice), 800u);
  EXPECT_EQ(BalanceOf(token_, escrow_), 200u);
  EXPECT_EQ(AllowanceOf(token_, Addr(kAlice), escrow_), 300u);
  EXPECT_EQ(DepositOf(kAlice), 200u);

  ASSERT_THAT(Call(escrow_, "withdraw", U64(50)), Succeeds());
  EXPECT_EQ(BalanceOf(token_, kAlice), 850u);
  EXPECT_EQ(BalanceOf(token_, escrow_), 150u);
  EXPECT_EQ(DepositOf(kAlice), 150u);
  EXPECT_THAT(Call(escrow_, "withdraw", U64(151)),
              Reverts("insufficient deposit"));
}

TEST_P(EscrowTest, FailedTokenCallRevertsTheWholeDeposit) {
  Approve(100);
  const internal::Hash256 digest = state_->Digest();
  EXPECT_THAT(Call(escrow_, "deposit", U64(200)),
              Reverts("token transfer failed"));
  EXPECT_EQ(state_->Digest(), digest);
}

// A revert passing on a failed nested call showed only the caller's frames,
// not where in the callee it failed: the callee's frames now come first,
// each frame naming its contract.
TEST_P(EscrowTest, RevertAfterAFailedNestedCallTracesTheCalleeFirst) {
  Approve(100);
  const CallOutcome outcome = Call(escrow_, "deposit", U64(200));
  ASSERT_THAT(outcome, Reverts("token transfer failed"));
  ASSERT_GE(outcome.trace.size(), 2u);
  EXPECT_EQ(outcome.trace.front().contract, token_);
  EXPECT_EQ(outcome.trace.back().contract, escrow_);
  EXPECT_THAT(outcome.trace.back().function, HasSubstr("deposit"));
  const auto first_escrow = std::find_if(
      outcome.trace.begin(), outcome.trace.end(),
      [&](const internal::TraceFrame& f) { return f.contract == escrow_; });
  EXPECT_TRUE(std::all_of(
      first_escrow, outcome.trace.end(),
      [&](const internal::TraceFrame& f) { return f.contract == escrow_; }));
}

// The token spends the allowance, then reverts on the balance: the escrow
// sees status 1 and the token's message, and keeps its own changes, while
// the token's are rolled back.
TEST_P(EscrowTest, NestedFailureRollsBackOnlyTheCallee) {
  Approve(1'000'000);
  CallOutcome outcome = Call(escrow_, "try_deposit", U64(5000));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.output, Cat(U64(1), std::string("insufficient balance")));
  EXPECT_THAT(outcome.events,
              ElementsAre(AllOf(
                  Field(&internal::Event::contract, escrow_),
                  Field(&internal::Event::topic, "deposit_failed"),
                  Field(&internal::Event::data, "insufficient balance"))));
  EXPECT_EQ(AllowanceOf(token_, Addr(kAlice), escrow_), 1'000'000u);
  EXPECT_EQ(BalanceOf(token_, kAlice), 1000u);
  EXPECT_EQ(AsU64(Query(escrow_, "failures").output), 1u);
  EXPECT_EQ(DepositOf(kAlice), 0u);

  outcome = Call(escrow_, "try_deposit", U64(400));
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(outcome.output, U64(0));
  EXPECT_EQ(DepositOf(kAlice), 400u);
  EXPECT_EQ(AllowanceOf(token_, Addr(kAlice), escrow_), 999'600u);
}

TEST_P(EscrowTest, QueriesCannotWriteThroughNestedCalls) {
  Approve(500);
  const internal::Hash256 digest = state_->Digest();
  // The escrow's own write comes after the token call, which traps on its
  // write; the escrow then reverts.
  EXPECT_THAT(Query(escrow_, "deposit", U64(10)),
              Reverts("token transfer failed"));
  EXPECT_EQ(state_->Digest(), digest);
}

// The README's first contract, contracts/greeter.c and its Rust twin
// contracts/rust/greeter: the same behaviour in each.
class GreeterTest : public RuntimeTest,
                    public ::testing::WithParamInterface<std::string> {};

INSTANTIATE_TEST_SUITE_P(Builds, GreeterTest,
                         ::testing::ValuesIn(Builds("greeter")), BuildName);

TEST_P(GreeterTest, KeepsGreetsAndReplacesItsGreeting) {
  const std::string code = Contract(GetParam());
  EXPECT_THAT(Deploy(code, "").init, Reverts("greeting must be 1-256 bytes"));
  Address greeter = Deployed(code, "hello");
  EXPECT_EQ(Query(greeter, "greet").output, "hello");
  CallOutcome set = Call(greeter, "set", std::string(256, 'x'), kBob);
  ASSERT_THAT(set, Succeeds());
  ASSERT_EQ(set.events.size(), 1u);
  EXPECT_EQ(set.events[0].topic, "greeting");
  EXPECT_EQ(set.events[0].data, std::string(256, 'x'));
  EXPECT_EQ(Query(greeter, "greet").output, std::string(256, 'x'));
  EXPECT_THAT(Call(greeter, "set", std::string(257, 'y')),
              Reverts("greeting must be 1-256 bytes"));
  EXPECT_THAT(Call(greeter, "set"), Reverts("greeting must be 1-256 bytes"));
  EXPECT_EQ(Query(greeter, "greet").output, std::string(256, 'x'));
}

// contracts/hostcalls.c and its Rust twin, which calls every function of the
// Rust SDK.
class HostcallsTest : public RuntimeTest,
                      public ::testing::WithParamInterface<std::string> {
 protected:
  HostcallsTest() : contract_(Deployed(Contract(GetParam()))) {}
  Address contract_;
};

INSTANTIATE_TEST_SUITE_P(Builds, HostcallsTest,
                         ::testing::ValuesIn(Builds("hostcalls")), BuildName);

// Offsets in hostcalls.c's Report.
struct ReportField {
  static constexpr size_t kBlockNumber = 0, kTimestamp = 8, kCaller = 16,
                          kSelf = 48, kInputLen = 80, kSha256 = 88,
                          kStoredLen = 120, kStoredEqual = 128,
                          kRemovedFirst = 136, kRemovedAgain = 144,
                          kAbsentLen = 152, kGasConsumed = 160,
                          kEchoStatus = 168, kEchoLen = 176, kEchoEqual = 184,
                          kSize = 192;
};

TEST_P(HostcallsTest, EveryHostFunctionDoesWhatTheAbiSays) {
  const std::string input = "the quick brown fox";
  CallOutcome outcome = Call(contract_, "everything", input, kBob);
  ASSERT_THAT(outcome, Succeeds());
  const std::string& r = outcome.output;
  ASSERT_EQ(r.size(), ReportField::kSize);
  EXPECT_EQ(AsU64(r, ReportField::kBlockNumber), context_.block);
  EXPECT_EQ(AsU64(r, ReportField::kTimestamp), context_.block_timestamp);
  EXPECT_EQ(r.substr(ReportField::kCaller, 32), Bytes(Addr(kBob)));
  EXPECT_EQ(r.substr(ReportField::kSelf, 32), Bytes(contract_));
  EXPECT_EQ(AsU64(r, ReportField::kInputLen), input.size());
  EXPECT_EQ(r.substr(ReportField::kSha256, 32), Bytes(internal::Sha256(input)));
  EXPECT_EQ(AsU64(r, ReportField::kStoredLen), input.size());
  EXPECT_EQ(AsU64(r, ReportField::kStoredEqual), 1u);
  EXPECT_EQ(AsU64(r, ReportField::kRemovedFirst), 1u);
  EXPECT_EQ(AsU64(r, ReportField::kRemovedAgain), 0u);
  EXPECT_EQ(static_cast<int64_t>(AsU64(r, ReportField::kAbsentLen)), -1);
  EXPECT_GE(AsU64(r, ReportField::kGasConsumed), 1000u);
  EXPECT_LT(AsU64(r, ReportField::kGasConsumed), 1200u);
  EXPECT_EQ(AsU64(r, ReportField::kEchoStatus), 0u);
  EXPECT_EQ(AsU64(r, ReportField::kEchoLen), input.size());
  EXPECT_EQ(AsU64(r, ReportField::kEchoEqual), 1u);

  ASSERT_EQ(outcome.events.size(), 1u);
  EXPECT_EQ(outcome.events[0].topic, "everything");
  EXPECT_EQ(outcome.events[0].data, input);
  EXPECT_THAT(debug_log_, ElementsAre("everything done"));
  internal::CallState read = state_->BeginCall({});
  EXPECT_EQ(read.GetStorage(contract_, "kept")->value_or(""), "yes");
  EXPECT_FALSE(read.GetStorage(contract_, "k")->has_value());
}

TEST_P(HostcallsTest, NestedCallsStopAtTheDepthLimit) {
  CallOutcome outcome = Call(contract_, "depth", "", kAlice, 1'000'000'000);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(AsU64(outcome.output),
            internal::Profile::Contract().max_nested_calls);

  internal::Profile profile = internal::Profile::Contract();
  profile.max_nested_calls = 5;
  Reopen(profile);
  Address contract = Deployed(Contract(GetParam()));
  EXPECT_EQ(AsU64(Call(contract, "depth").output), 5u);
}

TEST_P(HostcallsTest, NestedOutOfGasReturnsTwoAndChargesTheForwardedGas) {
  CallOutcome outcome = Call(contract_, "call_burn", "", kAlice, 1'000'000);
  ASSERT_THAT(outcome, Succeeds());
  EXPECT_EQ(AsU64(outcome.output, 0), 2u);
  EXPECT_LT(AsU64(outcome.output, 8), 1'000'000u - 10'000u);
  EXPECT_GT(outcome.gas_used, 10'000u);
  // Forwarding is capped by what is left: with less than 10,000 left after
  // loading the caller, the nested call gets the rest and the caller then
  // runs out itself.
  const uint64_t load = Contract("hostcalls").size() *
                        internal::GasSchedule::Default().host.code_byte;
  EXPECT_THAT(Call(contract_, "call_burn", "", kAlice, load + 5'000),
              RunsOutOfGas());
}

#ifdef DYTALLIX_RUST_CONTRACTS
class RustSdkTest : public RuntimeTest {};

// The Rust SDK's panic handler reverts the call with the message "panic".
TEST_F(RustSdkTest, PanicReverts) {
  Address contract = Deployed(Contract("rust_hostcalls"));
  const internal::Hash256 digest = state_->Digest();
  EXPECT_THAT(Call(contract, "panics"), Reverts("panic"));
  EXPECT_EQ(state_->Digest(), digest);
}
#endif

class CallContractTest : public RuntimeTest {};

// A nested call to a missing contract or method used to return 1 with an
// empty result: the caller could not tell it from an empty revert.
TEST_F(CallContractTest, NestedCallToMissingContractSaysWhy) {
  // Address 0 holds no contract; the contract itself has no method "nope".
  // Each method returns call_contract's status, the result's length (4
  // bytes each) and the result.
  Address caller = Deployed(WatCode(R"(
    (module
      (import "env" "call_contract" (func $call (param i32 i32 i32 i64) (result i32)))
      (import "env" "self_address" (func $self (param i32)))
      (import "env" "result_len" (func $result_len (result i32)))
      (import "env" "result_read" (func $result_read (param i32)))
      (import "env" "return_data" (func $return (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "nope\00")
      (func $report (param $status i32)
        (i32.store (i32.const 200) (local.get $status))
        (i32.store (i32.const 204) (call $result_len))
        (call $result_read (i32.const 208))
        (call $return (i32.const 200)
          (i32.add (i32.const 8) (call $result_len))))
      (func (export "missing_contract")
        (call $report
          (call $call (i32.const 0) (i32.const 100) (i32.const 5) (i64.const 1000000))))
      (func (export "missing_method")
        (call $self (i32.const 0))
        (call $report
          (call $call (i32.const 0) (i32.const 100) (i32.const 5) (i64.const 1000000)))))
  )"));
  const auto report = [](std::string_view why) {
    std::string bytes(8, '\0');
    bytes[0] = 3;
    bytes[4] = static_cast<char>(why.size());
    return bytes + std::string(why);
  };
  EXPECT_EQ(Call(caller, "missing_contract").output,
            report("no contract at this address"));
  EXPECT_EQ(Call(caller, "missing_method").output,
            report("the contract has no method \"nope\""));
}

}  // namespace
}  // namespace dytallix::testing
