// base/coding.h's fixed-width encodings and base/sha256.h's digest.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/coding.h"
#include "base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 0xF]);
  }
  return out;
}

std::string Hex(const Hash256& digest) {
  return Hex(std::string_view(reinterpret_cast<const char*>(digest.data()),
                              digest.size()));
}

template <typename Int>
std::string LittleEndianHex(Int v) {
  std::string out;
  PutFixed<Int>(&out, v);
  return Hex(out);
}

template <typename Int>
std::string BigEndianHex(Int v) {
  std::string out;
  PutBigEndian<Int>(&out, v);
  return Hex(out);
}

TEST(CodingTest, ExactBytesOfKnownValues) {
  EXPECT_EQ(LittleEndianHex<uint8_t>(0xAB), "ab");
  EXPECT_EQ(LittleEndianHex<uint16_t>(0x0102), "0201");
  EXPECT_EQ(LittleEndianHex<uint32_t>(0x01020304), "04030201");
  EXPECT_EQ(LittleEndianHex<uint64_t>(0x0102030405060708), "0807060504030201");
  EXPECT_EQ(BigEndianHex<uint16_t>(0x0102), "0102");
  EXPECT_EQ(BigEndianHex<uint32_t>(0x01020304), "01020304");
  EXPECT_EQ(BigEndianHex<uint64_t>(0x0102030405060708), "0102030405060708");
}

TEST(CodingTest, BigEndianSortsLikeTheNumber) {
  // Bytewise, as a key-value store orders keys.
  EXPECT_LT(BigEndianHex<uint64_t>(255), BigEndianHex<uint64_t>(256));
  EXPECT_LT(BigEndianHex<uint32_t>(0xFF), BigEndianHex<uint32_t>(0x100));
}

TEST(CodingTest, VectorGetsTheSameBytesAsString) {
  std::vector<uint8_t> bytes;
  std::string text;
  for (uint64_t v : {uint64_t{0x1122334455667788}, uint64_t{0xDEADBEEF}}) {
    PutFixed<uint64_t>(&bytes, v);
    PutFixed<uint64_t>(&text, v);
    PutBigEndian<uint32_t>(&bytes, static_cast<uint32_t>(v));
    PutBigEndian<uint32_t>(&text, static_cast<uint32_t>(v));
  }
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), text);
}

TEST(CodingTest, PutAppendsAndKeepsWhatIsThere) {
  std::vector<uint8_t> bytes = {0xAA};
  PutFixed<uint32_t>(&bytes, 1);
  EXPECT_THAT(bytes, ElementsAre(0xAA, 0x01, 0x00, 0x00, 0x00));
}

// EncodeFixed writes what PutFixed appends, in place, touching only its
// width.
TEST(CodingTest, EncodeWritesPutsBytesInPlace) {
  std::string text(6, '\xEE');
  EncodeFixed<uint32_t>(text.data() + 1, 0x01020304);
  EXPECT_EQ(Hex(text), "ee04030201ee");
  std::vector<uint8_t> bytes(3, 0xEE);
  EncodeFixed<uint16_t>(bytes.data(), 0xBEEF);
  EXPECT_THAT(bytes, ElementsAre(0xEF, 0xBE, 0xEE));
}

// Put then Decode gives the value back, at both ends of every width, in
// both byte orders and into both buffer types.
template <typename Int>
class CodingRoundTripTest : public ::testing::Test {};
using Widths = ::testing::Types<uint8_t, uint16_t, uint32_t, uint64_t>;
TYPED_TEST_SUITE(CodingRoundTripTest, Widths);

TYPED_TEST(CodingRoundTripTest, AtTheEdges) {
  constexpr TypeParam kMax = std::numeric_limits<TypeParam>::max();
  for (TypeParam v :
       {TypeParam{0}, TypeParam{1}, TypeParam(kMax / 2 + 1), kMax}) {
    std::string little;
    PutFixed<TypeParam>(&little, v);
    std::vector<uint8_t> big;
    PutBigEndian<TypeParam>(&big, v);
    ASSERT_EQ(little.size(), sizeof(TypeParam));
    ASSERT_EQ(big.size(), sizeof(TypeParam));
    EXPECT_EQ(DecodeFixed<TypeParam>(little.data()), v);
    EXPECT_EQ(DecodeBigEndian<TypeParam>(big.data()), v);
    EXPECT_TRUE(std::equal(
        little.begin(), little.end(), big.rbegin(),
        [](char l, uint8_t b) { return static_cast<uint8_t>(l) == b; }));
  }
}

// Decoding reads exactly its width: the bytes around it do not leak in.
TEST(CodingTest, DecodeReadsOnlyItsWidth) {
  const std::string bytes("\xFF\x01\x02\x03\x04\xFF\xFF\xFF\xFF\xFF", 10);
  EXPECT_EQ(DecodeFixed<uint16_t>(bytes.data() + 1), 0x0201u);
  EXPECT_EQ(DecodeFixed<uint32_t>(bytes.data() + 1), 0x04030201u);
  EXPECT_EQ(DecodeBigEndian<uint32_t>(bytes.data() + 1), 0x01020304u);
  EXPECT_EQ(DecodeFixed<uint64_t>(bytes.data() + 1), 0xFFFFFFFF04030201u);
  const auto* raw = reinterpret_cast<const uint8_t*>(bytes.data());
  EXPECT_EQ(DecodeFixed<uint32_t>(raw + 1),
            DecodeFixed<uint32_t>(bytes.data() + 1));
}

// FIPS 180-2, appendix B.1 and B.2, and the empty message.
TEST(BaseSha256Test, KnownVectors) {
  EXPECT_EQ(Hex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(
      Hex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(BaseSha256Test, BytesAndTextAgree) {
  const std::vector<uint8_t> bytes = {'a', 'b', 'c'};
  EXPECT_EQ(Sha256(bytes), Sha256("abc"));
  const std::string with_nul("a\0c", 3);
  EXPECT_NE(Sha256(with_nul), Sha256("a"));  // sized, not NUL-terminated
}

}  // namespace
}  // namespace dytallix::internal
