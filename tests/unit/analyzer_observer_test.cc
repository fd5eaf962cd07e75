// The execution observer: gas spikes against a per-contract history.
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/observer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dytallix::testing {
namespace {

using internal::Execution;
using internal::ExecutionObserver;
using internal::Finding;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

struct Seen {
  internal::Address contract;
  std::string method;
  Finding finding;
};

class AnalyzerObserverTest : public ::testing::Test {
 protected:
  internal::FindingSink Sink() {
    return [this](const Execution& e, const Finding& f) {
      seen_.push_back({e.contract, std::string(e.method), f});
    };
  }
  static Execution Run(uint8_t contract, uint64_t gas) {
    Execution e;
    e.contract.fill(contract);
    e.method = "run";
    e.gas_used = gas;
    return e;
  }
  std::vector<Seen> seen_;
};

TEST_F(AnalyzerObserverTest, FlagsAGasSpikeAgainstTheContractsHistory) {
  ExecutionObserver observer(Sink());
  for (int i = 0; i < 8; ++i) observer.Observe(Run(1, 1000 + 10 * (i % 3)));
  observer.Observe(Run(1, 1030));  // within the noise
  EXPECT_THAT(seen_, IsEmpty());
  observer.Observe(Run(1, 50'000));
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].finding.code, "gas-spike");
  EXPECT_EQ(seen_[0].finding.severity, internal::Severity::kMedium);
  EXPECT_EQ(seen_[0].contract, Run(1, 0).contract);
  EXPECT_THAT(seen_[0].finding.message, HasSubstr("run used 50000 gas"));
}

TEST_F(AnalyzerObserverTest, NeedsEnoughHistory) {
  ExecutionObserver observer(Sink());
  for (int i = 0; i < 7; ++i) observer.Observe(Run(1, 1000));
  observer.Observe(Run(1, 1'000'000));  // the 8th: history of 7 only
  EXPECT_THAT(seen_, IsEmpty());
}

TEST_F(AnalyzerObserverTest, HistoriesArePerContract) {
  ExecutionObserver observer(Sink());
  for (int i = 0; i < 10; ++i) {
    observer.Observe(Run(1, 100));
    observer.Observe(Run(2, 100'000));
  }
  observer.Observe(Run(2, 100'000));
  observer.Observe(Run(1, 100'000));
  ASSERT_THAT(seen_, SizeIs(1));
  EXPECT_EQ(seen_[0].contract, Run(1, 0).contract);
}

TEST_F(AnalyzerObserverTest, ANoisyHistoryTakesALargerJump) {
  ExecutionObserver observer(Sink());
  // Alternating 1000 and 5000: mean 3000, stddev 2000.
  for (int i = 0; i < 10; ++i) observer.Observe(Run(1, i % 2 ? 5000 : 1000));
  observer.Observe(Run(1, 9000));  // > 2 x mean, < mean + 4 stddev
  EXPECT_THAT(seen_, IsEmpty());
  observer.Observe(Run(1, 20'000));
  EXPECT_THAT(seen_, SizeIs(1));
}

TEST_F(AnalyzerObserverTest, TracksABoundedNumberOfContracts) {
  ExecutionObserver observer(Sink(), {.max_contracts = 1});
  for (int i = 0; i < 10; ++i) {
    observer.Observe(Run(1, 100));
    observer.Observe(Run(2, 100));
  }
  observer.Observe(Run(2, 100'000));  // contract 2 is not tracked
  EXPECT_THAT(seen_, IsEmpty());
  observer.Observe(Run(1, 100'000));
  EXPECT_THAT(seen_, SizeIs(1));
}

TEST_F(AnalyzerObserverTest, ConcurrentObservationsAreCounted) {
  int spikes = 0;
  std::mutex mu;
  ExecutionObserver observer([&](const Execution&, const Finding&) {
    std::lock_guard<std::mutex> lock(mu);
    ++spikes;
  });
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) observer.Observe(Run(1, 500));
    });
  }
  for (std::thread& t : threads) t.join();
  observer.Observe(Run(1, 5000));
  EXPECT_EQ(spikes, 1);
}

}  // namespace
}  // namespace dytallix::testing
