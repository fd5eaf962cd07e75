// Control flow: blocks with values, branches and their tables, calls and
// indirect calls, and the call-depth and value-stack limits.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

TEST(VmControlTest, MultiValueBlocksAndBranches) {
  WatVm vm(R"(
(module
  (func (export "swap") (param i32 i32) (result i32 i32)
    local.get 1 local.get 0)
  (func (export "block_br") (param i32) (result i32 i64)
    (block (result i32 i64)
      i32.const 7 i64.const 8
      local.get 0 br_if 0
      drop drop
      i32.const 1 i64.const 2))
  (func (export "if_params") (param i32 i32) (result i32)
    local.get 0 local.get 1
    if (param i32) (result i32)
      i32.const 100 i32.add
    else
      i32.const 200 i32.sub
    end))
)");
  EXPECT_THAT(vm.Call("swap", {I32(1), I32(2)}), Returns(I32(2), I32(1)));
  EXPECT_THAT(vm.Call("block_br", {I32(1)}), Returns(I32(7), I64(8)));
  EXPECT_THAT(vm.Call("block_br", {I32(0)}), Returns(I32(1), I64(2)));
  EXPECT_THAT(vm.Call("if_params", {I32(5), I32(1)}), Returns(I32(105)));
  EXPECT_THAT(vm.Call("if_params", {I32(5), I32(0)}), Returns(I32(-195)));
}

// Every i32 comparison feeding br_if is fused with it; check each against
// its plain result (including the swapped gt/le forms).
TEST(VmControlTest, FusedCompareAndBranchMatchesComparison) {
  const char* ops[] = {"eq",   "ne",   "lt_s", "lt_u", "gt_s",
                       "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  std::string wat = "(module\n";
  for (const char* op : ops) {
    absl::StrAppend(&wat, "(func (export \"br_", op,
                    "\") (param i32 i32) (result i32)"
                    " (block (br_if 0 (i32.",
                    op,
                    " (local.get 0) (local.get 1))) (return (i32.const 0)))"
                    " (i32.const 1))\n",
                    "(func (export \"if_", op,
                    "\") (param i32 i32) (result i32)"
                    " (if (result i32) (i32.",
                    op,
                    " (local.get 0) (local.get 1)) (then (i32.const 1))"
                    " (else (i32.const 0))))\n",
                    "(func (export \"", op,
                    "\") (param i32 i32) (result i32)"
                    " (i32.",
                    op, " (local.get 0) (local.get 1)))\n");
  }
  absl::StrAppend(&wat, ")");
  WatVm vm(wat);
  const uint32_t values[] = {0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  for (const char* op : ops) {
    for (uint32_t a : values) {
      for (uint32_t b : values) {
        ASSERT_OK_AND_ASSIGN(auto expected, vm.Call(op, {I32(a), I32(b)}));
        EXPECT_THAT(vm.Call(absl::StrCat("br_", op), {I32(a), I32(b)}),
                    Returns(expected.results[0]))
            << op << " " << a << " " << b;
        EXPECT_THAT(vm.Call(absl::StrCat("if_", op), {I32(a), I32(b)}),
                    Returns(expected.results[0]))
            << op << " " << a << " " << b;
      }
    }
  }
}

TEST(VmControlTest, LargeBrTableReachesEveryTarget) {
  constexpr int kTargets = 2000;
  std::string wat =
      "(module (func (export \"pick\") (param i32) (result i32)\n";
  for (int i = 0; i <= kTargets; ++i) absl::StrAppend(&wat, "(block ");
  absl::StrAppend(&wat, "local.get 0 br_table");
  for (int i = 0; i <= kTargets; ++i) absl::StrAppend(&wat, " ", i);
  absl::StrAppend(&wat, ")");
  // Label i leaves i + 1 blocks and lands on `return 3 * i`.
  for (int i = 0; i < kTargets; ++i) {
    absl::StrAppend(&wat, " (return (i32.const ", i * 3, ")))");
  }
  absl::StrAppend(&wat, " (i32.const ", kTargets * 3, ")))");
  WatVm vm(wat);
  EXPECT_THAT(vm.Call("pick", {I32(0)}), Returns(I32(0)));
  EXPECT_THAT(vm.Call("pick", {I32(1234)}), Returns(I32(1234 * 3)));
  EXPECT_THAT(vm.Call("pick", {I32(kTargets)}), Returns(I32(kTargets * 3)));
  // Out of range takes the default, the last label.
  EXPECT_THAT(vm.Call("pick", {I32(-1)}), Returns(I32(kTargets * 3)));
}

TEST(VmControlTest, LoopsAndRecursion) {
  WatVm vm(R"(
(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "sum") (param i32) (result i64) (local i64)
    (loop $l
      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    local.get 1))
)");
  EXPECT_THAT(vm.Call("fib", {I32(20)}), Returns(I32(6765)));
  EXPECT_THAT(vm.Call("sum", {I32(100000)}), Returns(I64(5000050000)));
}

constexpr std::string_view kIndirect = R"(
(module
  (type $ii (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $double $unit)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $unit (result i32) (i32.const 1))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0))))
)";

TEST(VmControlTest, CallIndirectChecksElementAndSignature) {
  WatVm vm(kIndirect);
  EXPECT_THAT(vm.Call("call", {I32(0), I32(21)}), Returns(I32(42)));
  EXPECT_THAT(vm.Call("call", {I32(1), I32(0)}),
              Traps(TrapKind::kIndirectCallTypeMismatch));
  EXPECT_THAT(vm.Call("call", {I32(2), I32(0)}),
              Traps(TrapKind::kUninitializedElement));
  EXPECT_THAT(vm.Call("call", {I32(4), I32(0)}),
              Traps(TrapKind::kUndefinedElement));
}

constexpr std::string_view kRecursion = R"(
(module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call $down (i32.sub (local.get 0) (i32.const 1))))))))
)";

TEST(VmLimitsTest, DeepRecursionHitsCallDepthTrap) {
  const Profile contract = Profile::Contract();  // max_call_depth 1024
  WatVm vm(kRecursion, contract);
  EXPECT_THAT(vm.Call("down", {I32(contract.max_call_depth - 1)}),
              Returns(I32(contract.max_call_depth - 1)));
  EXPECT_THAT(vm.Call("down", {I32(contract.max_call_depth)}),
              Traps(TrapKind::kCallStackExhausted));
  EXPECT_THAT(vm.Call("down", {I32(1'000'000'000)}),
              Traps(TrapKind::kCallStackExhausted));
  // Usable afterwards, with the full depth available again.
  EXPECT_THAT(vm.Call("down", {I32(contract.max_call_depth - 1)}),
              Returns(I32(contract.max_call_depth - 1)));
}

TEST(VmLimitsTest, ValueStackLimitTraps) {
  Profile profile = Profile::Contract();
  profile.max_value_stack = 4096;
  profile.max_call_depth = 100'000;
  WatVm vm(kRecursion, profile);
  // Each frame takes a handful of slots: 100 frames fit, 10000 do not.
  EXPECT_THAT(vm.Call("down", {I32(100)}), Returns(I32(100)));
  EXPECT_THAT(vm.Call("down", {I32(10'000)}),
              Traps(TrapKind::kValueStackExhausted));
}

TEST(VmTrapTest, TrapNamesFunctionAndOffset) {
  const std::vector<uint8_t> wasm = Wasm(R"(
(module
  (func $helper nop)
  (func (export "boom") (call $helper) unreachable))
)");
  internal::Store store(Profile::Spec());
  ASSERT_OK_AND_ASSIGN(auto module, internal::Load(wasm, Profile::Spec()));
  ASSERT_OK_AND_ASSIGN(auto inst, internal::Instantiate(store, module, {}));
  auto r = internal::Invoke(store, *inst.instance, "boom", {});
  ASSERT_THAT(r, Traps(TrapKind::kUnreachable));
  EXPECT_EQ(r->trap->function_index, 1u);
  // The trapping byte is the `unreachable` opcode (0x00) after the call.
  ASSERT_LT(r->trap->offset, wasm.size());
  EXPECT_EQ(wasm[r->trap->offset], 0x00);
  EXPECT_EQ(wasm[r->trap->offset - 2], 0x10);  // call 0
}

TEST(VmTrapTest, TrapListsItsCallersInnermostFirst) {
  constexpr std::string_view kWat = R"(
(module
  (func $inner unreachable)
  (func $middle nop (call $inner))
  (func (export "outer") (call $middle) nop))
)";
  const std::vector<uint8_t> wasm = Wasm(kWat);  // for the offsets
  WatVm vm(kWat);
  for (int run = 0; run < 2; ++run) {  // the stack is unwound each time
    auto r = vm.Call("outer");
    ASSERT_THAT(r, Traps(TrapKind::kUnreachable));
    EXPECT_EQ(r->trap->function_index, 0u);
    ASSERT_EQ(r->trap->callers.size(), 2u);
    EXPECT_EQ(r->trap->callers[0].function_index, 1u);
    EXPECT_EQ(r->trap->callers[1].function_index, 2u);
    // Each caller's place is its call instruction: call 0, then call 1.
    for (size_t i = 0; i < 2; ++i) {
      const uint32_t at = r->trap->callers[i].offset;
      ASSERT_LT(at + 1, wasm.size());
      EXPECT_EQ(wasm[at], 0x10);
      EXPECT_EQ(wasm[at + 1], i);
    }
  }
}

}  // namespace
}  // namespace dytallix::testing
