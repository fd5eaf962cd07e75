// Blocks (Runtime::ExecuteBlock, CommitBlock): a block's transactions run as
// if one by one in order, failures roll back only themselves, rejected
// transactions change nothing, a block commits atomically or not at all, and
// the results on any number of threads are those of one thread.
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dytallix/runtime.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "testing/host_matchers.h"
#include "testing/status_matchers.h"

namespace dytallix {
namespace {

using ::dytallix::testing::Contract;
using ::dytallix::testing::StatusIs;
using ::dytallix::testing::U64;
using ::testing::HasSubstr;

std::unique_ptr<Runtime> OpenInMemory() {
  absl::StatusOr<std::unique_ptr<Runtime>> runtime = Runtime::Open({});
  EXPECT_TRUE(runtime.ok()) << runtime.status();
  return *std::move(runtime);
}

Address Account(int i) {
  Address a{};
  a[0] = 0xac;
  a[1] = static_cast<uint8_t>(i);
  return a;
}

std::string Bytes(const Address& a) { return {a.begin(), a.end()}; }

Transaction Call(const Address& sender, const Address& contract,
                 std::string method, std::string input = "",
                 uint64_t gas_limit = 0) {
  return {.kind = Transaction::Kind::kCall,
          .sender = sender,
          .contract = contract,
          .method = std::move(method),
          .input = std::move(input),
          .gas_limit = gas_limit};
}

Transaction Deploy(const Address& sender, std::string code,
                   std::string input = "") {
  return {.kind = Transaction::Kind::kDeploy,
          .sender = sender,
          .code = std::move(code),
          .input = std::move(input)};
}

// Everything of a result that is consensus: all but the stats and traces.
void ExpectSameResults(const BlockResult& a, const BlockResult& b,
                       const std::string& where) {
  ASSERT_EQ(a.transactions.size(), b.transactions.size()) << where;
  for (size_t k = 0; k < a.transactions.size(); ++k) {
    const TransactionResult& x = a.transactions[k];
    const TransactionResult& y = b.transactions[k];
    const std::string at = where + ", transaction " + std::to_string(k);
    EXPECT_EQ(x.error, y.error) << at;
    EXPECT_EQ(x.outcome.status, y.outcome.status) << at;
    EXPECT_EQ(x.outcome.message, y.outcome.message) << at;
    EXPECT_EQ(x.outcome.output, y.outcome.output) << at;
    EXPECT_EQ(x.outcome.gas_used, y.outcome.gas_used) << at;
    EXPECT_EQ(x.outcome.tx_index, y.outcome.tx_index) << at;
    ASSERT_EQ(x.outcome.events.size(), y.outcome.events.size()) << at;
    for (size_t e = 0; e < x.outcome.events.size(); ++e) {
      const Event& u = x.outcome.events[e];
      const Event& v = y.outcome.events[e];
      EXPECT_TRUE(u.block == v.block && u.tx_index == v.tx_index &&
                  u.event_index == v.event_index && u.contract == v.contract &&
                  u.timestamp == v.timestamp && u.topic == v.topic &&
                  u.data == v.data)
          << at << ", event " << e;
    }
    EXPECT_EQ(x.address, y.address) << at;
    EXPECT_EQ(x.code_hash, y.code_hash) << at;
  }
  EXPECT_EQ(a.state_digest, b.state_digest) << where;
  EXPECT_EQ(a.gas_used, b.gas_used) << where;
}

class BlockTest : public ::testing::Test {
 protected:
  // Deploys the token (supply to kOwner), a counter and an escrow of the
  // token in block 1; funds every account and lets the escrow spend them.
  void SetUpChain(Runtime& runtime) {
    std::vector<Transaction> txs = {
        Deploy(kOwner, Contract("token"), U64(1'000'000'000)),
        Deploy(kOwner, Contract("counter"))};
    ASSERT_OK_AND_ASSIGN(auto first, runtime.ApplyBlock({.number = 1}, txs));
    token_ = first.transactions[0].address;
    counter_ = first.transactions[1].address;
    txs = {Deploy(kOwner, Contract("escrow"), Bytes(token_))};
    for (int i = 0; i < kAccounts; ++i) {
      txs.push_back(
          Call(kOwner, token_, "transfer", Bytes(Account(i)) + U64(1'000'000)));
    }
    ASSERT_OK_AND_ASSIGN(auto second, runtime.ApplyBlock({.number = 2}, txs));
    escrow_ = second.transactions[0].address;
    txs.clear();
    for (int i = 0; i < kAccounts; ++i) {
      txs.push_back(Call(Account(i), token_, "approve",
                         Bytes(escrow_) + U64(UINT64_MAX / 2)));
    }
    ASSERT_OK_AND_ASSIGN(auto third, runtime.ApplyBlock({.number = 3}, txs));
    for (const TransactionResult& r : third.transactions) {
      ASSERT_TRUE(r.error.ok() && r.outcome.ok()) << r.error;
    }
    nonce_[kOwner] = 3;
  }

  // A random transaction; `conflict` is the chance that it involves the hot
  // account (Account(0)) or the counter.
  Transaction RandomTransaction(std::mt19937_64& rng, double conflict) {
    std::uniform_real_distribution<double> unit(0, 1);
    auto account = [&] {
      return unit(rng) < conflict
                 ? Account(0)
                 : Account(1 + static_cast<int>(rng() % (kAccounts - 1)));
    };
    const Address sender = account();
    switch (rng() % 12) {
      case 0:
        if (unit(rng) < conflict) {
          int64_t step = static_cast<int64_t>(rng() % 5) - 1;  // -1 reverts
          return Call(sender, counter_, "increment",
                      U64(static_cast<uint64_t>(step)));
        }
        [[fallthrough]];
      case 1:
      case 2:
      case 3:
      case 4: {
        // Sometimes more than the balance: reverts.
        uint64_t amount = rng() % 8 == 0 ? 5'000'000 : rng() % 100;
        return Call(sender, token_, "transfer", Bytes(account()) + U64(amount));
      }
      case 5:
        return Call(sender, escrow_, rng() % 2 ? "try_deposit" : "deposit",
                    U64(rng() % 8 == 0 ? 9'000'000 : rng() % 50));
      case 6:
        return Call(sender, escrow_, "withdraw", U64(rng() % 30));
      case 7:  // out of gas part way
        return Call(sender, token_, "transfer", Bytes(account()) + U64(1),
                    2'000 + rng() % 60'000);
      case 8: {  // a new counter, then sometimes a call to it
        const Address deployer = Account(static_cast<int>(rng() % 4));
        last_deployed_ =
            internal::ContractAddress(deployer, nonce_[deployer]++);
        return Deploy(deployer, Contract("counter"));
      }
      case 9:
        if (last_deployed_) {
          return Call(sender, *last_deployed_, "increment", U64(2));
        }
        return Call(sender, counter_, "get");
      case 10:  // rejected: no such contract, or no such method
        return rng() % 2 ? Call(sender, Account(200), "increment")
                         : Call(sender, token_, "no_such_method");
      default:
        return Call(sender, token_, "balance", Bytes(account()));
    }
  }

  static constexpr int kAccounts = 16;
  const Address kOwner = Account(250);
  Address token_{}, counter_{}, escrow_{};
  std::optional<Address> last_deployed_;
  std::map<Address, uint64_t> nonce_;
};

TEST_F(BlockTest, TransactionsSeeEarlierOnesAsIfRunOneByOne) {
  auto block_runtime = OpenInMemory();
  auto call_runtime = OpenInMemory();
  SetUpChain(*block_runtime);
  // The same chain set up by requests one at a time, then compared after
  // each random block.
  std::mt19937_64 rng(7);
  ASSERT_TRUE(call_runtime
                  ->Deploy({.sender = kOwner,
                            .code = Contract("token"),
                            .input = U64(1'000'000'000),
                            .block = {.number = 1}})
                  .ok());
  ASSERT_TRUE(call_runtime
                  ->Deploy({.sender = kOwner,
                            .code = Contract("counter"),
                            .block = {.number = 1}})
                  .ok());
  ASSERT_TRUE(call_runtime
                  ->Deploy({.sender = kOwner,
                            .code = Contract("escrow"),
                            .input = Bytes(token_),
                            .block = {.number = 2}})
                  .ok());
  for (int i = 0; i < kAccounts; ++i) {
    ASSERT_TRUE(call_runtime
                    ->Call({.sender = kOwner,
                            .contract = token_,
                            .method = "transfer",
                            .input = Bytes(Account(i)) + U64(1'000'000),
                            .block = {.number = 2}})
                    .ok());
  }
  for (int i = 0; i < kAccounts; ++i) {
    ASSERT_TRUE(call_runtime
                    ->Call({.sender = Account(i),
                            .contract = token_,
                            .method = "approve",
                            .input = Bytes(escrow_) + U64(UINT64_MAX / 2),
                            .block = {.number = 3}})
                    .ok());
  }
  ASSERT_EQ(call_runtime->StateDigest(), block_runtime->StateDigest());

  for (uint64_t number = 4; number < 40; ++number) {
    std::vector<Transaction> txs;
    txs.reserve(30);
    for (int k = 0; k < 30; ++k) txs.push_back(RandomTransaction(rng, 0.3));
    const Block block{.number = number, .timestamp = 1000 + number};
    ASSERT_OK_AND_ASSIGN(auto applied, block_runtime->ApplyBlock(block, txs));
    for (size_t k = 0; k < txs.size(); ++k) {
      const Transaction& tx = txs[k];
      const TransactionResult& got = applied.transactions[k];
      const std::string at =
          "block " + std::to_string(number) + " tx " + std::to_string(k);
      if (tx.kind == Transaction::Kind::kDeploy) {
        auto deployed = call_runtime->Deploy(
            {.sender = tx.sender, .code = tx.code, .block = block});
        ASSERT_TRUE(deployed.ok()) << at << ": " << deployed.status();
        EXPECT_TRUE(got.error.ok()) << at;
        EXPECT_EQ(got.address, deployed->address) << at;
        EXPECT_EQ(got.outcome.gas_used, deployed->init.gas_used) << at;
        continue;
      }
      auto called = call_runtime->Call({.sender = tx.sender,
                                        .contract = tx.contract,
                                        .method = tx.method,
                                        .input = tx.input,
                                        .gas_limit = tx.gas_limit,
                                        .block = block});
      EXPECT_EQ(got.error, called.status()) << at;
      if (!called.ok()) continue;
      EXPECT_EQ(got.outcome.status, called->status) << at;
      EXPECT_EQ(got.outcome.output, called->output) << at;
      EXPECT_EQ(got.outcome.gas_used, called->gas_used) << at;
      EXPECT_EQ(got.outcome.tx_index, called->tx_index) << at;
      EXPECT_EQ(got.outcome.events.size(), called->events.size()) << at;
    }
    EXPECT_EQ(applied.state_digest, call_runtime->StateDigest())
        << "block " << number;
    EXPECT_EQ(block_runtime->StateDigest(), applied.state_digest);
  }
}

// Random blocks, at a conflict rate from 0 to 1, give the same results,
// gas, events and digests on 1, 2, 4 and 8 threads.
class BlockParallelTest : public BlockTest,
                          public ::testing::WithParamInterface<double> {};

int BlocksPerRun() {
  const char* blocks = std::getenv("DYTALLIX_BLOCK_PROPERTY_BLOCKS");
  return blocks != nullptr ? std::atoi(blocks) : 250;
}

TEST_P(BlockParallelTest, AnyParallelismGivesTheSequentialResults) {
  const double conflict = GetParam();
  const uint32_t thread_counts[] = {1, 2, 4, 8};
  std::vector<std::unique_ptr<Runtime>> runtimes;
  for (size_t i = 0; i < std::size(thread_counts); ++i) {
    runtimes.push_back(OpenInMemory());
    SetUpChain(*runtimes.back());
  }
  std::mt19937_64 rng(static_cast<uint64_t>(conflict * 1000) + 1);
  uint64_t reexecutions = 0;
  const int blocks = BlocksPerRun();
  for (int b = 0; b < blocks; ++b) {
    std::vector<Transaction> txs(1 + rng() % 40);
    for (Transaction& tx : txs) tx = RandomTransaction(rng, conflict);
    const Block block{.number = 4 + static_cast<uint64_t>(b),
                      .timestamp = 5000 + static_cast<uint64_t>(b)};
    std::vector<BlockResult> results;
    for (size_t i = 0; i < runtimes.size(); ++i) {
      ASSERT_OK_AND_ASSIGN(auto applied,
                           runtimes[i]->ApplyBlock(
                               block, txs, {.parallelism = thread_counts[i]}));
      results.push_back(std::move(applied));
    }
    for (size_t i = 1; i < results.size(); ++i) {
      ExpectSameResults(results[0], results[i],
                        "block " + std::to_string(block.number) + ", " +
                            std::to_string(thread_counts[i]) + " threads");
      reexecutions += results[i].stats.reexecutions;
    }
    if (::testing::Test::HasFailure()) return;
  }
  for (const auto& runtime : runtimes) {
    EXPECT_EQ(runtime->StateDigest(), runtimes[0]->StateDigest());
  }
  std::printf("conflict %.2f: %d blocks, %llu re-executions\n", conflict,
              blocks, static_cast<unsigned long long>(reexecutions));
}

INSTANTIATE_TEST_SUITE_P(ConflictRates, BlockParallelTest,
                         ::testing::Values(0.0, 0.1, 0.5, 1.0));

TEST_F(BlockTest, FailedTransactionRollsBackOnlyItself) {
  auto runtime = OpenInMemory();
  SetUpChain(*runtime);
  const Address a = Account(1), b = Account(2);
  auto applied = runtime->ApplyBlock(
      {.number = 10},
      {Call(a, token_, "transfer", Bytes(b) + U64(10)),
       Call(a, token_, "transfer", Bytes(b) + U64(999'999'999)),  // reverts
       Call(a, token_, "transfer", Bytes(b) + U64(5), 3'000),     // no gas
       Call(a, token_, "transfer", Bytes(b) + U64(1))});
  ASSERT_TRUE(applied.ok()) << applied.status();
  const auto& t = applied->transactions;
  EXPECT_EQ(t[0].outcome.status, CallStatus::kOk);
  EXPECT_EQ(t[1].outcome.status, CallStatus::kReverted);
  EXPECT_EQ(t[1].outcome.output, "insufficient balance");
  EXPECT_EQ(t[2].outcome.status, CallStatus::kOutOfGas);
  EXPECT_EQ(t[2].outcome.gas_used, 3'000u);
  EXPECT_EQ(t[3].outcome.status, CallStatus::kOk);
  EXPECT_GT(t[1].outcome.gas_used, 0u);
  uint64_t total = 0;
  for (const TransactionResult& r : t) total += r.outcome.gas_used;
  EXPECT_EQ(applied->gas_used, total);
  ASSERT_OK_AND_ASSIGN(auto balance, runtime->Query({.contract = token_,
                                                     .method = "balance",
                                                     .input = Bytes(b)}));
  EXPECT_EQ(testing::AsU64(balance.output), 1'000'000u + 11);
}

TEST_F(BlockTest, RejectedTransactionsChangeNothingAndSayWhy) {
  auto runtime = OpenInMemory();
  SetUpChain(*runtime);
  const Hash before = runtime->StateDigest();
  const std::string bad_module("\0asm\x02\0\0\0", 8);  // version 2
  ASSERT_OK_AND_ASSIGN(
      auto executed,
      runtime->ExecuteBlock({.number = 10},
                            {Call(Account(1), Account(200), "increment"),
                             Call(Account(1), token_, "no_such_method"),
                             Deploy(Account(1), bad_module)}));
  const auto& t = executed.transactions;
  EXPECT_THAT(t[0].error, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(t[1].error, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(t[2].error, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(t[0].outcome.gas_used, 0u);
  // The rejected deploy paid for the code it had decoded.
  EXPECT_GT(t[2].outcome.gas_used, 0u);
  EXPECT_EQ(executed.state_digest, before);
  EXPECT_EQ(t[2].outcome.tx_index, 2u);
}

TEST_F(BlockTest, ExecutedBlockCommitsLaterOrNotAtAll) {
  auto runtime = OpenInMemory();
  SetUpChain(*runtime);
  const Hash before = runtime->StateDigest();
  const std::vector<Transaction> txs = {
      Call(Account(1), counter_, "increment"),
      Call(Account(2), counter_, "increment")};
  ASSERT_OK_AND_ASSIGN(auto executed,
                       runtime->ExecuteBlock({.number = 10}, txs));
  EXPECT_NE(executed.state_digest, before);
  EXPECT_EQ(runtime->StateDigest(), before);  // nothing committed yet
  ASSERT_OK_AND_ASSIGN(auto unrecorded, runtime->BlockDigest(10));
  EXPECT_EQ(unrecorded, std::nullopt);
  ASSERT_TRUE(runtime->CommitBlock(executed).ok());
  EXPECT_EQ(runtime->StateDigest(), executed.state_digest);
  ASSERT_OK_AND_ASSIGN(auto recorded, runtime->BlockDigest(10));
  EXPECT_EQ(recorded, executed.state_digest);
  // Committing it again, or a block executed before that commit, is a
  // conflict that writes nothing.
  EXPECT_THAT(runtime->CommitBlock(executed),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_OK_AND_ASSIGN(auto stale, runtime->ExecuteBlock({.number = 11}, txs));
  ASSERT_TRUE(runtime
                  ->Call({.sender = Account(3),
                          .contract = counter_,
                          .method = "increment",
                          .block = {.number = 11}})
                  .ok());
  const Hash after_call = runtime->StateDigest();
  EXPECT_THAT(runtime->CommitBlock(stale),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("conflict")));
  EXPECT_EQ(runtime->StateDigest(), after_call);
}

TEST_F(BlockTest, BlockOfAnotherRuntimeIsRefused) {
  auto one = OpenInMemory();
  auto two = OpenInMemory();
  const Hash empty = two->StateDigest();
  // Both have made no commit: only the runtime's identity tells them apart.
  ASSERT_OK_AND_ASSIGN(
      auto executed,
      one->ExecuteBlock({.number = 1}, {Deploy(kOwner, Contract("counter"))}));
  EXPECT_THAT(two->CommitBlock(executed),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(two->StateDigest(), empty);
  EXPECT_TRUE(one->CommitBlock(executed).ok());
}

TEST_F(BlockTest, BlockEventsFollowTheBlocksEarlierCalls) {
  auto runtime = OpenInMemory();
  SetUpChain(*runtime);
  ASSERT_TRUE(runtime
                  ->Call({.sender = Account(3),
                          .contract = counter_,
                          .method = "increment",
                          .block = {.number = 10}})
                  .ok());
  ASSERT_OK_AND_ASSIGN(
      auto applied,
      runtime->ApplyBlock({.number = 10},
                          {Call(Account(1), counter_, "increment"),
                           Call(Account(2), counter_, "increment")}));
  EXPECT_EQ(applied.transactions[0].outcome.tx_index, 1u);
  EXPECT_EQ(applied.transactions[1].outcome.events.at(0).tx_index, 2u);
  ASSERT_OK_AND_ASSIGN(auto next, runtime->Call({.sender = Account(3),
                                                 .contract = counter_,
                                                 .method = "increment",
                                                 .block = {.number = 10}}));
  EXPECT_EQ(next.tx_index, 3u);
}

}  // namespace
}  // namespace dytallix
