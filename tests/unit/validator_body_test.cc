// Function-body rules: the operand/control stack algorithm and every
// instruction family the checker types by hand.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/validator_util.h"

namespace dytallix::testing {
namespace {

TEST(ValidatorBodyTest, AcceptsStructuredControlWithMultiValueBlocks) {
  EXPECT_THAT(ValidateWat(R"((module
    (type $pair (func (param i32) (result i32 i32)))
    (func (param i32) (result i32)
      (local.get 0)
      (block (type $pair) (i32.const 2))
      (i32.add)
      (loop (param i32) (result i32)
        (if (param i32) (result i32) (local.get 0)
          (then (i32.const 1) (i32.add))
          (else (i32.const 2) (i32.sub)))))))"),
              IsOk());
}

TEST(ValidatorBodyTest, RejectsOperandOfWrongType) {
  EXPECT_THAT(ValidateWat("(module (func (result i32) (i64.const 0)))"),
              Invalid("type mismatch: expected i32, found i64"));
}

TEST(ValidatorBodyTest, ErrorNamesFunctionIndexAndOffset) {
  EXPECT_THAT(ValidateWat(R"((module
    (import "m" "f" (func))
    (func (drop (i32.add (i32.const 1) (i64.const 2))))))"),
              Invalid("function 1 at offset 0x"));
}

TEST(ValidatorBodyTest, MessageHasTheShapeValidatorHPromises) {
  // The i64 is found when `end` (byte 0x1a of this binary) pops the result.
  EXPECT_THAT(ValidateWat("(module (func (result i32) (i64.const 0)))"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "invalid: function 0 at offset 0x1a: type mismatch: "
                       "expected i32, found i64"));
}

TEST(ValidatorBodyTest, RejectsPopFromEmptyStack) {
  EXPECT_THAT(ValidateWat("(module (func (drop (i32.eqz))))"),
              Invalid("expected i32, found nothing"));
}

TEST(ValidatorBodyTest, RejectsValuesLeftAtEndOfBlock) {
  EXPECT_THAT(ValidateWat("(module (func (i32.const 1)))"),
              Invalid("1 values left at the end of the block"));
  EXPECT_THAT(ValidateWat("(module (func (block (i32.const 1))))"),
              Invalid("values left"));
}

TEST(ValidatorBodyTest, StackIsPolymorphicAfterUnconditionalBranches) {
  EXPECT_THAT(
      ValidateWat("(module (func (result i32) (unreachable) (i32.add)))"),
      IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result i32) (return (i32.const 1)) "
                          "(i64.const 0) (drop)))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result i32) (block (br 0)) "
                          "(unreachable) (select)))"),
              IsOk());
  // Known operands under the polymorphic base still have to match.
  EXPECT_THAT(ValidateWat("(module (func (result i32) (unreachable) "
                          "(i64.const 0) (i32.add)))"),
              Invalid("type mismatch"));
}

TEST(ValidatorBodyTest, IfWithoutElseMustPassItsParamsThrough) {
  EXPECT_THAT(ValidateWat("(module (func (result i32) (i32.const 1) "
                          "(if (result i32) (then (i32.const 2)))))"),
              Invalid("if without else"));
  EXPECT_THAT(ValidateWat("(module (func (result i32) (i32.const 5) "
                          "(i32.const 1) (if (param i32) (result i32) "
                          "(then))))"),
              IsOk());
}

TEST(ValidatorBodyTest, IfNeedsAnI32Condition) {
  EXPECT_THAT(ValidateWat("(module (func (i64.const 1) (if (then))))"),
              Invalid("expected i32, found i64"));
}

TEST(ValidatorBodyTest, BranchesCheckLabelTypes) {
  EXPECT_THAT(ValidateWat("(module (func (result i32) (block (result i32) "
                          "(br 0 (i64.const 1)))))"),
              Invalid("type mismatch"));
  // A loop's label takes its params, not its results.
  EXPECT_THAT(ValidateWat("(module (func (result i32) (i32.const 0) "
                          "(loop (param i32) (result i32) (br 0))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (br 1)))"),
              Invalid("unknown label 1"));
}

TEST(ValidatorBodyTest, BrIfLeavesTheLabelTypesOnTheStack) {
  EXPECT_THAT(ValidateWat("(module (func (result i32) (block (result i32) "
                          "(br_if 0 (i32.const 1) (i32.const 0)))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result i32) (block (result i32) "
                          "(br_if 0 (i32.const 1)))))"),
              Invalid("type mismatch"));
}

TEST(ValidatorBodyTest, BrTableChecksEveryTargetIncludingDefault) {
  EXPECT_THAT(ValidateWat(R"((module (func (param i32) (result i32)
    (block (result i32) (block (result i32)
      (br_table 0 1 (i32.const 7) (local.get 0)))))))"),
              IsOk());
  // Arity differs between a target and the default.
  EXPECT_THAT(ValidateWat(R"((module (func (param i32) (result i32)
    (block (result i32) (block
      (br_table 0 1 (i32.const 7) (local.get 0))) (i32.const 0)))))"),
              Invalid("br_table target"));
  // Same arity, but a non-default target wants i64.
  EXPECT_THAT(ValidateWat(R"((module (func (param i32) (result i32)
    (block (result i32) (drop (block (result i64)
      (br_table 0 1 (i32.const 7) (local.get 0)))) (i32.const 0)))))"),
              Invalid("expected i64, found i32"));
  // The default target alone is checked too.
  EXPECT_THAT(ValidateWat(R"((module (func (param i32) (result i32)
    (block (result i64) (br_table 0 (i32.const 7) (local.get 0))) (drop)
    (i32.const 0))))"),
              Invalid("expected i64, found i32"));
}

TEST(ValidatorBodyTest, ReturnChecksFunctionResults) {
  EXPECT_THAT(ValidateWat("(module (func (result i64) (return (i32.const "
                          "1))))"),
              Invalid("expected i64, found i32"));
}

TEST(ValidatorBodyTest, CallChecksIndexAndArguments) {
  EXPECT_THAT(ValidateWat("(module (func (call 3)))"),
              Invalid("unknown function 3"));
  EXPECT_THAT(ValidateWat("(module (func $f (param i64)) "
                          "(func (call $f (i32.const 0))))"),
              Invalid("expected i64, found i32"));
  EXPECT_THAT(ValidateWat("(module (func $f (param i64) (result f32) "
                          "(f32.const 0)) (func (result f32) (call $f "
                          "(i64.const 0))))"),
              IsOk());
}

TEST(ValidatorBodyTest, CallIndirectNeedsAFuncrefTableAndAType) {
  EXPECT_THAT(ValidateWat("(module (type (func)) (func (call_indirect (type "
                          "0) (i32.const 0))))"),
              Invalid("unknown table 0"));
  EXPECT_THAT(ValidateWat("(module (type (func)) (table 1 externref) (func "
                          "(call_indirect (type 0) (i32.const 0))))"),
              Invalid("call_indirect through table 0 of externref"));
  EXPECT_THAT(ValidateWat("(module (type (func (param i32))) (table 1 "
                          "funcref) (func (call_indirect (type 0) "
                          "(i32.const 5) (i32.const 0))))"),
              IsOk());
}

TEST(ValidatorBodyTest, UntypedSelectTakesOnlyNumbers) {
  EXPECT_THAT(ValidateWat("(module (func (result i64) (select (i64.const 1) "
                          "(i64.const 2) (i32.const 0))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result externref) (select "
                          "(ref.null extern) (ref.null extern) (i32.const "
                          "0))))"),
              Invalid("numeric operands"));
  EXPECT_THAT(ValidateWat("(module (func (result i64) (select (i32.const 1) "
                          "(i64.const 2) (i32.const 0))))"),
              Invalid("type mismatch"));
}

TEST(ValidatorBodyTest, TypedSelectTakesItsType) {
  EXPECT_THAT(ValidateWat("(module (func (result externref) (select (result "
                          "externref) (ref.null extern) (ref.null extern) "
                          "(i32.const 0))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result funcref) (select (result "
                          "funcref) (ref.null extern) (ref.null func) "
                          "(i32.const 0))))"),
              Invalid("expected funcref, found externref"));
}

TEST(ValidatorBodyTest, LocalsAreTypedByParamsThenDeclarations) {
  EXPECT_THAT(ValidateWat("(module (func (param i32) (local i64) "
                          "(local.set 1 (i64.const 0)) (local.set 0 "
                          "(i32.const 0))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (param i32) (local i64) "
                          "(local.set 1 (i32.const 0))))"),
              Invalid("expected i64, found i32"));
  EXPECT_THAT(ValidateWat("(module (func (local i32) (drop (local.get 1))))"),
              Invalid("unknown local 1"));
}

TEST(ValidatorBodyTest, GlobalSetNeedsAMutableGlobal) {
  EXPECT_THAT(ValidateWat("(module (global (mut i32) (i32.const 0)) "
                          "(func (global.set 0 (i32.const 1))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.const 0)) "
                          "(func (global.set 0 (i32.const 1))))"),
              Invalid("global is immutable"));
  EXPECT_THAT(ValidateWat("(module (func (drop (global.get 0))))"),
              Invalid("unknown global 0"));
}

TEST(ValidatorBodyTest, TableOpsUseTheElementType) {
  EXPECT_THAT(ValidateWat(R"((module (table $t 1 externref)
    (func (param externref)
      (table.set $t (i32.const 0) (local.get 0))
      (drop (table.grow $t (table.get $t (i32.const 0)) (i32.const 1)))
      (table.fill $t (i32.const 0) (ref.null extern) (i32.const 1))
      (drop (table.size $t)))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (table 1 externref) (func (table.set 0 "
                          "(i32.const 0) (ref.null func))))"),
              Invalid("expected externref, found funcref"));
  EXPECT_THAT(ValidateWat("(module (func (drop (table.size 0))))"),
              Invalid("unknown table 0"));
}

TEST(ValidatorBodyTest, TableCopyAndInitNeedMatchingElementTypes) {
  EXPECT_THAT(ValidateWat("(module (table 1 funcref) (table 1 externref) "
                          "(func (table.copy 0 1 (i32.const 0) (i32.const 0) "
                          "(i32.const 0))))"),
              Invalid("table.copy of externref into a table of funcref"));
  EXPECT_THAT(ValidateWat("(module (table 1 externref) (elem funcref) "
                          "(func (table.init 0 0 (i32.const 0) (i32.const 0) "
                          "(i32.const 0))))"),
              Invalid("table.init of funcref"));
  EXPECT_THAT(ValidateWat("(module (table 1 funcref) (elem funcref) "
                          "(func (table.init 0 0 (i32.const 0) (i32.const 0) "
                          "(i32.const 0)) (elem.drop 0)))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (elem.drop 0)))"),
              Invalid("unknown elem segment 0"));
}

TEST(ValidatorBodyTest, MemoryOpsNeedAMemory) {
  EXPECT_THAT(ValidateWat("(module (func (drop (i32.load (i32.const 0)))))"),
              Invalid("unknown memory 0"));
  EXPECT_THAT(ValidateWat("(module (func (drop (memory.size))))"),
              Invalid("unknown memory 0"));
  EXPECT_THAT(ValidateWat("(module (func (memory.fill (i32.const 0) "
                          "(i32.const 0) (i32.const 0))))"),
              Invalid("unknown memory 0"));
}

TEST(ValidatorBodyTest, AlignmentMayNotExceedTheAccessWidth) {
  EXPECT_THAT(ValidateWat("(module (memory 1) (func (drop (i64.load align=8 "
                          "(i32.const 0))) (drop (i32.load16_u align=2 "
                          "(i32.const 0)))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (memory 1) (func (drop (i32.load "
                          "align=8 (i32.const 0)))))"),
              Invalid("alignment must not be larger than natural"));
  EXPECT_THAT(ValidateWat("(module (memory 1) (func (i64.store8 align=2 "
                          "(i32.const 0) (i64.const 0))))"),
              Invalid("alignment"));
}

TEST(ValidatorBodyTest, DataSegmentInstructionsCheckTheDataCount) {
  EXPECT_THAT(ValidateWat("(module (memory 1) (data \"x\") (func "
                          "(memory.init 0 (i32.const 0) (i32.const 0) "
                          "(i32.const 1)) (data.drop 0)))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (memory 1) (data \"x\") (func (data.drop "
                          "1)))"),
              Invalid("unknown data segment 1"));
}

TEST(ValidatorBodyTest, RefFuncNeedsADeclaredFunction) {
  EXPECT_THAT(ValidateWat("(module (func $f) (func (drop (ref.func $f))))"),
              Invalid("undeclared function reference 0"));
  EXPECT_THAT(ValidateWat("(module (func $f) (elem declare func $f) "
                          "(func (drop (ref.func $f))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func $f (export \"f\")) "
                          "(func (drop (ref.func $f))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func $f) (global funcref (ref.func $f)) "
                          "(func (drop (ref.func $f))))"),
              IsOk());
}

TEST(ValidatorBodyTest, RefIsNullTakesAReference) {
  EXPECT_THAT(ValidateWat("(module (func (result i32) (ref.is_null "
                          "(ref.null func))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (func (result i32) (ref.is_null "
                          "(i32.const 0))))"),
              Invalid("ref.is_null of i32"));
}

}  // namespace
}  // namespace dytallix::testing
