#include "tests/spec/spec_value.h"

#include <cstdint>
#include <ostream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {

// Lets gtest print values in the words of failure lines.
void PrintTo(const SpecValue& value, std::ostream* os) {
  *os << ToString(value);
}

namespace {

using ::dytallix::testing::IsOk;
using ::dytallix::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

SpecValue Parsed(std::string_view type, std::string_view text) {
  absl::StatusOr<SpecValue> value = ParseSpecValue(type, text);
  EXPECT_THAT(value, IsOk());
  return value.value_or(SpecValue{});
}

SpecValue F32(uint32_t bits) { return {ValType::kF32, bits, false}; }
SpecValue F64(uint64_t bits) { return {ValType::kF64, bits, false}; }

Expectation Expect(std::string_view type, std::string_view text) {
  absl::StatusOr<Expectation> expectation = ParseExpectation(type, text);
  EXPECT_THAT(expectation, IsOk());
  return expectation.value_or(Expectation{});
}

bool Meets(std::string_view type, std::string_view text,
           const SpecValue& actual) {
  return !Mismatch(Expect(type, text), actual).has_value();
}

TEST(ParseSpecValueTest, NumbersAreUnsignedBitPatterns) {
  EXPECT_EQ(Parsed("i32", "4294967295"),
            (SpecValue{ValType::kI32, 0xffff'ffff, false}));
  EXPECT_EQ(Parsed("i64", "18446744073709551615"),
            (SpecValue{ValType::kI64, ~uint64_t{0}, false}));
  EXPECT_EQ(Parsed("f32", "2143289344"), (F32(0x7fc0'0000)));
  EXPECT_EQ(Parsed("f64", "9221120237041090560"), (F64(0x7ff8'0000'0000'0000)));
}

TEST(ParseSpecValueTest, RejectsBitPatternsWiderThanTheType) {
  EXPECT_THAT(ParseSpecValue("i32", "4294967296"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseSpecValue("f32", "4294967296"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseSpecValue("i64", "18446744073709551616"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseSpecValue("i32", "-1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseSpecValueTest, ReferencesAreNullOrANumber) {
  EXPECT_EQ(Parsed("externref", "null"),
            (SpecValue{ValType::kExternRef, 0, true}));
  EXPECT_EQ(Parsed("externref", "7"),
            (SpecValue{ValType::kExternRef, 7, false}));
  EXPECT_EQ(Parsed("funcref", "null"), (SpecValue{ValType::kFuncRef, 0, true}));
  EXPECT_THAT(ParseSpecValue("externref", "nope"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseSpecValueTest, RejectsUnknownTypes) {
  EXPECT_THAT(ParseSpecValue("v128", "0"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseSpecValue("i31", "0"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseExpectationTest, NanClassesOnlyForFloats) {
  EXPECT_EQ(Expect("f32", "nan:canonical").kind,
            Expectation::Kind::kCanonicalNan);
  EXPECT_EQ(Expect("f64", "nan:arithmetic").kind,
            Expectation::Kind::kArithmeticNan);
  EXPECT_THAT(ParseExpectation("i32", "nan:canonical"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MismatchTest, FloatsCompareBitExactly) {
  EXPECT_TRUE(Meets("f32", "1065353216", F32(0x3f80'0000)));  // 1.0
  EXPECT_FALSE(Meets("f32", "0", F32(0x8000'0000)));          // +0 vs -0
  EXPECT_FALSE(Meets("f64", "9223372036854775808", F64(0)));  // -0 vs +0
  // The same NaN with another payload is not the expected value.
  EXPECT_FALSE(Meets("f32", "2143289344", F32(0x7fc0'0001)));
  EXPECT_TRUE(Meets("f32", "2143289345", F32(0x7fc0'0001)));
}

TEST(MismatchTest, TypeMustMatchEvenWithEqualBits) {
  EXPECT_FALSE(Meets("i32", "1065353216", F32(0x3f80'0000)));
  EXPECT_FALSE(Meets("i64", "0", {ValType::kI32, 0, false}));
}

TEST(MismatchTest, CanonicalNanIsOnlyTheQuietBitWithEitherSign) {
  EXPECT_TRUE(Meets("f32", "nan:canonical", F32(0x7fc0'0000)));
  EXPECT_TRUE(Meets("f32", "nan:canonical", F32(0xffc0'0000)));
  EXPECT_FALSE(Meets("f32", "nan:canonical", F32(0x7fc0'0001)));
  EXPECT_FALSE(Meets("f32", "nan:canonical", F32(0x7fa0'0000)));
  EXPECT_FALSE(Meets("f32", "nan:canonical", F32(0x7f80'0000)));  // inf
  EXPECT_TRUE(Meets("f64", "nan:canonical", F64(0x7ff8'0000'0000'0000)));
  EXPECT_TRUE(Meets("f64", "nan:canonical", F64(0xfff8'0000'0000'0000)));
  EXPECT_FALSE(Meets("f64", "nan:canonical", F64(0x7ff8'0000'0000'0001)));
}

TEST(MismatchTest, ArithmeticNanNeedsTheQuietBit) {
  EXPECT_TRUE(Meets("f32", "nan:arithmetic", F32(0x7fc0'0000)));
  EXPECT_TRUE(Meets("f32", "nan:arithmetic", F32(0xffc0'0001)));
  EXPECT_FALSE(Meets("f32", "nan:arithmetic", F32(0x7fa0'0000)));  // signaling
  EXPECT_FALSE(Meets("f32", "nan:arithmetic", F32(0x7f80'0000)));  // inf
  EXPECT_TRUE(Meets("f64", "nan:arithmetic", F64(0x7ffc'0000'0000'0000)));
  EXPECT_FALSE(Meets("f64", "nan:arithmetic", F64(0x7ff4'0000'0000'0000)));
}

TEST(MismatchTest, NanClassNeedsTheRightFloatType) {
  EXPECT_FALSE(Meets("f64", "nan:canonical", F32(0x7fc0'0000)));
  EXPECT_FALSE(
      Meets("f32", "nan:arithmetic", {ValType::kI32, 0x7fc0'0000, false}));
}

TEST(MismatchTest, ReferencesCompareNullnessAndNumber) {
  const SpecValue null_extern{ValType::kExternRef, 0, true};
  const SpecValue extern_zero{ValType::kExternRef, 0, false};
  EXPECT_TRUE(Meets("externref", "null", null_extern));
  EXPECT_FALSE(Meets("externref", "0", null_extern));
  EXPECT_FALSE(Meets("externref", "null", extern_zero));
  EXPECT_TRUE(Meets("externref", "0", extern_zero));
  EXPECT_FALSE(Meets("funcref", "null", null_extern));
}

TEST(MismatchTest, ExplainsBothSides) {
  EXPECT_THAT(Mismatch(Expect("i32", "4294967295"), {ValType::kI32, 1, false}),
              Optional(HasSubstr("expected i32:-1 (0xffffffff), got i32:1")));
  EXPECT_THAT(Mismatch(Expect("f32", "nan:canonical"), F32(0x3f80'0000)),
              Optional(HasSubstr("expected f32:nan:canonical, got f32:1")));
}

}  // namespace
}  // namespace dytallix::internal
