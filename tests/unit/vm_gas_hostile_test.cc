// Hostile modules under Profile::Contract() and a moderate gas limit: each
// ends in a trap, and its work is bounded by gas (never by timing): out of gas
// uses exactly the limit, a stack-exhaustion trap uses less.
#include <string>

#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/vm_gas_util.h"

namespace dytallix::testing {
namespace {

using internal::CallResult;
using internal::Profile;
using internal::TrapKind;

constexpr uint64_t kLimit = 20'000'000;

CallResult RunHostile(const std::string& wat) {
  MeteredVm vm(wat, GasMode::kPerBlock, Profile::Contract());
  if (!vm.ok()) return CallResult{};
  return vm.Run("run", kLimit);
}

void ExpectOutOfGas(const CallResult& r) {
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(r.trap->kind, TrapKind::kOutOfGas);
  EXPECT_EQ(r.gas_used, kLimit);
}

TEST(VmGasHostileTest, DeepRecursionExhaustsTheCallStack) {
  const CallResult r = RunHostile(R"((module
    (func $r (export "run") (call $r))))");
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(r.trap->kind, TrapKind::kCallStackExhausted);
  EXPECT_LT(r.gas_used, kLimit);
}

TEST(VmGasHostileTest, MemoryGrowLoopRunsOutOfGas) {
  // Growth stops at the profile's page limit; the requests still cost.
  ExpectOutOfGas(RunHostile(R"((module (memory 1)
    (func (export "run") (loop $l (drop (memory.grow (i32.const 1))) (br $l)))))"));
}

TEST(VmGasHostileTest, HugeBrTableInALoopRunsOutOfGas) {
  std::string targets;
  for (int i = 0; i < 60'000; ++i) targets += "0 ";
  ExpectOutOfGas(
      RunHostile("(module (func (export \"run\") (local i32) (loop $l"
                 " (local.set 0 (i32.add (local.get 0) (i32.const 7)))"
                 " (br_table " +
                 targets + "0 (local.get 0)))))"));
}

// A recursive function with 1,000 i64 locals per frame.
std::string ThousandLocalsRecursion() {
  std::string wat = R"((module (func $r (export "run"))";
  for (int i = 0; i < 100; ++i) {
    wat += " (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)";
  }
  return wat + " (call $r)))";
}

TEST(VmGasHostileTest, ThousandLocalsPerFrameRecursionIsBounded) {
  const CallResult r = RunHostile(ThousandLocalsRecursion());
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_TRUE(r.trap->kind == TrapKind::kCallStackExhausted ||
              r.trap->kind == TrapKind::kValueStackExhausted ||
              r.trap->kind == TrapKind::kOutOfGas)
      << internal::TrapKindName(r.trap->kind);
  EXPECT_LE(r.gas_used, kLimit);
  // The locals are charged: at least 1,000 gas per frame entered.
  EXPECT_GE(r.gas_used, 1'000u);
}

TEST(VmGasHostileTest, GiantLoopRunsOutOfGas) {
  ExpectOutOfGas(RunHostile(R"((module
    (func (export "run") (local i64)
      (loop $l (local.set 0 (i64.add (local.get 0) (i64.const 1))) (br $l)))))"));
}

TEST(VmGasHostileTest, SixteenMebibyteFillLoopRunsOutOfGas) {
  ExpectOutOfGas(RunHostile(R"((module (memory 256)
    (func (export "run")
      (loop $l
        (memory.fill (i32.const 0) (i32.const 0xAB) (i32.const 0x1000000))
        (br $l)))))"));
}

TEST(VmGasHostileTest, FailedBulkChargeDoesNoWork) {
  // 1 MiB costs 65,536 gas beyond the call's static cost; with less, the
  // trap comes before a single byte is written.
  MeteredVm vm(R"((module (memory 16) (export "mem" (memory 0))
    (func (export "fill") (memory.fill (i32.const 0) (i32.const 1) (i32.const 0x100000)))
    (func (export "peek") (result i32) (i32.load8_u (i32.const 0)))))",
               GasMode::kPerBlock, Profile::Contract());
  ASSERT_TRUE(vm.ok());
  const CallResult r = vm.Run("fill", 60'000);
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(r.trap->kind, TrapKind::kOutOfGas);
  const CallResult peek = vm.Run("peek", 1'000);
  ASSERT_FALSE(peek.trap.has_value());
  EXPECT_EQ(peek.results[0].i32(), 0u);
}

TEST(VmGasHostileTest, LoopingStartFunctionRunsOutOfGas) {
  auto module = internal::Load(Wasm(R"((module
    (func $forever (loop $l (br $l))) (start $forever)))"),
                               Profile::Contract());
  ASSERT_TRUE(module.ok()) << module.status();
  internal::Store store(Profile::Contract());
  const internal::CallOptions start{.metering = true, .gas_limit = kLimit};
  ASSERT_OK_AND_ASSIGN(auto r,
                       internal::Instantiate(store, *module, {}, start));
  EXPECT_EQ(r.instance, nullptr);
  ASSERT_TRUE(r.trap.has_value());
  EXPECT_EQ(r.trap->kind, TrapKind::kOutOfGas);
  EXPECT_EQ(r.start_gas_used, kLimit);
}

TEST(VmGasHostileTest, MeteredStartFunctionReportsItsGas) {
  auto module =
      internal::Load(Wasm(R"((module (global $g (mut i32) (i32.const 0))
    (func $init (global.set $g (i32.const 5))) (start $init)))"),
                     Profile::Contract());
  ASSERT_TRUE(module.ok()) << module.status();
  internal::Store store(Profile::Contract());
  auto metered = internal::Instantiate(store, *module, {},
                                       {.metering = true, .gas_limit = kLimit});
  ASSERT_TRUE(metered.ok() && metered->instance != nullptr);
  EXPECT_GT(metered->start_gas_used, 0u);
  auto unmetered = internal::Instantiate(store, *module, {});
  ASSERT_TRUE(unmetered.ok() && unmetered->instance != nullptr);
  EXPECT_EQ(unmetered->start_gas_used, 0u);
}

}  // namespace
}  // namespace dytallix::testing
