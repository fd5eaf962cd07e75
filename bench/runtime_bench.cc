// ContractHost throughput on the example token contract: transfers per second
// committed through it over the in-memory and the RocksDB key-value
// store, the cost of deploying the token, and of a read-only balance query.
// Run a release build: runtime_bench --benchmark_min_time=1
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/bench_util.h"
#include "benchmark/benchmark.h"
#include "host/contract_host.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "state/state_store.h"
#include "testing/address.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

constexpr uint64_t kGas = 10'000'000;
constexpr uint64_t kSupply = UINT64_MAX / 2;

std::string TokenCode() {
  const std::vector<uint8_t> bytes = bench::ReadContract("token");
  return {bytes.begin(), bytes.end()};
}

using ::dytallix::testing::Addr;

// 8 bytes little-endian, the token's amount encoding.
std::string U64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(v >> (8 * i));
  return out;
}

// A ContractHost over `kv`; every request gets a block of its own, so event
// positions never repeat.
class Chain {
 public:
  explicit Chain(KvStore& kv)
      : state_(std::move(StateStore::Open(kv, Profile::Contract())).value()),
        runtime_(*state_) {}

  absl::StatusOr<DeployResult> DeployToken(const std::string& code) {
    return runtime_.Deploy({.sender = Addr(0xa1),
                            .code = code,
                            .input = U64(kSupply),
                            .gas_limit = kGas,
                            .context = Next()});
  }

  CallRequest Request(const Address& contract, std::string method,
                      std::string input) {
    return {.sender = Addr(0xa1),
            .contract = contract,
            .method = std::move(method),
            .input = std::move(input),
            .gas_limit = kGas,
            .context = Next()};
  }

  ContractHost& runtime() { return runtime_; }

 private:
  CallContext Next() { return {.block = ++block_}; }

  std::unique_ptr<StateStore> state_;
  ContractHost runtime_;
  uint64_t block_ = 0;
};

// Deploys the token on `kv`, then sends it `method`(input) once per
// iteration: a committed call, or with `query` a read-only query.
// Counters: requests per second and the last request's gas.
void RunTokenRequests(benchmark::State& state, KvStore& kv,
                      const std::string& method, const std::string& input,
                      bool query) {
  Chain chain(kv);
  auto deployed = chain.DeployToken(TokenCode());
  if (!deployed.ok() || deployed->init.status != CallStatus::kOk) {
    state.SkipWithError("token deployment failed");
    return;
  }
  uint64_t gas = 0;
  for (auto _ : state) {
    const CallRequest request = chain.Request(deployed->address, method, input);
    auto outcome =
        query ? chain.runtime().Query(request) : chain.runtime().Call(request);
    if (!outcome.ok() || outcome->status != CallStatus::kOk) {
      state.SkipWithError(absl::StrCat(method, " failed").c_str());
      return;
    }
    gas = outcome->gas_used;
    benchmark::DoNotOptimize(outcome->output);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["gas"] = static_cast<double>(gas);
}

// Transfers 1 unit to one recipient per iteration.
void RunTransfers(benchmark::State& state, KvStore& kv) {
  const std::string input = absl::StrCat(
      std::string(reinterpret_cast<const char*>(Addr(0xb0).data()), 32),
      U64(1));
  RunTokenRequests(state, kv, "transfer", input, /*query=*/false);
}

void BM_TokenTransferMem(benchmark::State& state) {
  MemKvStore kv;
  RunTransfers(state, kv);
}
BENCHMARK(BM_TokenTransferMem)->Unit(benchmark::kMicrosecond);

void BM_TokenTransferRocksDb(benchmark::State& state) {
  testing::TempDir dir;
  auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
  if (!kv.ok()) {
    state.SkipWithError(std::string(kv.status().message()).c_str());
    return;
  }
  RunTransfers(state, **kv);
}
BENCHMARK(BM_TokenTransferRocksDb)->Unit(benchmark::kMicrosecond);

// Deploys into a fresh in-memory chain each iteration (setup not timed): the
// code is stored and compiled anew every time.
void BM_DeployTokenFresh(benchmark::State& state) {
  const std::string code = TokenCode();
  for (auto _ : state) {
    state.PauseTiming();
    auto kv = std::make_unique<MemKvStore>();
    auto chain = std::make_unique<Chain>(*kv);
    state.ResumeTiming();
    auto deployed = chain->DeployToken(code);
    if (!deployed.ok() || deployed->init.status != CallStatus::kOk) {
      state.SkipWithError("token deployment failed");
      return;
    }
    state.PauseTiming();
    chain.reset();
    kv.reset();
    state.ResumeTiming();
  }
  state.counters["code_bytes"] = static_cast<double>(code.size());
}
BENCHMARK(BM_DeployTokenFresh)->Unit(benchmark::kMicrosecond);

// Repeated deployments on one chain: the code is already stored (and its
// compiled module possibly cached), so this is the per-contract cost.
void BM_DeployTokenAgain(benchmark::State& state) {
  const std::string code = TokenCode();
  MemKvStore kv;
  Chain chain(kv);
  for (auto _ : state) {
    auto deployed = chain.DeployToken(code);
    if (!deployed.ok() || deployed->init.status != CallStatus::kOk) {
      state.SkipWithError("token deployment failed");
      return;
    }
  }
}
BENCHMARK(BM_DeployTokenAgain)->Unit(benchmark::kMicrosecond);

void BM_QueryBalance(benchmark::State& state) {
  MemKvStore kv;
  const std::string holder(reinterpret_cast<const char*>(Addr(0xa1).data()),
                           32);
  RunTokenRequests(state, kv, "balance", holder, /*query=*/true);
}
BENCHMARK(BM_QueryBalance)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dytallix::internal

BENCHMARK_MAIN();
