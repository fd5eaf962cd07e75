// The per-instruction reference meter against the per-block meter: every
// program that completes uses exactly the same gas in both modes, at every
// limit below that both run out of gas, and a program that traps traps the
// same way (the per-block mode having charged at least as much).
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "testing/vm_gas_util.h"

namespace dytallix::testing {
namespace {

using internal::CallResult;
using internal::TrapKind;

struct Program {
  const char* name;
  const char* wat;  // exports "run", no parameters
};

void PrintTo(const Program& p, std::ostream* os) { *os << p.name; }

const Program kPrograms[] = {
    {"alu", R"((module (func (export "run") (result i32)
      (i32.xor (i32.mul (i32.add (i32.const 7) (i32.const 5)) (i32.const 3))
               (i32.rotl (i32.const 0x1234) (i32.const 7))))))"},
    {"loop_sum", R"((module (func (export "run") (result i32) (local i32 i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 0) (i32.const 100))))
      (local.get 1))))"},
    {"fib", R"((module
      (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "run") (result i32) (call $fib (i32.const 12)))))"},
    {"br_table", R"((module (func (export "run") (result i32) (local i32 i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1)
          (block $d (result i32)
            (block $c (result i32)
              (block $b (result i32)
                (block $a (result i32)
                  (br_table $a $b $c $d (i32.const 10) (local.get 0)))
                (i32.mul (i32.const 2)) (br $d))
              (i32.const 3) (i32.add) (br $d))
            (drop) (i32.const 100))))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 0) (i32.const 6))))
      (local.get 1))))"},
    {"call_indirect", R"((module
      (type $t (func (param i32) (result i32)))
      (table 3 funcref)
      (elem (i32.const 0) $inc $dbl $neg)
      (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
      (func $dbl (type $t) (i32.mul (local.get 0) (i32.const 2)))
      (func $neg (type $t) (i32.sub (i32.const 0) (local.get 0)))
      (func (export "run") (result i32) (local i32 i32)
        (local.set 1 (i32.const 5))
        (loop $l
          (local.set 1 (call_indirect (type $t) (local.get 1)
                          (i32.rem_u (local.get 0) (i32.const 3))))
          (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                              (i32.const 9))))
        (local.get 1))))"},
    {"memory", R"((module (memory 1 4)
      (func (export "run") (result i32) (local i32)
        (drop (memory.grow (i32.const 2)))
        (drop (memory.grow (i32.const 100)))
        (loop $l
          (i32.store (i32.mul (local.get 0) (i32.const 4)) (local.get 0))
          (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                              (i32.const 50))))
        (i32.add (i32.load offset=40 (i32.const 0)) (memory.size)))))"},
    {"bulk_memory", R"((module (memory 1)
      (data $d "hello, gas")
      (func (export "run") (result i32)
        (memory.fill (i32.const 100) (i32.const 7) (i32.const 1000))
        (memory.copy (i32.const 2000) (i32.const 100) (i32.const 500))
        (memory.init $d (i32.const 3000) (i32.const 0) (i32.const 10))
        (data.drop $d)
        (i32.add (i32.load8_u (i32.const 2499)) (i32.load8_u (i32.const 3001))))))"},
    {"bulk_table", R"((module
      (table $t 2 10 funcref)
      (elem $e func $f $f $f)
      (func $f (result i32) (i32.const 9))
      (func (export "run") (result i32)
        (drop (table.grow $t (ref.null func) (i32.const 4)))
        (table.fill $t (i32.const 0) (ref.func $f) (i32.const 2))
        (table.init $t $e (i32.const 2) (i32.const 0) (i32.const 3))
        (table.copy $t $t (i32.const 3) (i32.const 0) (i32.const 2))
        (elem.drop $e)
        (i32.add (table.size $t) (call_indirect (result i32) (i32.const 4))))))"},
    {"if_else_params", R"((module
      (func (export "run") (result i32) (local i32 i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1)
            (i32.const 3) (local.get 0)
            (if (param i32 i32) (result i32) (i32.and (local.get 0) (i32.const 1))
              (then (i32.add))
              (else (i32.sub)))))
          (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                              (i32.const 7))))
        (local.get 1))))"},
    {"floats", R"((module
      (func (export "run") (result i64)
        (i64.add
          (i64.reinterpret_f64 (f64.sqrt (f64.div (f64.const 2) (f64.const 0.5))))
          (i64.extend_i32_u (i32.reinterpret_f32
            (f32.add (f32.const nan) (f32.convert_i32_s (i32.const -3)))))))))"},
    {"globals_select", R"((module (global $g (mut i64) (i64.const 1))
      (func (export "run") (result i64) (local i32)
        (loop $l
          (global.set $g (select (i64.mul (global.get $g) (i64.const 3))
                                 (i64.add (global.get $g) (i64.const 1))
                                 (i32.and (local.get 0) (i32.const 1))))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                            (i32.const 10))))
        (global.get $g))))"},
    {"nested_breaks", R"((module
      (func $f (param i32) (result i32)
        (block $out (result i32)
          (block $mid
            (block $in
              (br_if $in (i32.eqz (local.get 0)))
              (br_if $out (i32.const 11) (i32.eq (local.get 0) (i32.const 1)))
              (br $mid))
            (return (i32.const 22)))
          (br 1 (i32.const 33))))
      (func (export "run") (result i32)
        (i32.add (call $f (i32.const 0))
          (i32.add (call $f (i32.const 1)) (call $f (i32.const 2)))))))"},
    {"many_locals", R"((module
      (func $g (param i32) (result i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i32)
        (local.set 9 (local.get 0)) (local.get 9))
      (func (export "run") (result i32) (local i32 i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (call $g (local.get 0))))
          (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                              (i32.const 20))))
        (local.get 1))))"},
    {"trap_unreachable",
     R"((module (func (export "run") (result i32) (local i32)
      (loop $l
        (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                            (i32.const 30))))
      (drop (i32.add (local.get 0) (i32.const 1)))
      unreachable)))"},
    {"trap_div_zero", R"((module (func (export "run") (result i32)
      (i32.add (i32.const 1)
        (i32.div_s (i32.const 5) (i32.sub (i32.const 3) (i32.const 3)))))))"},
    {"trap_oob", R"((module (memory 1) (func (export "run") (local i32)
      (loop $l
        (drop (i32.load (local.get 0)))
        (local.set 0 (i32.add (local.get 0) (i32.const 4096)))
        (br $l)))))"},
    {"trap_indirect", R"((module (table 2 funcref) (elem (i32.const 0) $f)
      (func $f (result i64) (i64.const 1))
      (func (export "run") (result i32)
        (call_indirect (result i32) (i32.const 0)))))"},
    {"trap_recursion", R"((module
      (func $r (param i32) (result i32)
        (i32.add (call $r (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
      (func (export "run") (result i32) (call $r (i32.const 0)))))"},
    {"trap_bulk_oob", R"((module (memory 1)
      (func (export "run")
        (memory.fill (i32.const 65000) (i32.const 1) (i32.const 1000)))))"},
};

constexpr uint64_t kPlenty = 1'000'000'000;

CallResult RunIn(const Program& p, GasMode mode, uint64_t limit) {
  MeteredVm vm(p.wat, mode);
  if (!vm.ok()) return CallResult{};
  return vm.Run("run", limit);
}

class GasModesTest : public ::testing::TestWithParam<Program> {};

TEST_P(GasModesTest, ModesAgree) {
  const Program& p = GetParam();
  const CallResult reference = RunIn(p, GasMode::kPerInstruction, kPlenty);
  const CallResult block = RunIn(p, GasMode::kPerBlock, kPlenty);
  ASSERT_EQ(reference.trap.has_value(), block.trap.has_value());
  if (!reference.trap) {
    EXPECT_EQ(reference.results, block.results);
    EXPECT_EQ(reference.gas_used, block.gas_used);
    EXPECT_GT(reference.gas_used, 0u);
  } else {
    EXPECT_EQ(reference.trap->kind, block.trap->kind);
    EXPECT_NE(reference.trap->kind, TrapKind::kOutOfGas);
    EXPECT_LE(reference.gas_used, block.gas_used);
  }
  // Any limit below what the reference used runs out in both modes.
  const uint64_t used = reference.gas_used;
  for (uint64_t limit :
       {used - 1, used / 2, used / 7, uint64_t{1}, uint64_t{0}}) {
    if (limit >= used) continue;
    for (GasMode mode : {GasMode::kPerInstruction, GasMode::kPerBlock}) {
      const CallResult r = RunIn(p, mode, limit);
      ASSERT_TRUE(r.trap.has_value()) << GasModeName(mode) << " " << limit;
      EXPECT_EQ(r.trap->kind, TrapKind::kOutOfGas)
          << GasModeName(mode) << " limit " << limit;
      EXPECT_EQ(r.gas_used, limit);
    }
  }
  // Exactly enough completes in both.
  if (!reference.trap) {
    for (GasMode mode : {GasMode::kPerInstruction, GasMode::kPerBlock}) {
      const CallResult r = RunIn(p, mode, used);
      EXPECT_FALSE(r.trap.has_value()) << GasModeName(mode);
      EXPECT_EQ(r.gas_used, used);
    }
  }
}

// The modes really differ: the per-block meter charges a whole block up
// front, so a trap halfway through a block leaves the two totals apart.
TEST(GasModesDifferTest, PerBlockChargesAheadOfATrap) {
  const Program& p = kPrograms[14];
  ASSERT_EQ(std::string_view(p.name), "trap_div_zero");
  const CallResult reference = RunIn(p, GasMode::kPerInstruction, kPlenty);
  const CallResult block = RunIn(p, GasMode::kPerBlock, kPlenty);
  EXPECT_LT(reference.gas_used, block.gas_used);
}

INSTANTIATE_TEST_SUITE_P(Programs, GasModesTest, ::testing::ValuesIn(kPrograms),
                         [](const auto& test_info) {
                           return std::string(test_info.param.name);
                         });

}  // namespace
}  // namespace dytallix::testing
