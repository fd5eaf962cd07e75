// BlockView: a block's overlay of applied writes over committed records.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/block_view.h"
#include "state/mem_kv_store.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

using Records = std::vector<std::pair<std::string, std::string>>;

Records ScanAll(const KvReader& reader, std::string_view begin = "",
                std::string_view end = "", size_t stop_after = SIZE_MAX) {
  Records out;
  absl::Status status =
      reader.Scan(begin, end, [&](std::string_view k, std::string_view v) {
        out.emplace_back(k, v);
        return out.size() < stop_after;
      });
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

class BlockViewTest : public ::testing::Test {
 protected:
  BlockViewTest() {
    WriteBatch base;
    base.Put("b", "base-b");
    base.Put("d", "base-d");
    base.Put("f", "base-f");
    EXPECT_TRUE(kv_.Write(base, {}).ok());
    WriteBatch block;
    block.Put("a", "new-a");  // before every base record
    block.Put("d", "new-d");  // replaces a base record
    block.Delete("f");        // hides one
    block.Put("e", "new-e");  // between base records
    block.Delete("z");        // deletes what never existed
    view_.Apply(block);
  }

  MemKvStore kv_;
  BlockView view_{kv_};
};

TEST_F(BlockViewTest, GetSeesAppliedWritesOverTheBase) {
  EXPECT_EQ(*view_.Get("a"), "new-a");
  EXPECT_EQ(*view_.Get("b"), "base-b");
  EXPECT_EQ(*view_.Get("d"), "new-d");
  EXPECT_EQ(*view_.Get("f"), std::nullopt);
  EXPECT_EQ(*view_.Get("z"), std::nullopt);
  // The base itself is untouched.
  EXPECT_EQ(*kv_.Get("d"), "base-d");
  EXPECT_EQ(*kv_.Get("a"), std::nullopt);
}

TEST_F(BlockViewTest, ScanMergesInKeyOrderAndStopsWhenTold) {
  EXPECT_THAT(ScanAll(view_),
              ElementsAre(Pair("a", "new-a"), Pair("b", "base-b"),
                          Pair("d", "new-d"), Pair("e", "new-e")));
  EXPECT_THAT(ScanAll(view_, "c", "f"),
              ElementsAre(Pair("d", "new-d"), Pair("e", "new-e")));
  EXPECT_THAT(ScanAll(view_, "", "", 1), ElementsAre(Pair("a", "new-a")));
  EXPECT_THAT(
      ScanAll(view_, "", "", 3),
      ElementsAre(Pair("a", "new-a"), Pair("b", "base-b"), Pair("d", "new-d")));
}

TEST_F(BlockViewTest, LaterApplyWinsAndNetWritesAreOnePerKey) {
  WriteBatch again;
  again.Put("f", "new-f");
  again.Delete("a");
  view_.Apply(again);
  EXPECT_EQ(*view_.Get("f"), "new-f");
  std::map<std::string, std::optional<std::string>> net;
  const WriteBatch batch = view_.NetWrites();
  for (const WriteBatch::Op& op : batch.Ops()) {
    EXPECT_TRUE(net.emplace(op.key, op.value).second) << op.key;
  }
  const std::map<std::string, std::optional<std::string>> expected = {
      {"a", std::nullopt},
      {"d", "new-d"},
      {"e", "new-e"},
      {"f", "new-f"},
      {"z", std::nullopt}};
  EXPECT_EQ(net, expected);
}

}  // namespace
}  // namespace dytallix::internal
