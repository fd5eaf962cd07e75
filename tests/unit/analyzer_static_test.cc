// The built-in static analysis: each finding family with its place, the
// score formula, truncation and determinism.
#include <string>
#include <vector>

#include "analyzer/analyzer.h"
#include "analyzer/static_analysis.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/analyzer_util.h"
#include "vm/engine.h"

namespace dytallix::testing {
namespace {

using internal::Finding;
using internal::Opcode;
using internal::Profile;
using internal::Severity;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<Finding> Findings(std::string_view wat,
                              const Profile& profile = Profile::Contract()) {
  return internal::StaticFindings(ValidModule(wat, profile), profile);
}

Finding Make(Severity severity, std::string code) {
  return {.severity = severity,
          .code = std::move(code),
          .message = "m",
          .place = std::nullopt};
}

TEST(AnalyzerStaticTest, CleanModuleHasNoFindingsAndScores100) {
  constexpr std::string_view kWat = R"(
    (module
      (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
      (memory (export "memory") 1)
      (func (export "run") (param i32)
        (call $set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))))
  )";
  const internal::Module module = ValidModule(kWat);
  EXPECT_THAT(internal::StaticFindings(module, Profile::Contract()), IsEmpty());
  EXPECT_EQ(internal::StaticVerdict(module, Profile::Contract()).score, 100);
}

TEST(AnalyzerStaticTest, CallContractAndConsumeGasCallSites) {
  constexpr std::string_view kWat = R"(
    (module
      (import "env" "consume_gas" (func $gas (param i64)))
      (import "env" "call_contract"
        (func $cc (param i32 i32 i32 i64) (result i32)))
      (memory (export "memory") 1)
      (func (export "run")
        (call $gas (i64.const 5))
        (drop (call $cc (i32.const 0) (i32.const 0) (i32.const 0)
                        (i64.const 9)))
        (drop (call $cc (i32.const 0) (i32.const 0) (i32.const 0)
                        (i64.const 9)))))
  )";
  const internal::Module module = ValidModule(kWat);
  const std::vector<Finding> all =
      internal::StaticFindings(module, Profile::Contract());
  EXPECT_THAT(WithCode(all, "consumes-gas"),
              ElementsAre(AllOf(
                  Field(&Finding::severity, Severity::kLow),
                  Field(&Finding::place, PlaceOf(module, 2, Opcode::kCall)))));
  EXPECT_THAT(
      WithCode(all, "calls-contract"),
      ElementsAre(
          AllOf(Field(&Finding::severity, Severity::kMedium),
                Field(&Finding::place, PlaceOf(module, 2, Opcode::kCall, 1))),
          Field(&Finding::place, PlaceOf(module, 2, Opcode::kCall, 2))));
  EXPECT_THAT(all, SizeIs(3));
}

TEST(AnalyzerStaticTest, ImportsFromOtherModulesAreNotHostCalls) {
  EXPECT_THAT(Findings(R"(
    (module
      (import "other" "call_contract"
        (func $cc (param i32 i32 i32 i64) (result i32)))
      (func (drop (call $cc (i32.const 0) (i32.const 0) (i32.const 0)
                            (i64.const 0)))))
  )"),
              IsEmpty());
}

TEST(AnalyzerStaticTest, MemoryGrowInsideALoopOnly) {
  constexpr std::string_view kWat = R"(
    (module
      (memory 1)
      (func (param i32)
        (drop (memory.grow (i32.const 1)))
        (loop $l
          (block
            (drop (memory.grow (i32.const 1))))
          (br_if $l (local.get 0)))))
  )";
  const internal::Module module = ValidModule(kWat);
  EXPECT_THAT(
      WithCode(internal::StaticFindings(module, Profile::Contract()),
               "grow-in-loop"),
      ElementsAre(AllOf(
          Field(&Finding::severity, Severity::kMedium),
          Field(&Finding::place, PlaceOf(module, 0, Opcode::kMemoryGrow, 1)))));
}

TEST(AnalyzerStaticTest, IndirectCalls) {
  constexpr std::string_view kWat = R"(
    (module
      (type $t (func))
      (table 1 funcref)
      (func $f (call_indirect (type $t) (i32.const 0))))
  )";
  const internal::Module module = ValidModule(kWat);
  EXPECT_THAT(
      internal::StaticFindings(module, Profile::Contract()),
      ElementsAre(AllOf(
          Field(&Finding::code, "indirect-call"),
          Field(&Finding::place, PlaceOf(module, 0, Opcode::kCallIndirect)))));
}

TEST(AnalyzerStaticTest, UnboundedLoopIsFlaggedAtTheLoop) {
  constexpr std::string_view kWat = R"(
    (module
      (func (local i32)
        (loop $l
          (local.set 0 (i32.add (local.get 0) (i32.const 1)))
          (br $l))))
  )";
  const internal::Module module = ValidModule(kWat);
  const std::vector<Finding> all =
      internal::StaticFindings(module, Profile::Contract());
  const std::vector<Finding> loops = WithCode(all, "unbounded-loop");
  ASSERT_THAT(loops, SizeIs(1));
  const Finding& f = loops[0];
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.place, PlaceOf(module, 0, Opcode::kLoop));
  EXPECT_THAT(f.message, HasSubstr("heuristic"));
}

TEST(AnalyzerStaticTest, LoopsWithAVisibleExitOrStorageProgressAreNot) {
  EXPECT_THAT(Findings(R"(
    (module
      (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
      (import "env" "revert" (func $revert (param i32 i32)))
      (memory 1)
      (func $conditional (param i32)
        (loop $l (br_if $l (local.get 0))))
      (func $break_out (param i32)
        (block $out
          (loop $l
            (br_if $out (local.get 0))
            (br $l))))
      (func $exit_in_inner_block (param i32)
        (loop $l
          (block (if (local.get 0) (then (return))))
          (br $l)))
      (func $stores
        (loop $l
          (call $set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))
          (br $l)))
      (func $reverts
        (loop $l
          (call $revert (i32.const 0) (i32.const 0))
          (br $l)))
      (func $no_back_edge (loop $l (nop))))
  )"),
              IsEmpty());
}

TEST(AnalyzerStaticTest, ExitTestsInNestedLoopsCountForTheOuterLoop) {
  // The inner loop's br_if exits the inner loop only through its end, which
  // falls into the outer loop's unconditional back edge: still visible as
  // an exit test, so the heuristic stays silent (it errs toward silence).
  EXPECT_THAT(Findings(R"(
    (module
      (func (param i32)
        (loop $outer
          (loop $inner (br_if $inner (local.get 0)))
          (br $outer))))
  )"),
              IsEmpty());
  // Two unconditional loops, one nested: both are reported.
  EXPECT_THAT(WithCode(Findings(R"(
    (module
      (func
        (loop $outer
          (loop $inner (br $inner))
          (br $outer))))
  )"),
                       "unbounded-loop"),
              SizeIs(2));
}

TEST(AnalyzerStaticTest, FloatUseOncePerFunction) {
  constexpr std::string_view kWat = R"(
    (module
      (func $ints (result i32) (i32.add (i32.const 1) (i32.const 2)))
      (func $floats (result f32)
        (f32.add (f32.const 1) (f32.const 2))))
  )";
  const internal::Module module = ValidModule(kWat);
  EXPECT_THAT(internal::StaticFindings(module, Profile::Contract()),
              ElementsAre(AllOf(Field(&Finding::code, "float"),
                                Field(&Finding::severity, Severity::kLow),
                                Field(&Finding::place,
                                      PlaceOf(module, 1, Opcode::kF32Const)))));
}

std::string BrTableWat(int targets) {
  std::string labels;
  for (int i = 0; i < targets - 1; ++i) labels += "0 ";
  return "(module (func (param i32) (block (br_table " + labels +
         "0 (local.get 0)))))";
}

TEST(AnalyzerStaticTest, HugeBrTables) {
  EXPECT_THAT(Findings(BrTableWat(internal::kHugeBrTable - 1)), IsEmpty());
  const internal::Module module =
      ValidModule(BrTableWat(internal::kHugeBrTable));
  EXPECT_THAT(internal::StaticFindings(module, Profile::Contract()),
              ElementsAre(AllOf(Field(&Finding::code, "huge-br-table"),
                                Field(&Finding::severity, Severity::kLow),
                                Field(&Finding::place,
                                      PlaceOf(module, 0, Opcode::kBrTable)))));
  Profile tight = Profile::Contract();
  tight.max_br_table_targets = 8;
  EXPECT_THAT(Findings(BrTableWat(6), tight),
              ElementsAre(AllOf(Field(&Finding::code, "huge-br-table"),
                                Field(&Finding::severity, Severity::kMedium))));
  EXPECT_THAT(Findings(BrTableWat(5), tight), IsEmpty());
}

TEST(AnalyzerStaticTest, NearTheFunctionAndLocalLimits) {
  Profile tight = Profile::Contract();
  tight.max_functions = 4;
  tight.max_locals = 8;
  constexpr std::string_view kWat = R"(
    (module
      (import "env" "gas_left" (func (result i64)))
      (func (param i32 i32) (local i32 i32 i32 i32))
      (func (param i32) (local i32 i32 i32 i32)))
  )";
  const internal::Module module = ValidModule(kWat, tight);
  const std::vector<Finding> all = internal::StaticFindings(module, tight);
  EXPECT_THAT(WithCode(all, "near-function-limit"),
              ElementsAre(Field(&Finding::severity, Severity::kMedium)));
  EXPECT_THAT(WithCode(all, "near-local-limit"),
              ElementsAre(Field(
                  &Finding::place,
                  internal::CodePlace{1, module.functions[0].body_offset})));
}

TEST(AnalyzerStaticTest, CodeSize) {
  std::string wat = "(module (func";
  for (int i = 0; i < 17'000; ++i) wat += " (drop (i32.const 1000))";
  wat += "))";
  const internal::Module module = ValidModule(wat);
  ASSERT_GE(module.functions[0].body_size, internal::kLargeFunctionBytes);
  EXPECT_THAT(
      internal::StaticFindings(module, Profile::Contract()),
      ElementsAre(AllOf(
          Field(&Finding::code, "large-function"),
          Field(&Finding::place,
                internal::CodePlace{0, module.functions[0].body_offset}))));

  const internal::Module small = ValidModule("(module (func))");
  Profile p = Profile::Contract();
  p.max_module_bytes = small.size_bytes * 5;
  EXPECT_THAT(internal::StaticFindings(small, p), IsEmpty());
  p.max_module_bytes = small.size_bytes * 4;
  EXPECT_THAT(internal::StaticFindings(small, p),
              ElementsAre(AllOf(Field(&Finding::code, "large-module"),
                                Field(&Finding::severity, Severity::kLow),
                                Field(&Finding::place, std::nullopt))));
  p.max_module_bytes = small.size_bytes * 2;
  EXPECT_THAT(internal::StaticFindings(small, p),
              ElementsAre(Field(&Finding::severity, Severity::kMedium)));
}

TEST(AnalyzerStaticTest, DataSegmentSize) {
  auto data_wat = [](size_t bytes) {
    return "(module (memory 16) (data (i32.const 0) \"" +
           std::string(bytes / 2, 'a') + "\") (data (i32.const 0) \"" +
           std::string(bytes - bytes / 2, 'b') + "\"))";
  };
  EXPECT_THAT(Findings(data_wat(internal::kLargeDataBytes - 1)), IsEmpty());
  EXPECT_THAT(Findings(data_wat(internal::kLargeDataBytes)),
              ElementsAre(AllOf(Field(&Finding::code, "large-data"),
                                Field(&Finding::severity, Severity::kLow))));
  // Half a MiB of data also makes a large module.
  EXPECT_THAT(
      WithCode(Findings(data_wat(8 * internal::kLargeDataBytes)), "large-data"),
      ElementsAre(Field(&Finding::severity, Severity::kMedium)));
}

TEST(AnalyzerScoreTest, Formula) {
  EXPECT_EQ(internal::ScoreOf({}), 100);
  EXPECT_EQ(internal::ScoreOf({Make(Severity::kInfo, "a")}), 100);
  EXPECT_EQ(internal::ScoreOf({Make(Severity::kHigh, "a")}), 75);
  // Occurrences of one code count up to kMaxCountedPerCode times.
  std::vector<Finding> lows(5, Make(Severity::kLow, "a"));
  EXPECT_EQ(internal::ScoreOf(lows), 100 - 3 * 3);
  // A code is weighted by its most severe occurrence.
  EXPECT_EQ(internal::ScoreOf(
                {Make(Severity::kLow, "a"), Make(Severity::kHigh, "a")}),
            100 - 2 * 25);
  EXPECT_EQ(internal::ScoreOf({Make(Severity::kMedium, "a"),
                               Make(Severity::kHigh, "b"),
                               Make(Severity::kHigh, "b")}),
            100 - 10 - 50);
  // Never below zero; independent of order.
  std::vector<Finding> many;
  for (const char* code : {"a", "b", "c", "d", "e"}) {
    many.push_back(Make(Severity::kHigh, code));
  }
  EXPECT_EQ(internal::ScoreOf(many), 0);
  std::vector<Finding> mixed = {Make(Severity::kLow, "x"),
                                Make(Severity::kMedium, "y"),
                                Make(Severity::kLow, "x")};
  std::vector<Finding> reversed(mixed.rbegin(), mixed.rend());
  EXPECT_EQ(internal::ScoreOf(mixed), internal::ScoreOf(reversed));
}

TEST(AnalyzerScoreTest, VerdictScoresAllFindingsButRecordsABoundedNumber) {
  std::string wat = "(module (type $t (func)) (table 1 funcref) (func";
  for (size_t i = 0; i < internal::kMaxRecordedFindings + 6; ++i) {
    wat += " (call_indirect (type $t) (i32.const 0))";
  }
  wat += " (loop $l (br $l))))";
  const internal::Module module = ValidModule(wat);
  const internal::Verdict verdict =
      internal::StaticVerdict(module, Profile::Contract());
  // The unbounded loop comes last in offset order, so only the score saw it.
  EXPECT_EQ(verdict.score, 100 - 3 * 3 - 25);
  ASSERT_THAT(verdict.findings, SizeIs(internal::kMaxRecordedFindings + 1));
  EXPECT_EQ(verdict.findings.back().code, "findings-truncated");
  EXPECT_THAT(verdict.findings.back().message, HasSubstr("7 more"));
}

TEST(AnalyzerScoreTest, SameModuleSameVerdict) {
  constexpr std::string_view kWat = R"(
    (module
      (import "env" "consume_gas" (func $gas (param i64)))
      (type $t (func))
      (table 1 funcref)
      (memory 1)
      (func (result f64)
        (loop $l (drop (memory.grow (i32.const 1))) (br $l))
        (call $gas (i64.const 1))
        (call_indirect (type $t) (i32.const 0))
        (f64.const 1)))
  )";
  const internal::Verdict first =
      internal::StaticVerdict(ValidModule(kWat), Profile::Contract());
  const internal::Verdict second =
      internal::StaticVerdict(ValidModule(kWat), Profile::Contract());
  EXPECT_EQ(first, second);
  EXPECT_EQ(internal::DescribeFindings(first.findings),
            internal::DescribeFindings(second.findings));
  EXPECT_THAT(first.findings, SizeIs(5));
  EXPECT_EQ(first.score, 100 - 25 - 10 - 3 - 3 - 3);
}

TEST(AnalyzerStaticTest, ALoadedModuleGetsTheVerdictOfItsDecodedBodies) {
  // A loaded module keeps no instructions: the built-in analyzer decodes
  // them again, so body findings (here, floats) are not lost.
  constexpr std::string_view kWat = R"(
    (module
      (func (export "run") (result f64) (f64.add (f64.const 1) (f64.const 2))))
  )";
  const std::vector<uint8_t> wasm = Wasm(kWat);
  const std::string_view bytes(reinterpret_cast<const char*>(wasm.data()),
                               wasm.size());
  const Profile profile = Profile::Spec();
  auto loaded = internal::Load(wasm, profile);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(internal::ModuleOf(**loaded).bodies_deferred);
  auto analyzer = internal::MakeBuiltinAnalyzer(profile, nullptr);
  const absl::StatusOr<internal::Verdict> from_loaded =
      analyzer->Analyze(internal::ModuleOf(**loaded), bytes);
  const absl::StatusOr<internal::Verdict> from_decoded =
      analyzer->Analyze(ValidModule(kWat, profile), bytes);
  ASSERT_TRUE(from_loaded.ok()) << from_loaded.status();
  ASSERT_TRUE(from_decoded.ok()) << from_decoded.status();
  EXPECT_THAT(from_loaded->findings, Contains(Field(&Finding::code, "float")));
  EXPECT_EQ(from_loaded->score, from_decoded->score);
  EXPECT_EQ(from_loaded->findings.size(), from_decoded->findings.size());
}

}  // namespace
}  // namespace dytallix::testing
