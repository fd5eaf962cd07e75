// Malformed binaries: each family of rules, and the section and offset the
// error names.
#include <string>

#include "decoder/decoder.h"
#include "decoder/reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/decoder_util.h"
#include "testing/status_matchers.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::Bytes;
using ::dytallix::testing::Concat;
using ::dytallix::testing::IsOk;
using ::dytallix::testing::Leb;
using ::dytallix::testing::ModuleOf;
using ::dytallix::testing::OneFunctionModule;
using ::dytallix::testing::Section;
using ::dytallix::testing::StatusIs;
using ::dytallix::testing::VoidTypeSection;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Decoding `bytes` fails with a message that starts with `prefix` (the
// section and offset) and contains `what`.
void ExpectMalformed(const Bytes& bytes, const std::string& prefix,
                     const std::string& what) {
  EXPECT_THAT(Decode(bytes),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::AllOf(StartsWith(prefix), HasSubstr(what))));
}

// In a OneFunctionModule, the first instruction is at offset 0x17: header
// (8 bytes), type section (6), function section (4), then the code section's
// id, size, count, body size and local declaration count.

TEST(DecoderMalformedTest, HeaderMagicAndVersion) {
  ExpectMalformed({0x00, 0x61, 0x73},
                  "malformed: section 'header' at offset 0x3",
                  "unexpected end");
  ExpectMalformed({0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00},
                  "malformed: section 'header' at offset 0x3", "magic");
  ExpectMalformed({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00},
                  "malformed: section 'header' at offset 0x4", "version");
}

TEST(DecoderMalformedTest, UnknownSectionId) {
  ExpectMalformed(ModuleOf({Section(13, {})}),
                  "malformed: section 'unknown' at offset 0x8",
                  "unknown section id 13");
}

TEST(DecoderMalformedTest, SectionOrderAndDuplicates) {
  ExpectMalformed(ModuleOf({VoidTypeSection(), VoidTypeSection()}),
                  "malformed: section 'type' at offset 0xe", "out of order");
  ExpectMalformed(ModuleOf({Section(testing::kMemoryId, {0x00}),
                            Section(testing::kTableId, {0x00})}),
                  "malformed: section 'table' at offset 0xb", "out of order");
  // The data count section comes after element and before code.
  ExpectMalformed(ModuleOf({Section(testing::kCodeId, {0x00}),
                            Section(testing::kDataCountId, {0x00})}),
                  "malformed: section 'datacount'", "out of order");
  EXPECT_THAT(Decode(ModuleOf({Section(testing::kElementId, {0x00}),
                               Section(testing::kDataCountId, {0x00}),
                               Section(testing::kCodeId, {0x00})})),
              IsOk());
}

TEST(DecoderMalformedTest, SectionSizeMustMatchItsContents) {
  // Declared one byte longer than the type section's contents.
  ExpectMalformed(
      ModuleOf({Section(testing::kTypeId, {0x01, 0x60, 0x00, 0x00, 0x00})}),
      "malformed: section 'type' at offset 0xe", "section size mismatch");
  // Declared shorter: the contents run past the section's end.
  ExpectMalformed(ModuleOf({Section(testing::kTypeId, {0x01, 0x60, 0x00})}),
                  "malformed: section 'type' at offset 0xd",
                  "unexpected end of section");
  // Larger than the module.
  ExpectMalformed(ModuleOf({{testing::kTypeId, 0x05, 0x00}}),
                  "malformed: section 'type' at offset 0x9", "exceeds");
}

TEST(DecoderMalformedTest, Leb128TooLongOrTooLarge) {
  // u32 in 6 bytes (the type count).
  ExpectMalformed(ModuleOf({Section(testing::kTypeId,
                                    {0x80, 0x80, 0x80, 0x80, 0x80, 0x00})}),
                  "malformed: section 'type' at offset 0xa",
                  "integer representation too long");
  // u32 whose 5th byte sets bits beyond 32.
  ExpectMalformed(
      ModuleOf({Section(testing::kTypeId, {0x80, 0x80, 0x80, 0x80, 0x10})}),
      "malformed: section 'type' at offset 0xa", "integer too large");
  // The largest u32 is fine as a function index.
  EXPECT_THAT(Decode(ModuleOf({Section(testing::kStartId,
                                       {0xFF, 0xFF, 0xFF, 0xFF, 0x0F})})),
              IsOk());
  // s32: unused bits must copy the sign bit.
  ExpectMalformed(OneFunctionModule({0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B}),
                  "malformed: section 'code'", "integer too large");
  EXPECT_THAT(Decode(OneFunctionModule(
                  {0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x1A, 0x0B})),
              IsOk());
  // s64 in 11 bytes, and with a bad sign extension in the 10th.
  ExpectMalformed(OneFunctionModule({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x00, 0x0B}),
                  "malformed: section 'code'",
                  "integer representation too long");
  ExpectMalformed(OneFunctionModule({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x01, 0x0B}),
                  "malformed: section 'code'", "integer too large");
  // s33 block type: a negative type index.
  ExpectMalformed(OneFunctionModule({0x02, 0xFF, 0x7F, 0x0B, 0x0B}),
                  "malformed: section 'code'", "block type");
}

TEST(DecoderMalformedTest, NamesMustBeUtf8) {
  // An export named by an overlong encoding of '/'.
  ExpectMalformed(
      ModuleOf(
          {Section(testing::kExportId, {0x01, 0x02, 0xC0, 0xAF, 0x00, 0x00})}),
      "malformed: section 'export' at offset 0xb", "malformed UTF-8 encoding");
  ExpectMalformed(ModuleOf({Section(testing::kCustomId, {0x01, 0xFF})}),
                  "malformed: section 'custom' at offset 0xa",
                  "malformed UTF-8 encoding");
  ExpectMalformed(ModuleOf({Section(testing::kImportId,
                                    {0x01, 0x01, 0x80, 0x00, 0x00, 0x00})}),
                  "malformed: section 'import'", "malformed UTF-8 encoding");
}

TEST(DecoderMalformedTest, Utf8Rules) {
  auto valid = [](std::initializer_list<uint8_t> bytes) {
    return IsValidUtf8(std::vector<uint8_t>(bytes));
  };
  EXPECT_TRUE(valid({}));
  EXPECT_TRUE(valid({'a', 0xC2, 0x80, 0xE0, 0xA0, 0x80}));  // U+80, U+800
  EXPECT_TRUE(valid({0xF4, 0x8F, 0xBF, 0xBF}));             // U+10FFFF
  EXPECT_TRUE(valid({0xED, 0x9F, 0xBF}));                   // U+D7FF
  EXPECT_FALSE(valid({0xC1, 0xBF}));                        // overlong
  EXPECT_FALSE(valid({0xE0, 0x9F, 0xBF}));                  // overlong
  EXPECT_FALSE(valid({0xF0, 0x8F, 0xBF, 0xBF}));            // overlong
  EXPECT_FALSE(valid({0xED, 0xA0, 0x80}));                  // surrogate
  EXPECT_FALSE(valid({0xF4, 0x90, 0x80, 0x80}));            // > U+10FFFF
  EXPECT_FALSE(valid({0xE2, 0x82}));                        // truncated
  EXPECT_FALSE(valid({0x80}));                              // lone tail
  EXPECT_FALSE(valid({0xF8, 0x88, 0x80, 0x80, 0x80}));      // 5 bytes
}

TEST(DecoderMalformedTest, FunctionAndCodeCountsMustMatch) {
  ExpectMalformed(
      ModuleOf({VoidTypeSection(),
                Section(testing::kFunctionId, {0x02, 0x00, 0x00}),
                Section(testing::kCodeId, {0x01, 0x02, 0x00, 0x0B})}),
      "malformed: section 'code' at offset 0x15", "inconsistent lengths");
  ExpectMalformed(ModuleOf({VoidTypeSection(),
                            Section(testing::kFunctionId, {0x01, 0x00})}),
                  "malformed: section 'code'", "no code section");
  ExpectMalformed(
      ModuleOf({Section(testing::kCodeId, {0x01, 0x02, 0x00, 0x0B})}),
      "malformed: section 'code' at offset 0xa", "inconsistent lengths");
}

TEST(DecoderMalformedTest, DataCountMustMatchDataSegments) {
  ExpectMalformed(ModuleOf({Section(testing::kDataCountId, {0x02}),
                            Section(testing::kDataId, {0x01, 0x01, 0x00})}),
                  "malformed: section 'data' at offset 0xd",
                  "inconsistent lengths");
  ExpectMalformed(ModuleOf({Section(testing::kDataCountId, {0x01})}),
                  "malformed: section 'data'", "no data segments");
}

TEST(DecoderMalformedTest, BulkMemoryNeedsDataCount) {
  ExpectMalformed(OneFunctionModule({0xFC, 0x09, 0x00, 0x0B}),
                  "malformed: section 'code' at offset 0x17",
                  "data count section required");
  ExpectMalformed(OneFunctionModule({0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC,
                                     0x08, 0x00, 0x00, 0x0B}),
                  "malformed: section 'code' at offset 0x1d",
                  "data count section required");
}

TEST(DecoderMalformedTest, TooManyLocalsIsRejectedWithoutAllocating) {
  ExpectMalformed(
      OneFunctionModule({0x0B},
                        {0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x01, 0x7F}),
      "malformed: section 'code' at offset 0x1d", "too many locals");
}

TEST(DecoderMalformedTest, FlagAndKindBytes) {
  // Limits flags.
  ExpectMalformed(ModuleOf({Section(testing::kMemoryId, {0x01, 0x02, 0x00})}),
                  "malformed: section 'memory' at offset 0xb", "limits flags");
  // Global mutability.
  ExpectMalformed(ModuleOf({Section(testing::kGlobalId,
                                    {0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})}),
                  "malformed: section 'global' at offset 0xc", "mutability");
  // Reference type of a table.
  ExpectMalformed(
      ModuleOf({Section(testing::kTableId, {0x01, 0x7F, 0x00, 0x00})}),
      "malformed: section 'table' at offset 0xb", "reference type");
  // Value type.
  ExpectMalformed(
      ModuleOf({Section(testing::kTypeId, {0x01, 0x60, 0x01, 0x40, 0x00})}),
      "malformed: section 'type' at offset 0xd", "value type");
  // Function type form.
  ExpectMalformed(
      ModuleOf({Section(testing::kTypeId, {0x01, 0x61, 0x00, 0x00})}),
      "malformed: section 'type' at offset 0xb", "form");
  // Import and export kinds.
  ExpectMalformed(
      ModuleOf({Section(testing::kImportId, {0x01, 0x00, 0x00, 0x04, 0x00})}),
      "malformed: section 'import' at offset 0xd", "external kind");
  ExpectMalformed(
      ModuleOf({Section(testing::kExportId, {0x01, 0x00, 0x04, 0x00})}),
      "malformed: section 'export' at offset 0xc", "external kind");
  // Element segment flags and element kind; data segment flags.
  ExpectMalformed(ModuleOf({Section(testing::kElementId, {0x01, 0x08})}),
                  "malformed: section 'element' at offset 0xb", "flags 0..7");
  ExpectMalformed(
      ModuleOf({Section(testing::kElementId, {0x01, 0x01, 0x01, 0x00})}),
      "malformed: section 'element' at offset 0xc", "element kind");
  ExpectMalformed(ModuleOf({Section(testing::kDataId, {0x01, 0x03})}),
                  "malformed: section 'data' at offset 0xb", "flags 0..2");
}

TEST(DecoderMalformedTest, MemoryInstructionZeroBytes) {
  const Bytes cases[] = {
      {0x3F, 0x01, 0x1A, 0x0B},                    // memory.size
      {0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B},  // memory.grow, 0 in 2 bytes
      {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B},
      {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x01, 0x0B},
  };
  for (const Bytes& code : cases) {
    ExpectMalformed(OneFunctionModule(code), "malformed: section 'code'",
                    "memory index byte 0x00");
  }
}

TEST(DecoderMalformedTest, IllegalOpcodes) {
  ExpectMalformed(OneFunctionModule({0x06, 0x0B}),
                  "malformed: section 'code' at offset 0x17",
                  "illegal opcode 0x06");
  ExpectMalformed(OneFunctionModule({0xFC, 0x12, 0x0B}),
                  "malformed: section 'code' at offset 0x17",
                  "illegal opcode 0xfc 18");
}

TEST(DecoderMalformedTest, SimdIsUnsupported) {
  EXPECT_THAT(Decode(OneFunctionModule({0xFD, 0x0C, 0x0B})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("unsupported: SIMD")));
  EXPECT_THAT(Decode(ModuleOf(
                  {Section(testing::kTypeId, {0x01, 0x60, 0x01, 0x7B, 0x00})})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("unsupported: SIMD (value type v128) in "
                                  "section 'type' at offset 0xd")));
  EXPECT_THAT(Decode(OneFunctionModule({0x0B}, {0x01, 0x01, 0x7B})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("unsupported: SIMD")));
}

TEST(DecoderMalformedTest, BodyMustEndExactlyAtItsFinalEnd) {
  // Runs out before the final end.
  ExpectMalformed(OneFunctionModule({0x02, 0x40, 0x0B}),
                  "malformed: section 'code' at offset 0x1a",
                  "unexpected end of function body");
  // Bytes after the final end.
  ExpectMalformed(OneFunctionModule({0x0B, 0x01}),
                  "malformed: section 'code' at offset 0x18",
                  "expected 'end' at end of body");
  // A body size past the section's end.
  ExpectMalformed(
      ModuleOf({VoidTypeSection(), Section(testing::kFunctionId, {0x01, 0x00}),
                Section(testing::kCodeId, {0x01, 0x05, 0x00, 0x0B})}),
      "malformed: section 'code' at offset 0x15", "exceeds");
}

TEST(DecoderMalformedTest, ConstantExpressionMustEnd) {
  ExpectMalformed(
      ModuleOf({Section(testing::kGlobalId, {0x01, 0x7F, 0x00, 0x41, 0x00})}),
      "malformed: section 'global' at offset 0xf", "unexpected end of section");
}

TEST(DecoderMalformedTest, VectorLongerThanItsSection) {
  ExpectMalformed(ModuleOf({Section(testing::kFunctionId, {0x7F, 0x00})}),
                  "malformed: section 'function' at offset 0xa",
                  "vector length 127 exceeds the 1 bytes left");
}

TEST(DecoderMalformedTest, CustomSectionNeedsAName) {
  ExpectMalformed(ModuleOf({Section(testing::kCustomId, {})}),
                  "malformed: section 'custom' at offset 0xa",
                  "unexpected end of section");
  ExpectMalformed(ModuleOf({Section(testing::kCustomId, {0x05, 'a'})}),
                  "malformed: section 'custom' at offset 0xb",
                  "unexpected end of section");
}

}  // namespace
}  // namespace dytallix::internal
