// The KvStore backends: the same behaviour from the in-memory and the RocksDB
// store, plus what only RocksDB has (persistence, locking, corruption) and
// the fault-injecting wrapper.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/fault_kv_store.h"
#include "state/kv_store.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::dytallix::testing::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;

using Records = std::vector<std::pair<std::string, std::string>>;

Records ScanAll(const KvReader& kv, std::string_view begin = "",
                std::string_view end = "") {
  Records out;
  EXPECT_THAT(kv.Scan(begin, end,
                      [&](std::string_view k, std::string_view v) {
                        out.emplace_back(k, v);
                        return true;
                      }),
              IsOk());
  return out;
}

absl::Status Put(KvStore& kv, std::string_view key, std::string_view value) {
  WriteBatch batch;
  batch.Put(key, value);
  return kv.Write(batch, {});
}

enum class Kind { kMemory, kRocksDb };

class KvStoreTest : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    if (GetParam() == Kind::kMemory) {
      kv_ = std::make_unique<MemKvStore>();
    } else {
      auto opened =
          RocksDbKvStore::Open(dir_.Path() + "/db", OpenMode::kCreateIfMissing);
      ASSERT_THAT(opened, IsOk());
      kv_ = *std::move(opened);
    }
  }

  TempDir dir_;
  std::unique_ptr<KvStore> kv_;
};

TEST_P(KvStoreTest, GetOfMissingKeyIsNullopt) {
  auto got = kv_->Get("nope");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(*got, std::nullopt);
}

TEST_P(KvStoreTest, PutThenGet) {
  ASSERT_THAT(Put(*kv_, "k", std::string("v\0w", 3)), IsOk());
  EXPECT_THAT(*kv_->Get("k"), Optional(std::string("v\0w", 3)));
}

TEST_P(KvStoreTest, BatchAppliesInOrderLaterWins) {
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Put("b", "2");
  batch.Delete("a");
  batch.Put("b", "3");
  ASSERT_THAT(kv_->Write(batch, {.sync = true}), IsOk());
  EXPECT_THAT(ScanAll(*kv_), ElementsAre(Pair("b", "3")));
}

TEST_P(KvStoreTest, BatchesApplyInOrderAsOneBatch) {
  WriteBatch first;
  first.Put("a", "1");
  first.Put("b", "2");
  WriteBatch second;
  second.Delete("a");
  second.Put("c", "3");
  WriteBatch third;
  third.Put("b", "4");
  const WriteBatch* const batches[] = {&first, &second, &third};
  ASSERT_THAT(kv_->WriteBatches(batches, {.sync = true}), IsOk());
  EXPECT_THAT(ScanAll(*kv_), ElementsAre(Pair("b", "4"), Pair("c", "3")));
}

TEST_P(KvStoreTest, DeleteOfMissingKeyIsFine) {
  WriteBatch batch;
  batch.Delete("never");
  EXPECT_THAT(kv_->Write(batch, {}), IsOk());
  EXPECT_TRUE(ScanAll(*kv_).empty());
}

TEST_P(KvStoreTest, ScanIsOrderedBytewiseAndHalfOpen) {
  for (const std::string& k : std::vector<std::string>{
           "b", "a", "ab", "\xff", "c", std::string("\0", 1)}) {
    ASSERT_THAT(Put(*kv_, k, "x"), IsOk());
  }
  Records all = ScanAll(*kv_);
  std::vector<std::string> keys;
  for (auto& [k, v] : all) keys.push_back(k);
  EXPECT_THAT(keys,
              ElementsAre(std::string("\0", 1), "a", "ab", "b", "c", "\xff"));
  EXPECT_THAT(ScanAll(*kv_, "ab", "c"),
              ElementsAre(Pair("ab", "x"), Pair("b", "x")));
}

TEST_P(KvStoreTest, ScanStopsWhenVisitorSaysSo) {
  for (std::string k : {"a", "b", "c"}) ASSERT_THAT(Put(*kv_, k, "x"), IsOk());
  int seen = 0;
  ASSERT_THAT(
      kv_->Scan("", "",
                [&](std::string_view, std::string_view) { return ++seen < 2; }),
      IsOk());
  EXPECT_EQ(seen, 2);
}

TEST_P(KvStoreTest, ScanPrefixSeesOnlyThePrefix) {
  for (std::string k : {"p", "pa", "pz", "q", "o\xff"}) {
    ASSERT_THAT(Put(*kv_, k, "x"), IsOk());
  }
  Records out;
  ASSERT_THAT(ScanPrefix(*kv_, "p",
                         [&](std::string_view k, std::string_view v) {
                           out.emplace_back(k, v);
                           return true;
                         }),
              IsOk());
  EXPECT_THAT(out,
              ElementsAre(Pair("p", "x"), Pair("pa", "x"), Pair("pz", "x")));
}

TEST_P(KvStoreTest, SnapshotDoesNotSeeLaterWrites) {
  ASSERT_THAT(Put(*kv_, "a", "old"), IsOk());
  auto snapshot = kv_->NewSnapshot();
  ASSERT_THAT(snapshot, IsOk());
  WriteBatch batch;
  batch.Put("a", "new");
  batch.Put("b", "added");
  ASSERT_THAT(kv_->Write(batch, {}), IsOk());
  EXPECT_THAT(*(*snapshot)->Get("a"), Optional(std::string("old")));
  EXPECT_THAT(ScanAll(**snapshot), ElementsAre(Pair("a", "old")));
  EXPECT_THAT(*kv_->Get("b"), Optional(std::string("added")));
}

// Four rounds of up to `max_batches` batches of up to `max_ops` random puts
// and deletes of keys from `key`, each round over what the last left: the
// store must end as applying every op one by one in order would leave it
// (the in-memory store applies them in key order, starting each search where
// the last one ended).
void ExpectBatchesApplyInOrder(KvStore& kv, std::mt19937_64& rng,
                               const std::function<std::string()>& key,
                               int max_batches, int max_ops) {
  std::map<std::string, std::string> expected;
  for (int round = 0; round < 4; ++round) {
    std::vector<WriteBatch> batches(1 + rng() % max_batches);
    for (WriteBatch& batch : batches) {
      for (int i = rng() % max_ops; i > 0; --i) {
        const std::string k = key();
        if (rng() % 4 == 0) {
          batch.Delete(k);
          expected.erase(k);
        } else {
          const std::string value = std::to_string(rng());
          batch.Put(k, value);
          expected[k] = value;
        }
      }
    }
    std::vector<const WriteBatch*> pointers;
    for (const WriteBatch& batch : batches) pointers.push_back(&batch);
    ASSERT_THAT(kv.WriteBatches(pointers, {}), IsOk());
    EXPECT_EQ(ScanAll(kv), Records(expected.begin(), expected.end()))
        << "round " << round;
  }
}

TEST_P(KvStoreTest, ManyBatchesEndAsEveryOpAppliedInOrder) {
  std::mt19937_64 rng(11);
  // Shared prefixes, and keys that are prefixes of others.
  ExpectBatchesApplyInOrder(
      *kv_, rng,
      [&] {
        return "contract/" + std::to_string(rng() % 7) + "/" +
               std::string(rng() % 3, 'k') + std::to_string(rng() % 40);
      },
      6, 300);
}

// Keys that share a 40-byte prefix and then differ anywhere in the next 12
// bytes, with bytes 0x00 and 0xff (ordered as unsigned), some prefixes of
// others.
TEST_P(KvStoreTest, KeysSharingALongPrefixEndAsEveryOpAppliedInOrder) {
  std::mt19937_64 rng(12);
  ExpectBatchesApplyInOrder(
      *kv_, rng,
      [&] {
        std::string k(40, 'p');
        for (int i = rng() % 13; i > 0; --i) {
          constexpr char kBytes[] = {'\0', 'a', 'b', '\xff'};
          k.push_back(kBytes[rng() % 4]);
        }
        return k;
      },
      4, 400);
}

std::string KindName(const ::testing::TestParamInfo<Kind>& param) {
  return param.param == Kind::kMemory ? "Memory" : "RocksDb";
}

INSTANTIATE_TEST_SUITE_P(Backends, KvStoreTest,
                         ::testing::Values(Kind::kMemory, Kind::kRocksDb),
                         KindName);

TEST(PrefixEndTest, IncrementsLastNonFfByte) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd("a\xff"), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
}

TEST(RocksDbKvStoreTest, ReopenKeepsEverything) {
  TempDir dir;
  {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_THAT(Put(**kv, "persist", "me"), IsOk());
  }
  auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite);
  ASSERT_THAT(kv, IsOk());
  EXPECT_THAT(*(*kv)->Get("persist"), Optional(std::string("me")));
}

TEST(RocksDbKvStoreTest, CreatesMissingDirectory) {
  TempDir dir;
  EXPECT_THAT(
      RocksDbKvStore::Open(dir.Path() + "/new/db", OpenMode::kCreateIfMissing),
      IsOk());
}

TEST(RocksDbKvStoreTest, SecondOpenIsLockedError) {
  TempDir dir;
  auto first = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr(dir.Path())));
}

TEST(RocksDbKvStoreTest, CorruptManifestIsDataLoss) {
  TempDir dir;
  {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_THAT(Put(**kv, "k", "v"), IsOk());
  }
  std::string manifest;
  std::ifstream(dir.Path() + "/CURRENT") >> manifest;
  ASSERT_FALSE(manifest.empty());
  std::ofstream(dir.Path() + "/" + manifest, std::ios::trunc)
      << "this is not a manifest";
  EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), OpenMode::kReadWrite),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(dir.Path())));
}

TEST(RocksDbKvStoreTest, NotADirectoryIsAnErrorNotACrash) {
  TempDir dir;
  std::ofstream(dir.Path() + "/file") << "x";
  EXPECT_FALSE(
      RocksDbKvStore::Open(dir.Path() + "/file", OpenMode::kCreateIfMissing)
          .ok());
}

// Every file of a directory, name -> contents.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    files[entry.path().filename().string()].assign(
        std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return files;
}

// A store holding "k1" (flushed to an .sst file by a clean close) and "k2"
// (in the write-ahead log only: the writer died right after the commit).
void MakeCrashedStore(const std::string& dir) {
  {
    auto kv = RocksDbKvStore::Open(dir, OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_THAT(Put(**kv, "k1", "flushed"), IsOk());
  }
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    auto kv = RocksDbKvStore::Open(dir, OpenMode::kReadWrite);
    _exit(kv.ok() && Put(**kv, "k2", std::string(3000, 'v')).ok() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// The .log file holding the commit of MakeCrashedStore's child.
std::string NewestLog(const std::string& dir) {
  std::string newest;
  uintmax_t size = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log" && entry.file_size() > size) {
      newest = entry.path().string();
      size = entry.file_size();
    }
  }
  return newest;
}

TEST(RocksDbKvStoreTest, ReadOfStoreMissingCurrentDeletesNothing) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(MakeCrashedStore(dir.Path()));
  ASSERT_TRUE(std::filesystem::remove(dir.Path() + "/CURRENT"));
  const auto before = Snapshot(dir.Path());
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadOnly,
                        OpenMode::kReadWrite, OpenMode::kCreateIfMissing}) {
    EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), mode),
                StatusIs(absl::StatusCode::kDataLoss,
                         AllOf(HasSubstr(dir.Path()), HasSubstr("CURRENT"))));
  }
  EXPECT_EQ(Snapshot(dir.Path()), before);
}

TEST(RocksDbKvStoreTest, QueryOfMissingDirCreatesNothing) {
  TempDir dir;
  const std::string missing = dir.Path() + "/typo/db";
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    EXPECT_THAT(RocksDbKvStore::Open(missing, mode),
                StatusIs(absl::StatusCode::kNotFound, HasSubstr(missing)));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Path() + "/typo"));
  EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), OpenMode::kReadOnly),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("empty")));
  EXPECT_TRUE(std::filesystem::is_empty(dir.Path()));
}

TEST(RocksDbKvStoreTest, CreateRefusesADirectoryHoldingSomethingElse) {
  TempDir dir;
  std::ofstream(dir.Path() + "/notes.txt") << "mine";
  EXPECT_THAT(
      RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("notes.txt")));
  EXPECT_EQ(Snapshot(dir.Path()).size(), 1u);
}

TEST(RocksDbKvStoreTest, InterruptedCreationIsFinishedOnlyByCreate) {
  TempDir dir;
  // What RocksDB writes before CURRENT when it creates a database.
  for (const char* name : {"LOCK", "LOG", "IDENTITY", "MANIFEST-000001"}) {
    std::ofstream(dir.Path() + "/" + name) << "";
  }
  EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), OpenMode::kReadOnly),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("interrupted")));
  auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
  ASSERT_THAT(kv, IsOk());
  EXPECT_THAT(Put(**kv, "k", "v"), IsOk());
}

TEST(RocksDbKvStoreTest, ReadOnlyOpenLeavesEveryFileByteIdentical) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(MakeCrashedStore(dir.Path()));
  const auto before = Snapshot(dir.Path());
  for (int i = 0; i < 2; ++i) {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kReadOnly);
    ASSERT_THAT(kv, IsOk());
    EXPECT_THAT(*(*kv)->Get("k1"), Optional(std::string("flushed")));
    EXPECT_THAT(*(*kv)->Get("k2"), Optional(std::string(3000, 'v')));
    EXPECT_THAT(Put(**kv, "k3", "no"),
                StatusIs(absl::StatusCode::kFailedPrecondition));
  }
  EXPECT_EQ(Snapshot(dir.Path()), before);
}

TEST(RocksDbKvStoreTest, ReadOnlyOpenWorksWhileAWriterHoldsTheLock) {
  TempDir dir;
  auto writer = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
  ASSERT_THAT(writer, IsOk());
  ASSERT_THAT(Put(**writer, "k", "v"), IsOk());
  auto reader = RocksDbKvStore::Open(dir.Path(), OpenMode::kReadOnly);
  ASSERT_THAT(reader, IsOk());
  EXPECT_THAT(*(*reader)->Get("k"), Optional(std::string("v")));
}

TEST(RocksDbKvStoreTest, TruncatedWalIsNotSilentlyDropped) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(MakeCrashedStore(dir.Path()));
  const std::string log = NewestLog(dir.Path());
  ASSERT_FALSE(log.empty());
  std::filesystem::resize_file(log, std::filesystem::file_size(log) / 2);
  // Cut inside its last record: what a crash leaves too. The open goes on
  // without it, and says so.
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    auto kv = RocksDbKvStore::Open(dir.Path(), mode);
    ASSERT_THAT(kv, IsOk());
    EXPECT_THAT((*kv)->open_note(), HasSubstr("incomplete record"));
    EXPECT_THAT(*(*kv)->Get("k1"), Optional(std::string("flushed")));
  }
}

TEST(RocksDbKvStoreTest, GarbledWalIsDataLossAndChangesNothing) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(MakeCrashedStore(dir.Path()));
  const std::string log = NewestLog(dir.Path());
  {
    std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f << "garbage garbage garbage";
  }
  const auto before = Snapshot(dir.Path());
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), mode),
                StatusIs(absl::StatusCode::kDataLoss, HasSubstr(dir.Path())));
  }
  EXPECT_EQ(Snapshot(dir.Path()), before);
}

TEST(RocksDbKvStoreTest, DeletedWalOfACrashedWriterIsDataLoss) {
  TempDir dir;
  ASSERT_NO_FATAL_FAILURE(MakeCrashedStore(dir.Path()));
  ASSERT_TRUE(std::filesystem::remove(NewestLog(dir.Path())));
  const auto before = Snapshot(dir.Path());
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    EXPECT_THAT(RocksDbKvStore::Open(dir.Path(), mode),
                StatusIs(absl::StatusCode::kDataLoss, HasSubstr(".log")));
  }
  EXPECT_EQ(Snapshot(dir.Path()), before);
}

TEST(RocksDbKvStoreTest, CleanCloseLeavesNothingOnlyInTheWal) {
  TempDir dir;
  {
    auto kv = RocksDbKvStore::Open(dir.Path(), OpenMode::kCreateIfMissing);
    ASSERT_THAT(kv, IsOk());
    ASSERT_THAT(Put(**kv, "k", "v"), IsOk());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.Path())) {
    if (entry.path().extension() == ".log") {
      EXPECT_EQ(entry.file_size(), 0u) << entry.path();
    }
  }
}

TEST(FaultKvStoreTest, FailsTheNthWriteOnlyAndAppliesNothing) {
  MemKvStore base;
  FaultKvStore kv(base);
  kv.FailNthWrite(2);
  EXPECT_THAT(Put(kv, "a", "1"), IsOk());
  EXPECT_THAT(Put(kv, "b", "2"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(Put(kv, "c", "3"), IsOk());
  EXPECT_THAT(ScanAll(base), ElementsAre(Pair("a", "1"), Pair("c", "3")));
  EXPECT_EQ(kv.WriteCount(), 3);
}

TEST(FaultKvStoreTest, FailedWriteOfSeveralBatchesAppliesNoneOfThem) {
  MemKvStore base;
  FaultKvStore kv(base);
  kv.FailNthWrite(1);
  WriteBatch first;
  first.Put("a", "1");
  WriteBatch second;
  second.Put("b", "2");
  const WriteBatch* const batches[] = {&first, &second};
  EXPECT_THAT(kv.WriteBatches(batches, {}),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_TRUE(ScanAll(base).empty());
  EXPECT_EQ(kv.WriteCount(), 1);
}

TEST(FaultKvStoreTest, FailsTheNthRead) {
  MemKvStore base;
  FaultKvStore kv(base);
  ASSERT_THAT(Put(kv, "a", "1"), IsOk());
  kv.FailNthRead(2);
  EXPECT_THAT(kv.Get("a"), IsOk());
  EXPECT_THAT(kv.Scan("", "", [](auto, auto) { return true; }),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(kv.Get("a"), IsOk());
}

TEST(FaultKvStoreTest, FailAllWritesUntilCleared) {
  MemKvStore base;
  FaultKvStore kv(base);
  kv.FailAllWrites(true);
  EXPECT_FALSE(Put(kv, "a", "1").ok());
  EXPECT_FALSE(Put(kv, "a", "1").ok());
  kv.FailAllWrites(false);
  EXPECT_THAT(Put(kv, "a", "1"), IsOk());
}

}  // namespace
}  // namespace dytallix::internal
