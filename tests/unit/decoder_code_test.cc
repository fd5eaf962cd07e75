// Decoding instructions (each immediate layout of module.h's Instr) and
// element segments (all eight encodings).
#include <cstring>

#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/decoder_util.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::Bytes;
using ::dytallix::testing::Concat;
using ::dytallix::testing::FunctionsModule;
using ::dytallix::testing::IsOk;
using ::dytallix::testing::Leb;
using ::dytallix::testing::ModuleOf;
using ::dytallix::testing::OneFunctionModule;
using ::dytallix::testing::Ops;
using ::dytallix::testing::Section;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The decoded body of the single function of OneFunctionModule(code).
Function DecodedBody(const Bytes& code, const Bytes& locals = {0x00}) {
  absl::StatusOr<Module> m = Decode(OneFunctionModule(code, locals));
  EXPECT_THAT(m, IsOk());
  if (!m.ok() || m->functions.size() != 1) return Function{};
  return m->functions[0];
}

TEST(DecoderCodeTest, BlockTypesEmptyValueAndTypeIndex) {
  const Function f = DecodedBody({0x02, 0x40, 0x0B,        // block
                                  0x03, 0x7F, 0x0B,        // loop (result i32)
                                  0x41, 0x00,              // i32.const 0
                                  0x04, 0x85, 0x01, 0x05,  // if (type 133) else
                                  0x0B, 0x0B});
  ASSERT_THAT(Ops(f.code),
              ElementsAre(Opcode::kBlock, Opcode::kEnd, Opcode::kLoop,
                          Opcode::kEnd, Opcode::kI32Const, Opcode::kIf,
                          Opcode::kElse, Opcode::kEnd, Opcode::kEnd));
  EXPECT_EQ(f.code[0].block_shape(), BlockShape::kEmpty);
  EXPECT_EQ(f.code[2].block_shape(), BlockShape::kOneValue);
  EXPECT_EQ(f.code[2].block_value_type(), ValType::kI32);
  EXPECT_EQ(f.code[5].block_shape(), BlockShape::kTypeIndex);
  EXPECT_EQ(f.code[5].block_type_index(), 133u);
}

TEST(DecoderCodeTest, BrTableTargetsIncludeTheDefault) {
  const Function f = DecodedBody({0x0E, 0x02, 0x00, 0x01, 0x02,  // [0 1] 2
                                  0x0E, 0x00, 0x07,              // [] 7
                                  0x0B});
  EXPECT_THAT(f.br_table_targets, ElementsAre(0, 1, 2, 7));
  ASSERT_THAT(f.code, SizeIs(3));
  EXPECT_EQ(f.code[0].br_table_first(), 0u);
  EXPECT_EQ(f.code[0].br_table_count(), 3u);
  EXPECT_EQ(f.code[1].br_table_first(), 3u);
  EXPECT_EQ(f.code[1].br_table_count(), 1u);
}

TEST(DecoderCodeTest, ConstantsAreSignExtendedOrBitPatterns) {
  const Function f =
      DecodedBody({0x41, 0x7F,  // -1
                   0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                   0x80, 0x7F, 0x43, 0x00, 0x00, 0xC0, 0x7F,  // f32 NaN
                   0x44, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // f64
                   0x0B});
  ASSERT_THAT(f.code, SizeIs(5));
  EXPECT_EQ(f.code[0].bits(), ~uint64_t{0});
  EXPECT_EQ(f.code[1].bits(), uint64_t{1} << 63);
  EXPECT_EQ(f.code[2].bits(), 0x7FC00000u);
  EXPECT_EQ(f.code[3].bits(), 0x0807060504030201u);
}

TEST(DecoderCodeTest, IndexAndPairImmediates) {
  const Function f =
      DecodedBody({0x11, 0x03, 0x01,        // call_indirect type 3 table 1
                   0x28, 0x02, 0x90, 0x01,  // i32.load align=2^2 offset=144
                   0x3F, 0x00,              // memory.size
                   0x40, 0x00,              // memory.grow
                   0xFC, 0x0A, 0x00, 0x00,  // memory.copy
                   0xFC, 0x0B, 0x00,        // memory.fill
                   0xFC, 0x0C, 0x02, 0x01,  // table.init elem 2 table 1
                   0xFC, 0x0E, 0x04, 0x05,  // table.copy 4 <- 5
                   0x1C, 0x01, 0x7E,        // select (result i64)
                   0xD0, 0x6F,              // ref.null extern
                   0xD2, 0x03,              // ref.func 3
                   0x20, 0x81, 0x01,        // local.get 129
                   0x0B});
  ASSERT_THAT(
      Ops(f.code),
      ElementsAre(Opcode::kCallIndirect, Opcode::kI32Load, Opcode::kMemorySize,
                  Opcode::kMemoryGrow, Opcode::kMemoryCopy, Opcode::kMemoryFill,
                  Opcode::kTableInit, Opcode::kTableCopy, Opcode::kSelectT,
                  Opcode::kRefNull, Opcode::kRefFunc, Opcode::kLocalGet,
                  Opcode::kEnd));
  EXPECT_EQ(f.code[0].type_index(), 3u);
  EXPECT_EQ(f.code[0].table_index(), 1u);
  EXPECT_EQ(f.code[1].align_log2(), 2u);
  EXPECT_EQ(f.code[1].memory_offset(), 144u);
  EXPECT_EQ(f.code[6].segment_index(), 2u);
  EXPECT_EQ(f.code[6].table_index(), 1u);
  EXPECT_EQ(f.code[7].table_index(), 4u);
  EXPECT_EQ(f.code[7].source_table_index(), 5u);
  EXPECT_EQ(f.code[8].select_type_count(), 1u);
  EXPECT_EQ(f.code[8].value_type(), ValType::kI64);
  EXPECT_EQ(f.code[9].value_type(), ValType::kExternRef);
  EXPECT_EQ(f.code[10].function_index(), 3u);
  EXPECT_EQ(f.code[11].local_index(), 129u);
  // A prefixed instruction's offset is that of its prefix byte.
  EXPECT_EQ(f.code[5].offset, f.code[4].offset + 4);
}

TEST(DecoderCodeTest, MemoryInitAndDataDropWithDataCount) {
  const Bytes body = {0x00, 0xFC, 0x08, 0x01, 0x00, 0xFC, 0x09, 0x00, 0x0B};
  absl::StatusOr<Module> m = Decode(ModuleOf({
      testing::VoidTypeSection(),
      Section(testing::kFunctionId, {0x01, 0x00}),
      Section(testing::kDataCountId, {0x02}),
      Section(testing::kCodeId,
              Concat({{0x01}, Leb(static_cast<uint32_t>(body.size())), body})),
      Section(testing::kDataId, {0x02, 0x01, 0x00, 0x01, 0x00}),
  }));
  ASSERT_THAT(m, IsOk());
  const std::vector<Instr>& code = m->functions[0].code;
  ASSERT_THAT(Ops(code), ElementsAre(Opcode::kMemoryInit, Opcode::kDataDrop,
                                     Opcode::kEnd));
  EXPECT_EQ(code[0].segment_index(), 1u);
  EXPECT_EQ(code[1].segment_index(), 0u);
}

TEST(DecoderCodeTest, LocalsAreCountedNotExpanded) {
  // Two declarations totalling 2^32 - 1 locals.
  const Function f = DecodedBody(
      {0x0B}, {0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7C});
  EXPECT_EQ(f.num_locals, 0xFFFFFFFFu);
  ASSERT_THAT(f.locals, SizeIs(2));
  EXPECT_EQ(f.locals[1].type, ValType::kF64);
}

TEST(DecoderCodeTest, NestedEndsBeforeTheFinalOne) {
  const Function f =
      DecodedBody({0x02, 0x40, 0x03, 0x40, 0x0B, 0x0B, 0x01, 0x0B});
  EXPECT_THAT(f.code, SizeIs(6));
  EXPECT_EQ(f.code.back().op, Opcode::kEnd);
}

// One segment of each encoding 0..7, over one function and two tables.
Bytes AllElementEncodings() {
  const Bytes segments = {
      0x08, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00,        // 0: active, funcs
      0x01, 0x00, 0x01, 0x00,                          // 1: passive, funcs
      0x02, 0x01, 0x41, 0x02, 0x0B, 0x00, 0x01, 0x00,  // 2: table 1, funcs
      0x03, 0x00, 0x01, 0x00,                          // 3: declarative
      0x04, 0x41, 0x03, 0x0B, 0x01, 0xD2, 0x00, 0x0B,  // 4: active, exprs
      0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B,              // 5: passive, exprs
      0x06, 0x01, 0x41, 0x04, 0x0B, 0x70, 0x02,        // 6: table 1, exprs
      0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B,              //
      0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B,              // 7: declarative
  };
  return ModuleOf({
      testing::VoidTypeSection(),
      Section(testing::kFunctionId, {0x01, 0x00}),
      Section(testing::kTableId, {0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x01}),
      Section(testing::kElementId, segments),
      Section(testing::kCodeId, {0x01, 0x02, 0x00, 0x0B}),
  });
}

TEST(DecoderCodeTest, ElementSegmentsOfAllEightEncodings) {
  absl::StatusOr<Module> m = Decode(AllElementEncodings());
  ASSERT_THAT(m, IsOk());
  const std::vector<ElementSegment>& e = m->elements;
  ASSERT_THAT(e, SizeIs(8));
  constexpr SegmentMode kModes[] = {
      SegmentMode::kActive, SegmentMode::kPassive,
      SegmentMode::kActive, SegmentMode::kDeclarative,
      SegmentMode::kActive, SegmentMode::kPassive,
      SegmentMode::kActive, SegmentMode::kDeclarative};
  constexpr uint32_t kTables[] = {0, 0, 1, 0, 0, 0, 1, 0};
  for (int i = 0; i < 8; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(e[i].mode, kModes[i]);
    EXPECT_EQ(e[i].table_index, kTables[i]);
    EXPECT_EQ(e[i].type, i == 5 ? ValType::kExternRef : ValType::kFuncRef);
    EXPECT_THAT(e[i].init, SizeIs(i == 6 ? 2 : 1));
    if (i != 5) {
      // Function indices and ref.func expressions decode alike.
      ASSERT_THAT(Ops(e[i].init[0].instrs), ElementsAre(Opcode::kRefFunc));
      EXPECT_EQ(e[i].init[0].instrs[0].function_index(), 0u);
      EXPECT_EQ(e[i].init[0].offset, e[i].init[0].instrs[0].offset);
    }
  }
  EXPECT_EQ(e[2].offset.instrs[0].bits(), 2u);
  EXPECT_EQ(e[6].offset.instrs[0].bits(), 4u);
  EXPECT_THAT(Ops(e[5].init[0].instrs), ElementsAre(Opcode::kRefNull));
  EXPECT_THAT(Ops(e[6].init[1].instrs), ElementsAre(Opcode::kRefNull));
  EXPECT_LT(e[0].byte_offset, e[1].byte_offset);
}

// Two functions of type () -> (): the first a block with a br_table, the
// second with two i32 locals and `second_code` as its instructions.
Bytes TwoFunctionModule(const Bytes& second_code) {
  return FunctionsModule({{0x00,                    // no locals
                           0x02, 0x40, 0x41, 0x00,  // block; i32.const 0
                           0x0E, 0x01, 0x00, 0x00,  // br_table [0] 0
                           0x0B, 0x0B},             // end; end
                          Concat({{0x01, 0x02, 0x7F}, second_code})});
}

TEST(DecoderCodeTest, DeferredBodiesDecodeLaterToTheSameCode) {
  const Bytes wasm = TwoFunctionModule({0x20, 0x01, 0x1A, 0x0B});
  const absl::StatusOr<Module> eager = Decode(wasm);
  absl::StatusOr<Module> deferred = Decode(wasm, Bodies::kDeferred);
  ASSERT_THAT(eager, IsOk());
  ASSERT_THAT(deferred, IsOk());
  EXPECT_FALSE(eager->bodies_deferred);
  EXPECT_TRUE(deferred->bodies_deferred);
  ASSERT_THAT(deferred->functions, SizeIs(2));
  // One Function lent to both bodies, holding something beforehand: each
  // decoding replaces what it held.
  Function out;
  out.code.resize(5);
  out.br_table_targets = {9, 9, 9};
  out.locals.resize(4);
  for (uint32_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    const Function& f = deferred->functions[i];
    const Function& want = eager->functions[i];
    EXPECT_THAT(f.code, IsEmpty());
    EXPECT_THAT(f.br_table_targets, IsEmpty());
    EXPECT_EQ(f.num_locals, want.num_locals);
    EXPECT_EQ(f.body_offset, want.body_offset);
    EXPECT_EQ(f.code_offset, want.code_offset);
    EXPECT_EQ(f.code_size, want.code_size);
    ASSERT_THAT(DecodeBody(wasm, *deferred, i, out), IsOk());
    EXPECT_EQ(out.num_locals, want.num_locals);
    EXPECT_EQ(out.locals.size(), want.locals.size());
    EXPECT_EQ(out.code_offset, want.code_offset);
    EXPECT_THAT(Ops(out.code), ElementsAreArray(Ops(want.code)));
    ASSERT_EQ(out.code.size(), want.code.size());
    for (size_t k = 0; k < out.code.size(); ++k) {
      EXPECT_EQ(out.code[k].offset, want.code[k].offset);
    }
    EXPECT_EQ(out.br_table_targets, want.br_table_targets);
    if (i == 0) {
      EXPECT_THAT(out.br_table_targets, ElementsAre(0, 0));
    } else {
      EXPECT_EQ(out.code[0].local_index(), 1u);
    }
  }
}

TEST(DecoderCodeTest, DeferredBodiesReportMalformedCodeWhenDecoded) {
  for (const Bytes& bad : {Bytes{0x20, 0x00, 0xFF, 0x0B},  // illegal opcode
                           Bytes{0x20, 0x00},              // no end
                           Bytes{0x0B, 0x01}}) {           // past the end
    const Bytes wasm = TwoFunctionModule(bad);
    const absl::StatusOr<Module> eager = Decode(wasm);
    ASSERT_FALSE(eager.ok());
    absl::StatusOr<Module> deferred = Decode(wasm, Bodies::kDeferred);
    ASSERT_THAT(deferred, IsOk());
    Function f;
    EXPECT_THAT(DecodeBody(wasm, *deferred, 0, f), IsOk());
    EXPECT_EQ(DecodeBody(wasm, *deferred, 1, f), eager.status());
  }
}

}  // namespace
}  // namespace dytallix::internal
