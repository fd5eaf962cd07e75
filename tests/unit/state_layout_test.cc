// The on-disk byte layout: exact bytes of keys and values, round trips, the
// key order events rely on, and corrupt records rejected without a crash.
#include <string>

#include "base/sha256.h"
#include "dytallix/hex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "state/layout.h"
#include "state/lt_hash.h"
#include "testing/address.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::IsOkAndHolds;
using ::dytallix::testing::StatusIs;

using ::dytallix::testing::Addr;

TEST(LayoutTest, StorageKeyIsPrefixAddressKey) {
  std::string key = layout::StorageKey(Addr(7), "hi");
  ASSERT_EQ(key.size(), 1 + 32 + 2);
  EXPECT_EQ(key[0], '\x03');
  EXPECT_EQ(key.substr(1, 32), std::string(32, '\x07'));
  EXPECT_EQ(key.substr(33), "hi");
  EXPECT_EQ(key.substr(0, 33), layout::StoragePrefix(Addr(7)));
}

TEST(LayoutTest, IntegersInValuesAreLittleEndian) {
  EXPECT_EQ(layout::EncodeU64(0x0102030405060708),
            "\x08\x07\x06\x05\x04\x03\x02\x01");
  EXPECT_EQ(layout::EncodeU32(1), std::string("\x01\0\0\0", 4));
  EXPECT_THAT(layout::DecodeU64(layout::EncodeU64(42)), IsOkAndHolds(42u));
  EXPECT_THAT(layout::DecodeU64("short"),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(LayoutTest, EventKeysSortByBlockThenTxThenIndex) {
  std::vector<EventPosition> ordered = {{1, 0, 0}, {1, 0, 1}, {1, 0, 256},
                                        {1, 1, 0}, {2, 0, 0}, {256, 0, 0}};
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(layout::EventKey(ordered[i - 1]), layout::EventKey(ordered[i]))
        << i;
  }
}

TEST(LayoutTest, PositionRoundTrips) {
  EventPosition pos{0x0102030405060708, 0xa0b0c0d0, 7};
  std::string bytes = layout::EncodePosition(pos);
  EXPECT_EQ(bytes.substr(0, 8), "\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_THAT(layout::DecodePosition(bytes), IsOkAndHolds(pos));
}

ContractRecord SampleRecord() {
  ContractRecord r;
  r.code_hash = Addr(1);
  r.deployer = Addr(2);
  r.deploy_block = 99;
  r.verdict.score = 87;
  r.verdict.findings = {
      {Severity::kHigh, "unbounded-loop", "loop without exit",
       CodePlace{3, 0x1a}},
      {Severity::kInfo, "float", "uses floats", std::nullopt}};
  return r;
}

TEST(LayoutTest, ContractRecordRoundTripsWithExactHeader) {
  ContractRecord r = SampleRecord();
  std::string bytes = layout::EncodeContractRecord(r);
  EXPECT_EQ(bytes.substr(64, 8), layout::EncodeU64(99));
  EXPECT_EQ(bytes[72], 87);
  EXPECT_EQ(bytes.substr(73, 4), layout::EncodeU32(2));
  EXPECT_THAT(layout::DecodeContractRecord(bytes), IsOkAndHolds(r));
}

TEST(LayoutTest, TruncatedContractRecordIsDataLossAtEveryLength) {
  std::string bytes = layout::EncodeContractRecord(SampleRecord());
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THAT(layout::DecodeContractRecord(bytes.substr(0, n)),
                StatusIs(absl::StatusCode::kDataLoss))
        << n;
  }
  EXPECT_THAT(layout::DecodeContractRecord(bytes + "x"),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(LayoutTest, BadSeverityScoreOrPlaceFlagIsDataLoss) {
  std::string bytes = layout::EncodeContractRecord(SampleRecord());
  std::string bad_score = bytes;
  bad_score[72] = 101;
  EXPECT_THAT(layout::DecodeContractRecord(bad_score),
              StatusIs(absl::StatusCode::kDataLoss));
  std::string bad_severity = bytes;
  bad_severity[77] = 9;  // first finding's severity
  EXPECT_THAT(layout::DecodeContractRecord(bad_severity),
              StatusIs(absl::StatusCode::kDataLoss));
  std::string bad_place = bytes;
  // After the first finding's severity, code and message.
  bad_place[77 + 1 + 4 + 14 + 4 + 17] = 2;
  EXPECT_THAT(layout::DecodeContractRecord(bad_place),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(LayoutTest, EventRoundTrips) {
  Event e{{5, 1, 2}, Addr(3), 1700000000, "transfer", std::string("d\0t", 3)};
  std::string key = layout::EventKey(e.position);
  EXPECT_THAT(layout::DecodeEvent(key, layout::EncodeEventValue(e)),
              IsOkAndHolds(e));
  EXPECT_THAT(layout::DecodeEvent(key, "short"),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(layout::DecodeEvent("x", layout::EncodeEventValue(e)),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(LayoutTest, TopicIndexPrefixesDoNotNest) {
  // "ab" must not scan into "abc": the length comes first.
  std::string ab = layout::EventByTopicPrefix("ab");
  std::string abc = layout::EventByTopicPrefix("abc");
  EXPECT_NE(abc.substr(0, ab.size()), ab);
}

TEST(LayoutTest, DigestCoversStateButNotDerivedRecords) {
  EXPECT_TRUE(layout::InDigest(layout::StorageKey(Addr(1), "k")));
  EXPECT_TRUE(layout::InDigest(layout::CodeKey(Addr(1))));
  EXPECT_TRUE(layout::InDigest(layout::ContractKey(Addr(1))));
  EXPECT_TRUE(layout::InDigest(layout::NonceKey(Addr(1))));
  EXPECT_TRUE(layout::InDigest(layout::EventKey({})));
  EXPECT_FALSE(layout::InDigest(layout::StorageUsageKey(Addr(1))));
  EXPECT_FALSE(layout::InDigest(layout::EventByContractPrefix(Addr(1))));
  EXPECT_FALSE(layout::InDigest(layout::FormatVersionKey()));
  EXPECT_FALSE(layout::InDigest(layout::DigestAccumulatorKey()));
  EXPECT_FALSE(layout::InDigest(layout::BlockDigestKey(1)));
}

TEST(LayoutTest, BlockDigestKeyIsBigEndianAndRoundTrips) {
  const std::string key = layout::BlockDigestKey(0x0102030405060708);
  EXPECT_EQ(key, "\x09\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_THAT(layout::DecodeBlockDigestKey(key),
              IsOkAndHolds(0x0102030405060708u));
  EXPECT_LT(layout::BlockDigestKey(255), layout::BlockDigestKey(256));
  EXPECT_THAT(layout::DecodeBlockDigestKey(key.substr(0, 8)),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(layout::DecodeBlockDigestKey(layout::NonceKey(Addr(1))),
              StatusIs(absl::StatusCode::kDataLoss));
}

TEST(LtHashTest, OrderIndependentAndRemovable) {
  LtHash a, b;
  a.Add("k1", "v1");
  a.Add("k2", "v2");
  b.Add("k2", "v2");
  b.Add("k1", "v1");
  EXPECT_EQ(a.Digest(), b.Digest());
  a.Remove("k2", "v2");
  LtHash only_k1;
  only_k1.Add("k1", "v1");
  EXPECT_EQ(a, only_k1);
  a.Remove("k1", "v1");
  EXPECT_EQ(a, LtHash());
}

// Known answers computed outside the tree (Python's hashlib and the openssl
// command's ChaCha20 over 2048 zero bytes), so the construction in
// LAYOUT.md, not just this implementation, is what is checked.
TEST(LtHashTest, MatchesTheDocumentedConstruction) {
  LtHash one;
  one.Add("k", "v");
  EXPECT_EQ(ToHex(one.Digest()),
            "bcbaed8b6ecf4a76d36fa4931ac119450b8b3b6c51cdc9092da95331a2f20d7c");
  one.Add("k2", "value2");
  EXPECT_EQ(ToHex(one.Digest()),
            "b56a86aacd042e63d02836476a84b7d53dc14a098d38022ebd4bbcc98d1273c1");
}

TEST(LtHashTest, KeyValueBoundaryMatters) {
  LtHash a, b;
  a.Add("ab", "c");
  b.Add("a", "bc");
  EXPECT_NE(a.Digest(), b.Digest());
}

TEST(LtHashTest, SerializeParseRoundTrip) {
  LtHash a;
  a.Add("k", "v");
  EXPECT_THAT(LtHash::Parse(a.Serialize()), IsOkAndHolds(a));
  EXPECT_THAT(LtHash::Parse("short"), StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace dytallix::internal
