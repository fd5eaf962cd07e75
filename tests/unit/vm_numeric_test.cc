// Numeric instructions: integer arithmetic and its traps, IEEE-754 float
// semantics, conversions, and NaN canonicalization under the contract profile.
#include <cmath>
#include <limits>

#include "gtest/gtest.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

using ::testing::Not;

constexpr std::string_view kIntOps = R"(
(module
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
  (func (export "div_u64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_u)
  (func (export "rem_s64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rem_s)
  (func (export "rotl") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotl)
  (func (export "shr_s64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shr_s)
  (func (export "clz64") (param i64) (result i64) local.get 0 i64.clz)
  (func (export "popcnt") (param i32) (result i32) local.get 0 i32.popcnt)
  (func (export "ext8") (param i32) (result i32) local.get 0 i32.extend8_s)
  (func (export "ext32") (param i64) (result i64) local.get 0 i64.extend32_s)
  (func (export "sum") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 i32.add local.get 2 i32.mul))
)";

TEST(VmIntegerTest, DivisionAndRemainderFollowWasm) {
  WatVm vm(kIntOps);
  EXPECT_THAT(vm.Call("div_s", {I32(-7), I32(2)}), Returns(I32(-3)));
  EXPECT_THAT(vm.Call("rem_s", {I32(-7), I32(2)}), Returns(I32(-1)));
  EXPECT_THAT(vm.Call("rem_s", {I32(0x80000000), I32(-1)}), Returns(I32(0)));
  EXPECT_THAT(vm.Call("rem_s64", {I64(1ull << 63), I64(-1)}), Returns(I64(0)));
  EXPECT_THAT(vm.Call("div_u64", {I64(-1), I64(2)}),
              Returns(I64(0x7FFFFFFFFFFFFFFF)));
}

TEST(VmIntegerTest, DivisionTraps) {
  WatVm vm(kIntOps);
  EXPECT_THAT(vm.Call("div_s", {I32(1), I32(0)}),
              Traps(TrapKind::kIntegerDivideByZero));
  EXPECT_THAT(vm.Call("div_s", {I32(0x80000000), I32(-1)}),
              Traps(TrapKind::kIntegerOverflow));
  EXPECT_THAT(vm.Call("div_u64", {I64(5), I64(0)}),
              Traps(TrapKind::kIntegerDivideByZero));
  // The engine is usable after a trap.
  EXPECT_THAT(vm.Call("div_s", {I32(9), I32(3)}), Returns(I32(3)));
}

TEST(VmIntegerTest, BitOperations) {
  WatVm vm(kIntOps);
  EXPECT_THAT(vm.Call("rotl", {I32(0x80000001), I32(33)}),
              Returns(I32(0x00000003)));
  EXPECT_THAT(vm.Call("shr_s64", {I64(-16), I64(66)}), Returns(I64(-4)));
  EXPECT_THAT(vm.Call("clz64", {I64(0)}), Returns(I64(64)));
  EXPECT_THAT(vm.Call("popcnt", {I32(0xF0F0)}), Returns(I32(8)));
  EXPECT_THAT(vm.Call("ext8", {I32(0x80)}), Returns(I32(0xFFFFFF80)));
  EXPECT_THAT(vm.Call("ext32", {I64(0x80000000)}),
              Returns(I64(0xFFFFFFFF80000000)));
  EXPECT_THAT(vm.Call("sum", {I32(2), I32(3), I32(4)}), Returns(I32(20)));
}

constexpr std::string_view kFloatOps = R"(
(module
  (func (export "nearest32") (param f32) (result f32) local.get 0 f32.nearest)
  (func (export "nearest64") (param f64) (result f64) local.get 0 f64.nearest)
  (func (export "min64") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)
  (func (export "max32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.max)
  (func (export "add64") (param f64 f64) (result f64) local.get 0 local.get 1 f64.add)
  (func (export "div32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
  (func (export "neg64") (param f64) (result f64) local.get 0 f64.neg)
  (func (export "copysign32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.copysign)
  (func (export "sqrt64") (param f64) (result f64) local.get 0 f64.sqrt)
  (func (export "u64_to_f32") (param i64) (result f32) local.get 0 f32.convert_i64_u)
  (func (export "demote") (param f64) (result f32) local.get 0 f32.demote_f64))
)";

TEST(VmFloatTest, NearestRoundsHalfToEven) {
  WatVm vm(kFloatOps);
  EXPECT_THAT(vm.Call("nearest32", {F32(2.5f)}), Returns(F32(2.0f)));
  EXPECT_THAT(vm.Call("nearest32", {F32(3.5f)}), Returns(F32(4.0f)));
  EXPECT_THAT(vm.Call("nearest64", {F64(-0.5)}), Returns(F64(-0.0)));
  EXPECT_THAT(vm.Call("nearest64", {F64(4503599627370497.0)}),
              Returns(F64(4503599627370497.0)));
}

TEST(VmFloatTest, MinMaxOrderSignedZerosAndPropagateNan) {
  WatVm vm(kFloatOps);
  EXPECT_THAT(vm.Call("min64", {F64(0.0), F64(-0.0)}), Returns(F64(-0.0)));
  EXPECT_THAT(vm.Call("min64", {F64(-0.0), F64(0.0)}), Returns(F64(-0.0)));
  EXPECT_THAT(vm.Call("max32", {F32(-0.0f), F32(0.0f)}), Returns(F32(0.0f)));
  auto r = vm.Call("min64", {F64(1.0), F64(std::nan(""))});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->results.at(0).f64()));
}

TEST(VmFloatTest, SignOperationsKeepNanPayloads) {
  WatVm vm(kFloatOps, Profile::Contract());
  const Value payload = Value::F64Bits(0x7FF0000000000001);  // signalling NaN
  EXPECT_THAT(vm.Call("neg64", {payload}),
              Returns(Value::F64Bits(0xFFF0000000000001)));
  EXPECT_THAT(vm.Call("copysign32", {Value::F32Bits(0x7FA00000), F32(-1.0f)}),
              Returns(Value::F32Bits(0xFFA00000)));
}

TEST(VmFloatTest, ArithmeticNanIsCanonicalUnderContractProfile) {
  WatVm contract(kFloatOps, Profile::Contract());
  const Value nan_payload = Value::F64Bits(0x7FF4000000000001);
  EXPECT_THAT(contract.Call("add64", {nan_payload, F64(1.0)}),
              Returns(Value::F64Bits(0x7FF8000000000000)));
  EXPECT_THAT(contract.Call("div32", {F32(0.0f), F32(0.0f)}),
              Returns(Value::F32Bits(0x7FC00000)));
  EXPECT_THAT(contract.Call("sqrt64", {F64(-1.0)}),
              Returns(Value::F64Bits(0x7FF8000000000000)));
  EXPECT_THAT(contract.Call("demote", {Value::F64Bits(0xFFF0000000000001)}),
              Returns(Value::F32Bits(0x7FC00000)));
  // The spec profile keeps the hardware's NaN (here: the quieted payload).
  WatVm spec(kFloatOps, Profile::Spec());
  EXPECT_THAT(spec.Call("add64", {nan_payload, F64(1.0)}),
              Not(Returns(Value::F64Bits(0x7FF8000000000000))));
}

TEST(VmFloatTest, ConversionsRoundCorrectly) {
  WatVm vm(kFloatOps);
  // 2^53 + 2^29 + 1 is just above half an f32 ulp: rounding through f64
  // first would wrongly give 2^53.
  EXPECT_THAT(vm.Call("u64_to_f32", {I64(0xFFFFFFFFFFFFFFFF)}),
              Returns(F32(18446744073709551616.0f)));
  EXPECT_THAT(vm.Call("u64_to_f32", {I64(0x0020000020000001)}),
              Returns(F32(9007200328482816.0f)));
  EXPECT_THAT(vm.Call("demote", {F64(1e300)}),
              Returns(F32(std::numeric_limits<float>::infinity())));
}

constexpr std::string_view kTruncOps = R"(
(module
  (func (export "i32_trunc_f32_s") (param f32) (result i32) local.get 0 i32.trunc_f32_s)
  (func (export "i32_trunc_f64_u") (param f64) (result i32) local.get 0 i32.trunc_f64_u)
  (func (export "i64_trunc_f64_s") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
  (func (export "i32_sat_f32_s") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s)
  (func (export "i64_sat_f64_u") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u))
)";

TEST(VmConversionTest, TruncTrapsOutOfRangeAndNan) {
  WatVm vm(kTruncOps);
  EXPECT_THAT(vm.Call("i32_trunc_f32_s", {F32(-2147483648.0f)}),
              Returns(I32(0x80000000)));
  EXPECT_THAT(vm.Call("i32_trunc_f32_s", {F32(2147483648.0f)}),
              Traps(TrapKind::kIntegerOverflow));
  EXPECT_THAT(vm.Call("i32_trunc_f32_s", {F32(std::nanf(""))}),
              Traps(TrapKind::kInvalidConversionToInteger));
  EXPECT_THAT(vm.Call("i32_trunc_f64_u", {F64(-0.9)}), Returns(I32(0)));
  EXPECT_THAT(vm.Call("i32_trunc_f64_u", {F64(-1.0)}),
              Traps(TrapKind::kIntegerOverflow));
  EXPECT_THAT(vm.Call("i32_trunc_f64_u", {F64(4294967295.9)}),
              Returns(I32(0xFFFFFFFF)));
  EXPECT_THAT(vm.Call("i64_trunc_f64_s", {F64(-9223372036854775808.0)}),
              Returns(I64(0x8000000000000000)));
  EXPECT_THAT(vm.Call("i64_trunc_f64_s", {F64(9223372036854775808.0)}),
              Traps(TrapKind::kIntegerOverflow));
}

TEST(VmConversionTest, SaturatingTruncClamps) {
  WatVm vm(kTruncOps);
  EXPECT_THAT(vm.Call("i32_sat_f32_s", {F32(1e10f)}), Returns(I32(0x7FFFFFFF)));
  EXPECT_THAT(vm.Call("i32_sat_f32_s", {F32(-1e10f)}),
              Returns(I32(0x80000000)));
  EXPECT_THAT(vm.Call("i32_sat_f32_s", {F32(std::nanf(""))}), Returns(I32(0)));
  EXPECT_THAT(vm.Call("i64_sat_f64_u", {F64(-5.0)}), Returns(I64(0)));
  EXPECT_THAT(vm.Call("i64_sat_f64_u", {F64(1e30)}),
              Returns(I64(0xFFFFFFFFFFFFFFFF)));
}

}  // namespace
}  // namespace dytallix::testing
