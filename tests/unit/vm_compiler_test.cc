// The shape of compiled code: operands address frame slots, local.get and
// constants fold into their users, results land in locals directly, i32
// comparisons fuse with branches, each basic block has one gas charge. Each
// test pins a small function's whole listing (vm/disassemble.h), so that
// nothing else slips in beside the instruction it is about.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/wat.h"
#include "vm/code.h"
#include "vm/disassemble.h"
#include "vm/engine.h"

namespace dytallix::testing {
namespace {

// The listing of the module's first defined function, after a newline so
// that an expected listing can start on its own line in a raw string.
std::string Listing(std::string_view wat, const internal::Profile& profile =
                                              internal::Profile::Spec()) {
  auto module = internal::Load(Wasm(wat), profile);
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok()) return "";
  // Appended, not "\n" + string, which gcc 12 warns of (-Wrestrict, a false
  // positive).
  std::string listing = "\n";
  listing += internal::Disassemble((*module)->functions.at(0));
  return listing;
}

TEST(VmCompilerTest, ArithmeticReadsAndWritesLocalsDirectly) {
  // Frame: params 0-1, local 2; the add writes slot 2 without a copy.
  EXPECT_EQ(Listing(R"(
(module (func (param i32 i32) (local i32)
  local.get 0 local.get 1 i32.add local.set 2))
)"),
            R"(
0: Gas 5
2: I32Add 2 0 1
6: Return 3 0
)");
}

TEST(VmCompilerTest, ConstantsLiveInSlots) {
  // The constant 7 gets the first slot after the locals (slot 1).
  EXPECT_EQ(Listing(R"(
(module (func (param i32) (result i32) local.get 0 i32.const 7 i32.mul))
)"),
            R"(
0: Gas 4
2: I32Mul 2 0 1
6: Return 2 1
)");
}

TEST(VmCompilerTest, ComparisonFusesWithBranch) {
  // gt_s(a, b) is lt_s(b, a).
  EXPECT_EQ(Listing(R"(
(module (func (param i32 i32)
  (block (br_if 0 (i32.gt_s (local.get 0) (local.get 1))))))
)"),
            R"(
0: Gas 5
2: BrIfI32LtS 1 0 11 0 0 4
9: Gas 0
11: Gas 0
13: Return 2 0
)");
}

TEST(VmCompilerTest, AddressAdditionFusesWithLoad) {
  // Frame: param 0, constant 8 in slot 1; the sum is never stored.
  EXPECT_EQ(Listing(R"(
(module (memory 1) (func (param i32) (result i32)
  (i32.load offset=4 (i32.add (local.get 0) (i32.const 8)))))
)"),
            R"(
0: Gas 5
2: I32LoadAdd 2 0 1 4
7: Return 2 1
)");
}

TEST(VmCompilerTest, FusedLoadAddressWrapsLikeI32Add) {
  // 0xfffffff8 + 0x10 wraps to 8: in bounds, where a 64-bit sum would not
  // be; the offset is then added without wrapping.
  auto module = internal::Load(Wasm(R"(
(module (memory 1)
  (data (i32.const 8) "\2a\00\00\00\07")
  (func (export "wrap") (param i32 i32) (result i32)
    (i32.load (i32.add (local.get 0) (local.get 1))))
  (func (export "past") (param i32 i32) (result i32)
    (i32.load offset=65535 (i32.add (local.get 0) (local.get 1)))))
)"),
                               internal::Profile::Spec());
  ASSERT_TRUE(module.ok()) << module.status();
  internal::Store store(internal::Profile::Spec());
  auto inst = internal::Instantiate(store, *module, {});
  ASSERT_TRUE(inst.ok() && inst->instance != nullptr);
  const std::vector<internal::Value> args = {internal::Value::I32(0xfffffff8),
                                             internal::Value::I32(0x10)};
  auto wrap = internal::Invoke(store, *inst->instance, "wrap", args);
  ASSERT_TRUE(wrap.ok() && !wrap->trap);
  EXPECT_EQ(wrap->results.at(0).i32(), 0x2au);
  auto past = internal::Invoke(store, *inst->instance, "past", args);
  ASSERT_TRUE(past.ok() && past->trap.has_value());
  EXPECT_EQ(past->trap->kind, internal::TrapKind::kOutOfBoundsMemoryAccess);
}

TEST(VmCompilerTest, NanCanonicalizationIsPartOfTheFloatOp) {
  constexpr std::string_view kAdd = R"(
(module (func (param f64 f64) (result f64)
  local.get 0 local.get 1 f64.add))
)";
  // The contract profile's variant canonicalizes in the same instruction.
  EXPECT_EQ(Listing(kAdd, internal::Profile::Contract()), R"(
0: Gas 5
2: F64AddCanon 2 0 1
6: Return 2 1
)");
  EXPECT_EQ(Listing(kAdd), R"(
0: Gas 5
2: F64Add 2 0 1
6: Return 2 1
)");
}

TEST(VmCompilerTest, OneGasChargePerBasicBlock) {
  // Straight-line code: a single block charging all six instructions.
  EXPECT_EQ(Listing(R"(
(module (func (param i32) (result i32)
  local.get 0 i32.const 1 i32.add i32.const 2 i32.mul))
)"),
            R"(
0: Gas 6
2: I32Add 3 0 1
6: I32Mul 3 3 2
10: Return 3 1
)");
}

TEST(VmCompilerTest, UnreachableCodeIsNotCompiled) {
  // Only "i32.const 1 return" is compiled.
  EXPECT_EQ(Listing(R"(
(module (func (result i32)
  i32.const 1 return
  i32.const 2 i32.const 3 i32.add drop unreachable))
)"),
            R"(
0: Gas 4
2: Copy 3 0
5: Return 3 1
)");
}

}  // namespace
}  // namespace dytallix::testing
