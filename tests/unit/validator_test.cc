// Module-level rules and the FunctionInfo the validator hands the compiler.
#include "validator/validator.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/validator_util.h"

namespace dytallix::testing {
namespace {

using internal::ExternKind;
using internal::Instr;
using internal::Module;
using internal::Opcode;
using internal::Profile;
using internal::Validate;
using internal::ValType;
using ::testing::ElementsAre;

// A module with one type [] -> [] and one function whose body is `code`
// (which must end with its own `end`): for what the text format cannot say.
Module OneFunction(std::vector<Instr> code) {
  Module m;
  m.types.push_back({});
  m.functions.emplace_back();
  m.functions.back().code = std::move(code);
  return m;
}

TEST(ValidatorTest, AcceptsAnEmptyModule) {
  EXPECT_THAT(ValidateWat("(module)"), IsOk());
}

TEST(ValidatorTest, RejectsUnknownFunctionType) {
  Module m = OneFunction({Instr{Opcode::kEnd}});
  m.functions[0].type_index = 3;
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("unknown type 3"));
}

TEST(ValidatorTest, RejectsInstructionsAfterTheFinalEnd) {
  Module m = OneFunction({Instr{Opcode::kEnd}, Instr{Opcode::kNop}});
  EXPECT_THAT(Validate(m, Profile::Spec()),
              Invalid("instructions after the final end"));
}

TEST(ValidatorTest, RejectsABodyThatNeverCloses) {
  Module m = OneFunction({Instr{Opcode::kBlock}, Instr{Opcode::kEnd}});
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("must end with end"));
}

TEST(ValidatorTest, TypedSelectTakesExactlyOneType) {
  Instr select(Opcode::kSelectT);
  select.set_select_types(2, ValType::kI32);
  Module m = OneFunction({select, Instr{Opcode::kEnd}});
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("invalid result arity"));
}

TEST(ValidatorTest, TableLimitsNeedMinAtMostMax) {
  EXPECT_THAT(ValidateWat("(module (table 2 1 funcref))"),
              Invalid("size minimum must not be greater than maximum"));
  EXPECT_THAT(ValidateWat("(module (table 1 2 funcref))"), IsOk());
}

TEST(ValidatorTest, MemoryLimitsStayWithin4GiB) {
  EXPECT_THAT(ValidateWat("(module (memory 2 1))"),
              Invalid("size minimum must not be greater than maximum"));
  EXPECT_THAT(ValidateWat("(module (memory 0 65537))"),
              Invalid("at most 65536 pages"));
  EXPECT_THAT(ValidateWat("(module (memory 0 65536))"), IsOk());
}

TEST(ValidatorTest, AtMostOneMemory) {
  Module m;
  m.memories.resize(2);
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("multiple memories"));
}

TEST(ValidatorTest, GlobalInitializersAreConstant) {
  EXPECT_THAT(ValidateWat(R"((module
    (import "m" "g" (global i32))
    (global i32 (global.get 0))
    (global funcref (ref.null func))
    (global f64 (f64.const 1.5))))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.add (i32.const 1) "
                          "(i32.const 2))))"),
              Invalid("constant expression required"));
  EXPECT_THAT(ValidateWat("(module (global i32 (i64.const 0)))"),
              Invalid("expected i32, found i64"));
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.const 0) (i32.const "
                          "0)))"),
              Invalid("found 2"));
}

TEST(ValidatorTest, GlobalGetInConstantsReadsOnlyImportedImmutables) {
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.const 0)) (global i32 "
                          "(global.get 0)))"),
              Invalid("unknown global 0"));
  EXPECT_THAT(ValidateWat("(module (import \"m\" \"g\" (global (mut i32))) "
                          "(global i32 (global.get 0)))"),
              Invalid("global 0 is mutable"));
}

TEST(ValidatorTest, SegmentOffsetsReadOnlyImportedGlobals) {
  EXPECT_THAT(ValidateWat(R"((module (import "m" "g" (global i32))
    (table 1 funcref) (memory 1) (func $f)
    (elem (global.get 0) $f) (data (global.get 0) "x")))"),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.const 0)) (table 1 "
                          "funcref) (func $f) (elem (global.get 0) $f))"),
              Invalid("unknown global 0"));
  EXPECT_THAT(ValidateWat("(module (global i32 (i32.const 0)) (memory 1) "
                          "(data (global.get 0) \"x\"))"),
              Invalid("unknown global 0"));
}

TEST(ValidatorTest, ElementSegmentsMatchTheirTable) {
  EXPECT_THAT(
      ValidateWat("(module (table 1 funcref) (func $f) (elem (i32.const "
                  "0) $f))"),
      IsOk());
  EXPECT_THAT(ValidateWat("(module (table 1 externref) (func $f) (elem "
                          "(i32.const 0) $f))"),
              Invalid("segment of funcref for a table of externref"));
  EXPECT_THAT(ValidateWat("(module (table 1 funcref) (func $f) (elem "
                          "(i64.const 0) $f))"),
              Invalid("expected i32, found i64"));
  EXPECT_THAT(ValidateWat("(module (func $f) (elem (i32.const 0) $f))"),
              Invalid("unknown table 0"));
  EXPECT_THAT(ValidateWat("(module (elem funcref (item (ref.null "
                          "extern))))"),
              Invalid("expected funcref, found externref"));
}

TEST(ValidatorTest, DataSegmentsNeedAMemoryAndAnI32Offset) {
  EXPECT_THAT(ValidateWat("(module (data (i32.const 0) \"x\"))"),
              Invalid("unknown memory 0"));
  EXPECT_THAT(ValidateWat("(module (memory 1) (data (i64.const 0) \"x\"))"),
              Invalid("expected i32, found i64"));
  EXPECT_THAT(ValidateWat("(module (data \"passive needs no memory\"))"),
              IsOk());
}

TEST(ValidatorTest, StartFunctionTakesAndReturnsNothing) {
  EXPECT_THAT(ValidateWat("(module (func $s) (start $s))"), IsOk());
  EXPECT_THAT(ValidateWat("(module (func $s (param i32)) (start $s))"),
              Invalid("start function must have type [] -> []"));
  Module m;
  m.start = 0;
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("unknown function"));
}

TEST(ValidatorTest, ExportNamesAreUniqueAndIndicesExist) {
  EXPECT_THAT(ValidateWat("(module (func (export \"a\")) (func (export "
                          "\"a\")))"),
              Invalid("duplicate export name 'a'"));
  Module m;
  m.exports.emplace_back();
  m.exports[0].kind = ExternKind::kTable;
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("unknown table 0"));
}

TEST(ValidatorTest, ImportedFunctionTypesExist) {
  Module m;
  m.imports.emplace_back();
  m.imports[0].kind = ExternKind::kFunction;
  m.imports[0].type_index = 7;
  m.imported_functions.push_back(0);
  EXPECT_THAT(Validate(m, Profile::Spec()), Invalid("unknown type 7"));
}

TEST(ValidatorTest, PartnersLinkBlocksToTheirEnds) {
  // 0 block, 1 loop, 2 end, 3 i32.const, 4 if, 5 nop, 6 else, 7 nop, 8 end,
  // 9 end, 10 i32.const, 11 if, 12 end, 13 end (the function's)
  absl::StatusOr<internal::ModuleInfo> info = ValidateWat(R"((module (func
    block loop end i32.const 1 if nop else nop end end
    i32.const 1 if end)))");
  ASSERT_THAT(info, IsOk());
  EXPECT_THAT(info->functions[0].partner,
              ElementsAre(9, 2, 0, 0, 6, 0, 8, 0, 0, 0, 0, 12, 0, 0));
}

TEST(ValidatorTest, MaxStackHeightCountsOperandSlots) {
  absl::StatusOr<internal::ModuleInfo> info = ValidateWat(R"((module
    (func (param i32 i32) (result i32)
      (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 3))))
    (func)))");
  ASSERT_THAT(info, IsOk());
  ASSERT_EQ(info->functions.size(), 2u);
  EXPECT_EQ(info->functions[0].max_stack_height, 3u);
  EXPECT_EQ(info->functions[1].max_stack_height, 0u);
}

}  // namespace
}  // namespace dytallix::testing
