// Decoding well-formed modules: what each section puts in the Module.
#include "decoder/decoder.h"

#include <cstring>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/decoder_util.h"
#include "testing/status_matchers.h"
#include "testing/wat.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::Bytes;
using ::dytallix::testing::IsOk;
using ::dytallix::testing::ModuleOf;
using ::dytallix::testing::Ops;
using ::dytallix::testing::Section;
using ::dytallix::testing::Wasm;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::SizeIs;

Module DecodeOk(const Bytes& bytes) {
  absl::StatusOr<Module> module = Decode(bytes);
  EXPECT_THAT(module, IsOk());
  return module.ok() ? *std::move(module) : Module{};
}

Module DecodeWat(std::string_view wat) { return DecodeOk(Wasm(wat)); }

TEST(DecoderTest, EmptyModuleHasOnlyItsSize) {
  const Module m = DecodeOk(ModuleOf({}));
  EXPECT_THAT(m.types, IsEmpty());
  EXPECT_THAT(m.functions, IsEmpty());
  EXPECT_EQ(m.start, std::nullopt);
  EXPECT_EQ(m.data_count, std::nullopt);
  EXPECT_EQ(m.size_bytes, 8u);
}

TEST(DecoderTest, TypeSection) {
  const Module m = DecodeWat(R"(
    (module (type (func (param i32 f64 externref) (result i64 funcref)))
            (type (func)))
  )");
  ASSERT_THAT(m.types, SizeIs(2));
  EXPECT_THAT(m.types[0].params,
              ElementsAre(ValType::kI32, ValType::kF64, ValType::kExternRef));
  EXPECT_THAT(m.types[0].results,
              ElementsAre(ValType::kI64, ValType::kFuncRef));
  EXPECT_EQ(m.types[1], FuncType{});
}

TEST(DecoderTest, ImportsOfEachKindAndTheirPositions) {
  const Bytes bytes = Wasm(R"(
    (module
      (import "env" "g" (global (mut i64)))
      (import "env" "f" (func (param i32)))
      (import "env" "t" (table 1 5 externref))
      (import "env" "m" (memory 2))
      (import "env" "h" (func)))
  )");
  const Module m = DecodeOk(bytes);
  ASSERT_THAT(m.imports, SizeIs(5));
  EXPECT_EQ(m.imports[0].module, "env");
  EXPECT_EQ(m.imports[0].name, "g");
  EXPECT_EQ(m.imports[0].kind, ExternKind::kGlobal);
  EXPECT_EQ(m.imports[0].global.type, ValType::kI64);
  EXPECT_TRUE(m.imports[0].global.is_mutable);
  EXPECT_EQ(m.imports[2].table.elem_type, ValType::kExternRef);
  EXPECT_EQ(m.imports[2].table.limits, (Limits{1, 5}));
  EXPECT_EQ(m.imports[3].memory.limits, (Limits{2, std::nullopt}));
  EXPECT_THAT(m.imported_functions, ElementsAre(1, 4));
  EXPECT_THAT(m.imported_tables, ElementsAre(2));
  EXPECT_THAT(m.imported_memories, ElementsAre(3));
  EXPECT_THAT(m.imported_globals, ElementsAre(0));
  EXPECT_EQ(m.NumFunctions(), 2u);
  EXPECT_EQ(m.FunctionType(0).params, std::vector<ValType>{ValType::kI32});
  // Each entry's offset is that of its module name: length 3, then "env".
  for (const Import& import : m.imports) {
    ASSERT_LT(import.offset + 3, bytes.size());
    EXPECT_EQ(bytes[import.offset], 3);
    EXPECT_EQ(bytes[import.offset + 1], 'e');
  }
}

TEST(DecoderTest, FunctionsWithLocalsAndCode) {
  const Module m = DecodeWat(R"(
    (module
      (func (param i32) (result i32) (local i64 i64 f32)
        local.get 0))
  )");
  ASSERT_THAT(m.functions, SizeIs(1));
  const Function& f = m.functions[0];
  EXPECT_EQ(f.type_index, 0u);
  EXPECT_THAT(f.locals, ElementsAre(Field(&LocalDecl::count, 2),
                                    Field(&LocalDecl::count, 1)));
  EXPECT_EQ(f.locals[0].type, ValType::kI64);
  EXPECT_EQ(f.locals[1].type, ValType::kF32);
  EXPECT_EQ(f.num_locals, 3u);
  EXPECT_THAT(Ops(f.code), ElementsAre(Opcode::kLocalGet, Opcode::kEnd));
  // Body: size, 2 declarations (2 bytes each), local.get 0, end.
  EXPECT_EQ(f.body_size, 1u + 4u + 2u + 1u);
  EXPECT_EQ(f.body_offset + 1 + f.body_size, m.size_bytes);
  EXPECT_EQ(f.code[0].offset, f.body_offset + 1 + 5);
}

TEST(DecoderTest, TablesMemoriesGlobalsExportsStart) {
  const Module m = DecodeWat(R"(
    (module
      (import "env" "g" (global i32))
      (table 2 funcref)
      (memory 1 3)
      (global (mut f32) (f32.const 1.5))
      (global i32 (global.get 0))
      (func $main)
      (export "main" (func $main))
      (export "mem" (memory 0))
      (start $main))
  )");
  ASSERT_THAT(m.tables, SizeIs(1));
  EXPECT_EQ(m.tables[0].limits, (Limits{2, std::nullopt}));
  ASSERT_THAT(m.memories, SizeIs(1));
  EXPECT_EQ(m.memories[0].limits, (Limits{1, 3}));
  ASSERT_THAT(m.globals, SizeIs(2));
  EXPECT_EQ(m.globals[0].type.type, ValType::kF32);
  EXPECT_TRUE(m.globals[0].type.is_mutable);
  // A constant expression keeps its instructions but not its final `end`.
  ASSERT_THAT(m.globals[0].init.instrs, SizeIs(1));
  EXPECT_EQ(m.globals[0].init.instrs[0].op, Opcode::kF32Const);
  float value;
  const uint32_t bits =
      static_cast<uint32_t>(m.globals[0].init.instrs[0].bits());
  std::memcpy(&value, &bits, sizeof(value));
  EXPECT_EQ(value, 1.5f);
  EXPECT_EQ(m.globals[0].init.offset, m.globals[0].init.instrs[0].offset);
  EXPECT_THAT(Ops(m.globals[1].init.instrs), ElementsAre(Opcode::kGlobalGet));
  ASSERT_THAT(m.exports, SizeIs(2));
  EXPECT_EQ(m.exports[0].name, "main");
  EXPECT_EQ(m.exports[0].kind, ExternKind::kFunction);
  EXPECT_EQ(m.exports[1].kind, ExternKind::kMemory);
  EXPECT_EQ(m.exports[1].index, 0u);
  EXPECT_THAT(m.start, Optional(0u));
}

TEST(DecoderTest, DataSegmentsOfEachEncodingAndDataCount) {
  const Module m = DecodeWat(R"(
    (module
      (memory 1)
      (data (i32.const 8) "ab")
      (data "xyz")
      (data (memory 0) (offset (i32.const 1)) "")
      (func (data.drop 1)))
  )");
  EXPECT_THAT(m.data_count, Optional(3u));
  ASSERT_THAT(m.data, SizeIs(3));
  EXPECT_EQ(m.data[0].mode, SegmentMode::kActive);
  EXPECT_EQ(m.data[0].memory_index, 0u);
  EXPECT_THAT(Ops(m.data[0].offset.instrs), ElementsAre(Opcode::kI32Const));
  EXPECT_EQ(m.data[0].offset.instrs[0].bits(), 8u);
  EXPECT_THAT(m.data[0].bytes, ElementsAre('a', 'b'));
  EXPECT_EQ(m.data[1].mode, SegmentMode::kPassive);
  EXPECT_THAT(m.data[1].bytes, ElementsAre('x', 'y', 'z'));
  EXPECT_EQ(m.data[2].mode, SegmentMode::kActive);
  EXPECT_THAT(m.data[2].bytes, IsEmpty());
  EXPECT_LT(m.data[0].byte_offset, m.data[1].byte_offset);
}

TEST(DecoderTest, DataSegmentWithExplicitMemoryIndex) {
  // Encoding 2: memory index 0, offset (i32.const 4), 1 byte.
  const Module m = DecodeOk(ModuleOf({
      Section(testing::kMemoryId, {0x01, 0x00, 0x01}),
      Section(testing::kDataId,
              {0x01, 0x02, 0x00, 0x41, 0x04, 0x0B, 0x01, 0x7A}),
  }));
  ASSERT_THAT(m.data, SizeIs(1));
  EXPECT_EQ(m.data[0].mode, SegmentMode::kActive);
  EXPECT_EQ(m.data[0].offset.instrs[0].bits(), 4u);
  EXPECT_THAT(m.data[0].bytes, ElementsAre('z'));
}

TEST(DecoderTest, CustomSectionsAnywhere) {
  const Bytes custom_a = Section(testing::kCustomId, {0x01, 'a', 0x07, 0x08});
  const Bytes custom_b = Section(testing::kCustomId, {0x02, 'b', 'c'});
  const Module m =
      DecodeOk(ModuleOf({custom_a, testing::VoidTypeSection(), custom_b}));
  ASSERT_THAT(m.customs, SizeIs(2));
  EXPECT_EQ(m.customs[0].name, "a");
  EXPECT_EQ(m.customs[0].offset, 8u + 4u);
  EXPECT_EQ(m.customs[0].size, 2u);
  EXPECT_EQ(m.customs[1].name, "bc");
  EXPECT_EQ(m.customs[1].size, 0u);
  EXPECT_THAT(m.types, SizeIs(1));
}

TEST(DecoderTest, FunctionNamesFromTheNameSection) {
  const Module m = DecodeOk(Wasm(R"(
    (module (import "env" "h" (func $host))
      (func $first) (func) (func $third))
  )",
                                 "--debug-names"));
  EXPECT_THAT(m.function_names, ElementsAre(Pair(0u, "host"), Pair(1u, "first"),
                                            Pair(3u, "third")));
}

TEST(DecoderTest, AMalformedNameSectionIsIgnored) {
  // Subsection 1 (function names) claiming two entries but holding one.
  const Bytes names =
      Section(testing::kCustomId,
              {0x04, 'n', 'a', 'm', 'e', 0x01, 0x04, 0x02, 0x00, 0x01, 'f'});
  const Module m = DecodeOk(ModuleOf({names}));
  EXPECT_THAT(m.function_names, IsEmpty());
  ASSERT_THAT(m.customs, SizeIs(1));
  EXPECT_EQ(m.customs[0].name, "name");
}

}  // namespace
// A name section may hold a megabyte-long name; traces keep a prefix.
TEST(ModuleTest, FunctionNameKeepsAtMostMaxBytes) {
  Module m;
  m.functions.resize(3);
  m.function_names[0] = std::string(1000, 'a');
  m.exports.push_back({"exported", ExternKind::kFunction, 1});
  EXPECT_EQ(m.FunctionName(0, 10), std::string(10, 'a'));
  EXPECT_EQ(m.FunctionName(0).size(), 1000u);
  EXPECT_EQ(m.FunctionName(1), "exported");
  EXPECT_EQ(m.FunctionName(1, 3), "exp");
  EXPECT_EQ(m.FunctionName(2), "func[2]");
}

}  // namespace dytallix::internal
