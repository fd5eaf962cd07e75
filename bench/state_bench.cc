// Contract state throughput: reads and writes through a CallState on both
// backends, the commit latency of a 100-write call, and event queries.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "state/state_store.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

constexpr int kKeys = 1000;

Address Contract(uint8_t b) {
  Address a;
  a.fill(b);
  return a;
}

// A store over one backend (0: memory, 1: RocksDB) with `kKeys` committed
// 32-byte values in one contract.
class Fixture {
 public:
  explicit Fixture(int backend, bool sync = false) {
    if (backend == 0) {
      kv_ = std::make_unique<MemKvStore>();
    } else {
      dir_ = std::make_unique<testing::TempDir>();
      kv_ = *RocksDbKvStore::Open(dir_->Path(), OpenMode::kCreateIfMissing);
    }
    store_ = *StateStore::Open(*kv_, Profile::Contract(), {.sync = sync});
    CallState call = store_->BeginCall({});
    for (int i = 0; i < kKeys; ++i) {
      (void)call.SetStorage(Contract(1), Key(i), std::string(32, 'v'));
    }
    (void)store_->Commit(call);
  }
  static std::string Key(int i) { return absl::StrCat("key-", i); }
  StateStore& store() { return *store_; }

 private:
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<KvStore> kv_;
  std::unique_ptr<StateStore> store_;
};

const char* BackendName(int backend) {
  return backend == 0 ? "memory" : "rocksdb";
}

// Reads of committed keys, each by a fresh call (so none hits the call's own
// cache): the cost a contract pays for its first read of a key.
void BM_OverlayRead(benchmark::State& state) {
  Fixture f(state.range(0));
  int i = 0;
  for (auto _ : state) {
    CallState call = f.store().BeginCall({});
    benchmark::DoNotOptimize(
        call.GetStorage(Contract(1), Fixture::Key(i++ % kKeys)));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(BackendName(state.range(0)));
}
BENCHMARK(BM_OverlayRead)->Arg(0)->Arg(1);

// Writes within a call, without commit: journal + limit accounting. Each
// iteration is a fresh call of 100 writes, so the journal stays call-sized.
void BM_OverlayWrite(benchmark::State& state) {
  Fixture f(state.range(0));
  std::string value(32, 'w');
  for (auto _ : state) {
    CallState call = f.store().BeginCall({});
    for (int i = 0; i < 100; ++i) {
      benchmark::DoNotOptimize(
          call.SetStorage(Contract(1), Fixture::Key(i), value));
    }
  }
  state.SetItemsProcessed(state.iterations() * 100);
  state.SetLabel(BackendName(state.range(0)));
}
BENCHMARK(BM_OverlayWrite)->Arg(0)->Arg(1);

// One call writing 100 keys and committing them: the latency of a typical
// state-heavy transaction. Arg 2 is RocksDB with synced (fsync'd) commits.
void BM_Commit100Writes(benchmark::State& state) {
  int backend = state.range(0) == 0 ? 0 : 1;
  Fixture f(backend, /*sync=*/state.range(0) == 2);
  std::string value(32, 'c');
  int round = 0;
  for (auto _ : state) {
    CallState call = f.store().BeginCall({});
    for (int i = 0; i < 100; ++i) {
      (void)call.SetStorage(Contract(1),
                            Fixture::Key((round * 100 + i) % kKeys),
                            value + std::to_string(round));
    }
    benchmark::DoNotOptimize(f.store().Commit(call));
    ++round;
  }
  state.SetItemsProcessed(state.iterations() * 100);
  state.SetLabel(state.range(0) == 2 ? "rocksdb-sync" : BackendName(backend));
}
BENCHMARK(BM_Commit100Writes)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond);

// A page of 100 events of one contract out of 10,000 events of 10 contracts.
void BM_EventQueryByContract(benchmark::State& state) {
  Fixture f(state.range(0));
  for (uint64_t block = 0; block < 100; ++block) {
    CallState call = f.store().BeginCall({block, block, 0});
    for (int e = 0; e < 100; ++e) {
      (void)call.EmitEvent(Contract(e % 10), "topic", std::string(64, 'd'));
    }
    (void)f.store().Commit(call);
  }
  EventQuery q;
  q.contract = Contract(3);
  q.limit = 100;
  for (auto _ : state) {
    auto page = f.store().QueryEvents(q);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations() * 100);
  state.SetLabel(BackendName(state.range(0)));
}
BENCHMARK(BM_EventQueryByContract)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dytallix::internal

BENCHMARK_MAIN();
