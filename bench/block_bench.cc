// Block throughput: blocks of 10,000 example-token transfers executed and
// committed by Runtime::ApplyBlock, at 0%, 10%, 50% and 100% conflict (the
// share of transfers paying the one hot account), on 1 and 2 threads, over
// the in-memory store and RocksDB. Reports transfers per second (tx/s),
// re-executions per transfer (reexec) and the share of transfers the
// committing thread ran in order (in_order), and per transfer the time of
// the serial parts (commit_ns, finish_ns, write_ns: see BlockStats), which
// bound the speedup more threads can give.
//
// Without conflict every transfer moves tokens between two accounts of its
// own, so no two transfers of a block touch the same balance.
//
// Every row runs in a process that has started a thread, as a node's process
// (RocksDB's threads, the network's) always has: glibc's malloc keeps a
// cheaper path for a process that never started one, which made the 1-thread
// in-memory rows, run before any 2-thread row, 3-5% faster than the same
// work in any node (and than the 2-thread rows measured after them).
// Run a release build: block_bench --benchmark_min_time=2
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "benchmark/benchmark.h"
#include "dytallix/runtime.h"
#include "testing/temp_dir.h"

namespace dytallix {
namespace {

constexpr size_t kBlockTransfers = 10'000;
constexpr int kAccounts = 2 * kBlockTransfers;
constexpr uint64_t kGas = 1'000'000;

std::string U64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(v >> (8 * i));
  return out;
}

Address Account(int i) {
  Address a{};
  a[0] = 0xac;
  a[1] = static_cast<uint8_t>(i >> 16);
  a[2] = static_cast<uint8_t>(i >> 8);
  a[3] = static_cast<uint8_t>(i);
  return a;
}

std::string Bytes(const Address& a) { return {a.begin(), a.end()}; }

Transaction Transfer(const Address& from, const Address& to,
                     const Address& token) {
  return {.sender = from,
          .contract = token,
          .method = "transfer",
          .input = Bytes(to) + U64(1),
          .gas_limit = kGas};
}

// A chain with the token deployed and every account funded.
struct Chain {
  std::unique_ptr<testing::TempDir> dir;
  std::unique_ptr<Runtime> runtime;
  Address token{};
  uint64_t next_block = 1;
};

bool SetUp(benchmark::State& state, Chain& chain, bool rocksdb) {
  Config config;
  if (rocksdb) {
    chain.dir = std::make_unique<testing::TempDir>();
    config.db_path = chain.dir->Path() + "/db";
    config.open_mode = OpenMode::kCreateIfMissing;
  }
  auto runtime = Runtime::Open(config);
  if (!runtime.ok()) {
    state.SkipWithError(std::string(runtime.status().message()).c_str());
    return false;
  }
  chain.runtime = *std::move(runtime);
  const std::vector<uint8_t> code = internal::bench::ReadContract("token");
  const Address owner = Account(kAccounts);
  auto deployed =
      chain.runtime->ApplyBlock({.number = chain.next_block++},
                                {{.kind = Transaction::Kind::kDeploy,
                                  .sender = owner,
                                  .code = std::string(code.begin(), code.end()),
                                  .input = U64(UINT64_MAX / 2),
                                  .gas_limit = 100 * kGas}});
  if (!deployed.ok() || !deployed->transactions[0].error.ok()) {
    state.SkipWithError("cannot deploy the token");
    return false;
  }
  chain.token = deployed->transactions[0].address;
  std::vector<Transaction> funding;
  for (int i = 0; i <= kAccounts; ++i) {
    Transaction t = Transfer(owner, Account(i), chain.token);
    t.input = Bytes(Account(i)) + U64(1'000'000'000);
    funding.push_back(std::move(t));
  }
  auto funded =
      chain.runtime->ApplyBlock({.number = chain.next_block++}, funding);
  if (!funded.ok()) {
    state.SkipWithError(std::string(funded.status().message()).c_str());
    return false;
  }
  return true;
}

// Transfer k moves 1 token from account 2k to account 2k+1, or, with
// probability `conflict`, to the hot account kAccounts (the token's owner).
std::vector<Transaction> MakeBlock(const Chain& chain, double conflict,
                                   uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution hot(conflict);
  std::vector<Transaction> block;
  block.reserve(kBlockTransfers);
  for (size_t k = 0; k < kBlockTransfers; ++k) {
    const int from = static_cast<int>(2 * k);
    const Address to = hot(rng) ? Account(kAccounts) : Account(from + 1);
    block.push_back(Transfer(Account(from), to, chain.token));
  }
  return block;
}

// Args: conflict in percent, threads, 1 for RocksDB.
void BM_Block(benchmark::State& state) {
  const double conflict = static_cast<double>(state.range(0)) / 100;
  const auto threads = static_cast<uint32_t>(state.range(1));
  Chain chain;
  if (!SetUp(state, chain, state.range(2) == 1)) return;
  const std::vector<Transaction> block = MakeBlock(chain, conflict, 1);
  uint64_t transfers = 0, reexecutions = 0, in_order = 0;
  double commit_ns = 0, finish_ns = 0, write_ns = 0;
  for (auto _ : state) {
    auto executed = chain.runtime->ExecuteBlock(
        {.number = chain.next_block++}, block, {.parallelism = threads});
    if (!executed.ok()) {
      state.SkipWithError(std::string(executed.status().message()).c_str());
      return;
    }
    const auto write_start = std::chrono::steady_clock::now();
    if (absl::Status committed = chain.runtime->CommitBlock(*executed);
        !committed.ok()) {
      state.SkipWithError(std::string(committed.message()).c_str());
      return;
    }
    write_ns += static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::steady_clock::now() - write_start)
            .count());
    transfers += executed->transactions.size();
    reexecutions += executed->stats.reexecutions;
    in_order += executed->stats.in_order;
    commit_ns += static_cast<double>(executed->stats.commit_ns);
    finish_ns += static_cast<double>(executed->stats.finish_ns);
  }
  const auto per_transfer = [&](double total) {
    return total / static_cast<double>(transfers);
  };
  state.counters["tx/s"] = benchmark::Counter(static_cast<double>(transfers),
                                              benchmark::Counter::kIsRate);
  state.counters["reexec"] = per_transfer(static_cast<double>(reexecutions));
  state.counters["in_order"] = per_transfer(static_cast<double>(in_order));
  // The serial parts per transfer, in ns: the committing thread's own work,
  // collecting the block's writes and digest, and writing the batch.
  state.counters["commit_ns"] = per_transfer(commit_ns);
  state.counters["finish_ns"] = per_transfer(finish_ns);
  state.counters["write_ns"] = per_transfer(write_ns);
}
BENCHMARK(BM_Block)
    ->ArgNames({"conflict%", "threads", "rocksdb"})
    ->ArgsProduct({{0, 10, 50, 100}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace dytallix

int main(int argc, char** argv) {
  std::thread([] {}).join();  // a multi-threaded process from here on
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
