#include "tools/value_text.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;
using ::testing::HasSubstr;

TEST(FormatValueTest, IntegersAreSignedDecimal) {
  EXPECT_EQ(FormatValue(Value::I32(static_cast<uint32_t>(-7))), "i32:-7");
  EXPECT_EQ(FormatValue(Value::I32(0x80000000u)), "i32:-2147483648");
  EXPECT_EQ(FormatValue(Value::I64(42)), "i64:42");
  EXPECT_EQ(FormatValue(Value::I64(~0ull)), "i64:-1");
}

TEST(FormatValueTest, FloatsAreShortestRoundTrip) {
  EXPECT_EQ(FormatValue(Value::F64(1.5)), "f64:1.5");
  EXPECT_EQ(FormatValue(Value::F32(-0.0f)), "f32:-0");
  EXPECT_EQ(FormatValue(Value::F32(0.1f)), "f32:0.1");
  EXPECT_EQ(FormatValue(Value::F64(0.1)), "f64:0.1");
  EXPECT_EQ(FormatValue(Value::F64(std::numeric_limits<double>::infinity())),
            "f64:inf");
  EXPECT_EQ(FormatValue(Value::F32(-std::numeric_limits<float>::infinity())),
            "f32:-inf");
}

TEST(FormatValueTest, NansShowTheirBits) {
  EXPECT_EQ(FormatValue(Value::F32Bits(0x7fc00000)), "f32:nan:0x7fc00000");
  EXPECT_EQ(FormatValue(Value::F64Bits(0xfff0000000000001)),
            "f64:nan:0xfff0000000000001");
}

TEST(FormatValueTest, References) {
  EXPECT_EQ(FormatValue(Value::Null(ValType::kFuncRef)), "funcref:null");
  EXPECT_EQ(FormatValue(Value::ExternRef(5)), "externref:5");
}

TEST(ParseValueTest, IntegersSignedUnsignedAndHex) {
  EXPECT_EQ(*ParseValue(ValType::kI32, "-7"), Value::I32(0xfffffff9u));
  EXPECT_EQ(*ParseValue(ValType::kI32, "4294967295"), Value::I32(0xffffffffu));
  EXPECT_EQ(*ParseValue(ValType::kI32, "i32:12"), Value::I32(12));
  EXPECT_EQ(*ParseValue(ValType::kI64, "0xffffffffffffffff"),
            Value::I64(~0ull));
  EXPECT_EQ(*ParseValue(ValType::kI64, "-9223372036854775808"),
            Value::I64(0x8000000000000000ull));
}

TEST(ParseValueTest, IntegersOutOfRangeOrMalformedAreErrors) {
  EXPECT_FALSE(ParseValue(ValType::kI32, "4294967296").ok());
  EXPECT_FALSE(ParseValue(ValType::kI32, "-2147483649").ok());
  EXPECT_FALSE(ParseValue(ValType::kI32, "0x100000000").ok());
  EXPECT_FALSE(ParseValue(ValType::kI32, "12abc").ok());
  EXPECT_FALSE(ParseValue(ValType::kI32, "i64:1").ok());
  EXPECT_THAT(ParseValue(ValType::kI32, "x").status().message(),
              HasSubstr("not a valid i32"));
}

TEST(ParseValueTest, FloatsDecimalSpecialAndRawBits) {
  EXPECT_EQ(*ParseValue(ValType::kF64, "1.5"), Value::F64(1.5));
  EXPECT_EQ(*ParseValue(ValType::kF32, "-0"), Value::F32Bits(0x80000000u));
  EXPECT_EQ(*ParseValue(ValType::kF64, "-inf"),
            Value::F64(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(*ParseValue(ValType::kF64, "0x3ff8000000000000"), Value::F64(1.5));
  EXPECT_EQ(*ParseValue(ValType::kF32, "nan:0x7fa00000"),
            Value::F32Bits(0x7fa00000u));
  EXPECT_FALSE(ParseValue(ValType::kF32, "nan:0x3f800000").ok());  // not a NaN
  EXPECT_FALSE(ParseValue(ValType::kF32, "1.5.2").ok());
}

TEST(ParseValueTest, RoundTripsWhatFormatValueWrites) {
  const Value values[] = {Value::I32(123), Value::I64(~0ull - 5),
                          Value::F32(3.25f), Value::F64(-1e300),
                          Value::F64Bits(0x7ff8000000000001)};
  for (const Value& v : values) {
    absl::StatusOr<Value> parsed = ParseValue(v.type(), FormatValue(v));
    ASSERT_THAT(parsed, IsOk());
    EXPECT_EQ(*parsed, v) << FormatValue(v);
  }
}

TEST(EscapeTextTest, PrintableAsciiAndUtf8PassThrough) {
  EXPECT_EQ(EscapeText("transfer_from"), "transfer_from");
  EXPECT_EQ(EscapeText("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(EscapeText(""), "");
}

TEST(EscapeTextTest, ANewlineCannotStartAForgedLine) {
  EXPECT_EQ(EscapeText("x\nvalidation under the contract profile: ok"),
            "x\\nvalidation under the contract profile: ok");
  EXPECT_EQ(EscapeText("a\rb\tc"), "a\\rb\\tc");
}

TEST(EscapeTextTest, ControlsAndEscapeSequencesAreHex) {
  EXPECT_EQ(EscapeText("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(EscapeText(std::string_view("\0\x7f", 2)), "\\x00\\x7f");
  // C1 CSI (U+009B) as UTF-8: some terminals act on it.
  EXPECT_EQ(EscapeText("\xc2\x9b"
                       "31m"),
            "\\xc2\\x9b31m");
  EXPECT_EQ(EscapeText("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is not a control
}

TEST(EscapeTextTest, BackslashIsEscapedSoEscapesAreUnambiguous) {
  EXPECT_EQ(EscapeText("\\x1b"), "\\\\x1b");
}

TEST(EscapeTextTest, InvalidUtf8IsHexBytes) {
  EXPECT_EQ(EscapeText("\xff"), "\\xff");
  EXPECT_EQ(EscapeText("\xc3"), "\\xc3");                    // truncated
  EXPECT_EQ(EscapeText("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(EscapeText("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");  // overlong
  EXPECT_EQ(EscapeText("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(EscapeText("\xf4\x90\x80\x80"),
            "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(EscapeText("\x80"
                       "a"),
            "\\x80a");
}

}  // namespace
}  // namespace dytallix::internal
