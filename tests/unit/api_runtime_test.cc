// dytallix::Runtime, the public C++ API: requests, transaction indexes,
// gas estimation, events, contract records, digests, concurrency.
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "dytallix/hex.h"
#include "dytallix/runtime.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/testing/temp_dir.h"
#include "tests/unit/host_matchers.h"

namespace dytallix {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

int64_t Count(const std::string& output) {
  int64_t count = 0;
  EXPECT_EQ(output.size(), sizeof(count));
  std::memcpy(&count, output.data(), sizeof(count));
  return count;
}

std::unique_ptr<Runtime> OpenOrDie(const Config& config) {
  absl::StatusOr<std::unique_ptr<Runtime>> runtime = Runtime::Open(config);
  EXPECT_TRUE(runtime.ok()) << runtime.status();
  return *std::move(runtime);
}

Address DeployCounter(Runtime& runtime, uint8_t sender_byte = 1) {
  DeployRequest request{.code = testing::Contract("counter")};
  request.sender.fill(sender_byte);
  absl::StatusOr<DeployResult> deployed = runtime.Deploy(request);
  EXPECT_TRUE(deployed.ok()) << deployed.status();
  EXPECT_TRUE(deployed->init.ok());
  return deployed->address;
}

TEST(ApiRuntimeTest, CallCommitsAndQueryReads) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);
  auto called = runtime->Call({.contract = counter, .method = "increment"});
  ASSERT_TRUE(called.ok()) << called.status();
  EXPECT_EQ(called->status, CallStatus::kOk);
  EXPECT_EQ(Count(called->output), 1);
  EXPECT_GT(called->gas_used, 0u);
  EXPECT_THAT(called->events, ElementsAre(Field(&Event::topic, "incremented")));
  auto queried = runtime->Query({.contract = counter, .method = "get"});
  ASSERT_TRUE(queried.ok());
  EXPECT_EQ(Count(queried->output), 1);
}

TEST(ApiRuntimeTest, EachCommittingRequestTakesTheNextTxIndex) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);  // block 0, index 0
  for (uint32_t want = 1; want <= 3; ++want) {
    auto called = runtime->Call({.contract = counter, .method = "increment"});
    ASSERT_TRUE(called.ok());
    EXPECT_EQ(called->tx_index, want);
    EXPECT_EQ(called->events[0].tx_index, want);
  }
  auto next_block = runtime->Call(
      {.contract = counter, .method = "increment", .block = {.number = 7}});
  ASSERT_TRUE(next_block.ok());
  EXPECT_EQ(next_block->tx_index, 0u);
}

TEST(ApiRuntimeTest, ReopenedDatabaseContinuesAfterTheLastTxIndex) {
  internal::testing::TempDir dir;
  Address counter;
  {
    auto runtime = OpenOrDie({.db_path = dir.Path()});
    counter = DeployCounter(*runtime);
    ASSERT_TRUE(
        runtime->Call({.contract = counter, .method = "increment"}).ok());
  }
  auto runtime = OpenOrDie({.db_path = dir.Path()});
  auto called = runtime->Call({.contract = counter, .method = "increment"});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ(Count(called->output), 2);
  EXPECT_EQ(called->tx_index, 2u);
}

TEST(ApiRuntimeTest, EstimateGasRunsWritesButCommitsNothing) {
  auto runtime = OpenOrDie({});
  const Address counter = DeployCounter(*runtime);
  const Hash before = runtime->StateDigest();
  auto estimate =
      runtime->EstimateGas({.contract = counter, .method = "increment"});
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  EXPECT_EQ(estimate->status, CallStatus::kOk);
  EXPECT_EQ(runtime->StateDigest(), before);
  auto called = runtime->Call({.contract = counter, .method = "increment"});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ(called->gas_used, estimate->gas_used);
  EXPECT_EQ(Count(called->output), 1);
}

TEST(ApiRuntimeTest, DefaultGasLimitAppliesWhenTheRequestHasNone) {
  auto runtime = OpenOrDie({.default_gas_limit = 7});
  DeployRequest deploy{.code = testing::Contract("counter"),
                       .gas_limit = 1'000'000};
  auto deployed = runtime->Deploy(deploy);
  ASSERT_TRUE(deployed.ok());
  auto called =
      runtime->Call({.contract = deployed->address, .method = "increment"});
  ASSERT_TRUE(called.ok());
  EXPECT_EQ(called->status, CallStatus::kOutOfGas);
  EXPECT_EQ(called->gas_used, 7u);
}

TEST(ApiRuntimeTest, EventsFilterAndContractRecord) {
  auto runtime = OpenOrDie({});
  const Address first = DeployCounter(*runtime, 1);
  const Address second = DeployCounter(*runtime, 2);
  for (const Address& contract : {first, second, first}) {
    ASSERT_TRUE(
        runtime->Call({.contract = contract, .method = "increment"}).ok());
  }
  auto events = runtime->Events({.contract = first});
  ASSERT_TRUE(events.ok());
  EXPECT_THAT(*events, SizeIs(2));
  auto limited = runtime->Events({.limit = 1});
  ASSERT_TRUE(limited.ok());
  EXPECT_THAT(*limited, SizeIs(1));

  auto info = runtime->GetContract(second);
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info->has_value());
  EXPECT_EQ((*info)->deployer[0], 2);
  auto none = runtime->GetContract(Address{});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(ApiRuntimeTest, RequestsThatCannotRunAreErrors) {
  auto runtime = OpenOrDie({});
  EXPECT_EQ(runtime->Deploy({.code = "junk"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(runtime->Call({.method = "get"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ApiRuntimeTest, ConcurrentCallsOnDifferentContractsAllCommit) {
  constexpr int kThreads = 4, kCalls = 25;
  auto runtime = OpenOrDie({});
  std::vector<Address> counters;
  counters.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    counters.push_back(DeployCounter(*runtime, static_cast<uint8_t>(i + 1)));
  }
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (const Address& counter : counters) {
    threads.emplace_back([&runtime, counter] {
      for (int i = 0; i < kCalls; ++i) {
        auto called =
            runtime->Call({.contract = counter, .method = "increment"});
        EXPECT_TRUE(called.ok() && called->ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Address& counter : counters) {
    auto queried = runtime->Query({.contract = counter, .method = "get"});
    ASSERT_TRUE(queried.ok());
    EXPECT_EQ(Count(queried->output), kCalls);
  }
  auto events = runtime->Events({.limit = 1000});
  ASSERT_TRUE(events.ok());
  EXPECT_THAT(*events, SizeIs(kThreads * kCalls));  // no position collided
}

TEST(ApiHexTest, RoundTripsAndRejects) {
  EXPECT_EQ(ToHex(std::string("\x01\xab", 2)), "01ab");
  EXPECT_EQ(*FromHex("01AB"), std::string("\x01\xab", 2));
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(FromHex("zz").ok());
  EXPECT_TRUE(ParseAddress(std::string(64, 'f')).ok());
  EXPECT_FALSE(ParseAddress("ff").ok());
}

}  // namespace
}  // namespace dytallix
