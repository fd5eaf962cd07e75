// Profile limits and feature policy: each limit passes at its value and fails
// one past it, with the limit's name in the message.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/validator_util.h"

namespace dytallix::testing {
namespace {

using internal::Module;
using internal::Profile;
using internal::Validate;
using internal::ValType;
using ::testing::HasSubstr;

// Validates `wat` with `field` set to `at` (must pass) and to `at - 1` (must
// fail naming the field).
void ExpectLimit(const std::string& wat, uint32_t Profile::*field,
                 const std::string& name, uint32_t at) {
  Profile profile = Profile::Spec();
  profile.*field = at;
  EXPECT_THAT(ValidateWat(wat, profile), IsOk()) << name << " = " << at;
  profile.*field = at - 1;
  EXPECT_THAT(ValidateWat(wat, profile), LimitHit(name))
      << name << " = " << at - 1;
}

TEST(ValidatorProfileTest, ModuleBytes) {
  std::vector<uint8_t> bytes = Wasm("(module (func))");
  absl::StatusOr<Module> module = internal::Decode(bytes);
  ASSERT_THAT(module, IsOk());
  Profile profile = Profile::Spec();
  profile.max_module_bytes = bytes.size();
  EXPECT_THAT(Validate(*module, profile), IsOk());
  profile.max_module_bytes = bytes.size() - 1;
  EXPECT_THAT(Validate(*module, profile), LimitHit("max_module_bytes"));
}

TEST(ValidatorProfileTest, FunctionsCountImportsAndDefinitions) {
  ExpectLimit("(module (import \"m\" \"f\" (func)) (func) (func))",
              &Profile::max_functions, "max_functions", 3);
}

TEST(ValidatorProfileTest, Imports) {
  ExpectLimit(
      "(module (import \"m\" \"f\" (func)) (import \"m\" \"g\" "
      "(global i32)))",
      &Profile::max_imports, "max_imports", 2);
}

TEST(ValidatorProfileTest, Exports) {
  ExpectLimit("(module (func (export \"a\") (export \"b\")))",
              &Profile::max_exports, "max_exports", 2);
}

TEST(ValidatorProfileTest, GlobalsCountImportsAndDefinitions) {
  ExpectLimit(
      "(module (import \"m\" \"g\" (global i32)) (global i32 "
      "(i32.const 0)))",
      &Profile::max_globals, "max_globals", 2);
}

TEST(ValidatorProfileTest, LocalsCountParamsAndLocals) {
  ExpectLimit("(module (func (param i32) (local i64 i64)))",
              &Profile::max_locals, "max_locals", 3);
}

TEST(ValidatorProfileTest, LimitMessagesNameThePlaceTheValueAndTheLimit) {
  Profile profile = Profile::Spec();
  profile.max_locals = 2;
  EXPECT_THAT(ValidateWat("(module (func) (func (param i32) (local i64 i64)))",
                          profile),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::MatchesRegex(
                           "limit: max_locals: function 1 at offset 0x[0-9a-f]+"
                           ": 3 params and locals, limit 2")));
  profile = Profile::Spec();
  profile.max_exports = 1;
  EXPECT_THAT(
      ValidateWat("(module (func (export \"a\") (export \"b\")))", profile),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "limit: max_exports: module has 2 exports, limit 1"));
}

TEST(ValidatorProfileTest, Tables) {
  ExpectLimit(
      "(module (import \"m\" \"t\" (table 0 funcref)) (table 0 "
      "externref))",
      &Profile::max_tables, "max_tables", 2);
}

TEST(ValidatorProfileTest, TableInitialElements) {
  ExpectLimit("(module (table 10 funcref))", &Profile::max_table_elements,
              "max_table_elements", 10);
  ExpectLimit("(module (import \"m\" \"t\" (table 7 funcref)))",
              &Profile::max_table_elements, "max_table_elements", 7);
}

TEST(ValidatorProfileTest, BrTableTargetsIncludeTheDefault) {
  ExpectLimit(
      "(module (func (block (block (br_table 0 1 0 (i32.const "
      "0))))))",
      &Profile::max_br_table_targets, "max_br_table_targets", 3);
}

TEST(ValidatorProfileTest, MemoryInitialPages) {
  ExpectLimit("(module (memory 5))", &Profile::max_memory_pages,
              "max_memory_pages", 5);
  ExpectLimit("(module (import \"m\" \"mem\" (memory 4)))",
              &Profile::max_memory_pages, "max_memory_pages", 4);
}

TEST(ValidatorProfileTest, ContractMemoryMessageNamesValueAndLimit) {
  EXPECT_THAT(ValidateWat("(module (memory 256))", Profile::Contract()),
              IsOk());
  // A larger or absent maximum is fine: it acts as the limit at run time.
  EXPECT_THAT(ValidateWat("(module (memory 1 1000))", Profile::Contract()),
              IsOk());
  EXPECT_THAT(ValidateWat("(module (memory 300))", Profile::Contract()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "limit: max_memory_pages: memory 0 declares 300 "
                       "initial pages, limit 256"));
}

TEST(ValidatorProfileTest, FloatsOffRejectsEveryFloatTypeAndInstruction) {
  Profile no_floats = Profile::Contract();
  no_floats.allow_floats = false;
  EXPECT_THAT(ValidateWat("(module (func (param i64) (result i32) "
                          "(i32.wrap_i64 (local.get 0))))",
                          no_floats),
              IsOk());
  for (const char* wat : {
           "(module (type (func (param f32))))",
           "(module (import \"m\" \"g\" (global f64)))",
           "(module (global f32 (f32.const 0)))",
           "(module (func (local f64)))",
           "(module (func (drop (f32.const 1))))",
           R"((module (memory 1)
                (func (drop (i32.reinterpret_f32 (f32.load (i32.const 0)))))))",
           "(module (func (block (result f64) (unreachable)) (drop)))",
           "(module (func (select (result f32) (unreachable)) (drop)))",
           "(module (global i32 (f32.const 0)))",
       }) {
    EXPECT_THAT(ValidateWat(wat, no_floats), LimitHit("allow_floats")) << wat;
    EXPECT_THAT(ValidateWat(wat, Profile::Contract()),
                ::testing::Not(LimitHit("allow_floats")))
        << wat;
  }
}

TEST(ValidatorProfileTest, FloatInstructionMessageNamesTheInstruction) {
  Profile no_floats = Profile::Contract();
  no_floats.allow_floats = false;
  EXPECT_THAT(
      ValidateWat("(module (func (drop (f64.const 1))))", no_floats),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("f64.const")));
}

TEST(ValidatorProfileTest, V128IsRejectedWhateverTheProfile) {
  Module m;
  m.types.push_back({{ValType::kV128}, {}});
  for (const Profile& profile : {Profile::Spec(), Profile::Contract()}) {
    EXPECT_THAT(Validate(m, profile),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("unsupported: SIMD (value type v128)")));
  }
}

}  // namespace
}  // namespace dytallix::testing
