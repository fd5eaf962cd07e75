// Property test: random operation sequences (set, remove, get, checkpoint,
// commit, rollback, emit, end of call, event query) give the same reads,
// sizes, errors, events and digests on the StateStore as on the reference
// model of testing/model_check.h, on both backends.
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "testing/model_check.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::RunModelCheck;
using ::dytallix::testing::TempDir;

constexpr int kSeeds = 32;
constexpr size_t kOpsBytes = 3000;

std::string RandomOps(uint32_t seed) {
  std::mt19937 rng(seed);
  std::string ops(kOpsBytes, '\0');
  for (char& c : ops) c = static_cast<char>(rng());
  return ops;
}

TEST(StatePropertyTest, MemoryBackendMatchesModel) {
  for (uint32_t seed = 0; seed < kSeeds; ++seed) {
    MemKvStore kv;
    ASSERT_THAT(RunModelCheck(kv, RandomOps(seed)), IsOk()) << "seed " << seed;
  }
}

TEST(StatePropertyTest, RocksDbBackendMatchesModel) {
  for (uint32_t seed = 0; seed < kSeeds / 8; ++seed) {
    TempDir dir;
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_THAT(RunModelCheck(**kv, RandomOps(seed)), IsOk())
        << "seed " << seed;
  }
}

// The model check must be able to fail: a store whose writes are silently
// dropped diverges from the model.
class DroppingKvStore final : public KvStoreWrapper {
 public:
  explicit DroppingKvStore(KvStore& base) : KvStoreWrapper(base) {}

  absl::Status WriteBatches(std::span<const WriteBatch* const> batches,
                            const WriteOptions& options) override {
    // Keeps only the first write (the store's initialization).
    if (writes_++ > 0) return absl::OkStatus();
    return KvStoreWrapper::WriteBatches(batches, options);
  }

 private:
  int writes_ = 0;
};

TEST(StatePropertyTest, DetectsALyingStore) {
  MemKvStore base;
  DroppingKvStore kv(base);
  EXPECT_FALSE(RunModelCheck(kv, RandomOps(1)).ok());
}

}  // namespace
}  // namespace dytallix::internal
