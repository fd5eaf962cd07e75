// Reused call stacks (vm/memory_pool.h): a Store takes over the call stack of
// the last Store destroyed on its thread, even one a trap left mid-call (the
// trap unwound it: nothing used, no frames), and runs exactly as it would on
// a stack of its own.
#include <cstdint>
#include <string_view>

#include "base/profile.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

// "deep" recurses until the call stack is exhausted; "sum" adds its argument
// to a local that is zero in any fresh frame, through operand slots an
// earlier call on the stack filled with other values.
constexpr std::string_view kWat = R"(
(module
  (func $deep (export "deep") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $deep)
  (func (export "sum") (param i32) (result i64)
    (local i64 i32)
    local.get 1
    local.get 0 i64.extend_i32_u i64.add
    local.get 2 i64.extend_i32_u i64.add))
)";

const internal::CallOptions kMetered{.metering = true, .gas_limit = 10'000'000};

TEST(VmStackReuseTest, AStackATrapLeftIsTakenOverResetAndRunsAsAFreshOne) {
  const internal::Profile profile = internal::Profile::Contract();
  const uint64_t* trapped_slots = nullptr;
  {
    WatVm vm(kWat, profile);
    trapped_slots = vm.store().stack().slots.get();
    EXPECT_THAT(vm.Call("deep", {I32(0)}, kMetered),
                Traps(internal::TrapKind::kCallStackExhausted));
  }
  WatVm reused(kWat, profile);  // takes the stack the trap left
  WatVm fresh(kWat, profile);   // nothing left to take: a stack of its own
  ASSERT_EQ(reused.store().stack().slots.get(), trapped_slots);
  ASSERT_NE(fresh.store().stack().slots.get(), trapped_slots);
  const internal::ExecutionStack& stack = reused.store().stack();
  EXPECT_EQ(stack.slots_used, 0u);
  EXPECT_EQ(stack.depth, 0u);
  EXPECT_EQ(stack.reentry, 0u);
  EXPECT_TRUE(stack.frames.empty());
  for (WatVm* vm : {&reused, &fresh}) {
    ASSERT_OK_AND_ASSIGN(internal::CallResult sum,
                         vm->Call("sum", {I32(7)}, kMetered));
    EXPECT_THAT(sum.results, ::testing::ElementsAre(I64(7)));
    EXPECT_THAT(vm->Call("deep", {I32(0)}, kMetered),
                Traps(internal::TrapKind::kCallStackExhausted));
  }
  ASSERT_OK_AND_ASSIGN(internal::CallResult a,
                       reused.Call("deep", {I32(0)}, kMetered));
  ASSERT_OK_AND_ASSIGN(internal::CallResult b,
                       fresh.Call("deep", {I32(0)}, kMetered));
  EXPECT_EQ(a.gas_used, b.gas_used);
  ASSERT_OK_AND_ASSIGN(a, reused.Call("sum", {I32(9)}, kMetered));
  ASSERT_OK_AND_ASSIGN(b, fresh.Call("sum", {I32(9)}, kMetered));
  EXPECT_EQ(a.results, b.results);
  EXPECT_EQ(a.gas_used, b.gas_used);
}

TEST(VmStackReuseTest, AStoreOfOtherLimitsGetsAStackOfItsOwn) {
  const internal::Profile contract = internal::Profile::Contract();
  internal::Profile smaller = contract;
  smaller.max_value_stack = contract.max_value_stack / 2;
  const uint64_t* released = nullptr;
  {
    WatVm vm(kWat, smaller);
    released = vm.store().stack().slots.get();
  }
  // A stack too small for it is not taken (its frames would run past it).
  WatVm larger(kWat, contract);
  EXPECT_NE(larger.store().stack().slots.get(), released);
  ASSERT_OK_AND_ASSIGN(internal::CallResult sum, larger.Call("sum", {I32(3)}));
  EXPECT_THAT(sum.results, ::testing::ElementsAre(I64(3)));
}

}  // namespace
}  // namespace dytallix::testing
