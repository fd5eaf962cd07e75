// The CLI's instruction listing (tools/wasm_listing.h): every immediate kind
// spelled as in the text format, block nesting, offsets into the binary.
#include "tools/wasm_listing.h"

#include <string>
#include <vector>

#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/wat.h"

namespace dytallix::internal {
namespace {

using ::testing::ElementsAre;

// The texts of the listing of the module's last defined function.
std::vector<std::string> Texts(std::string_view wat) {
  absl::StatusOr<Module> module = Decode(testing::Wasm(wat));
  EXPECT_TRUE(module.ok()) << module.status();
  std::vector<std::string> texts;
  for (const ListingLine& line : Listing(module->functions.back())) {
    texts.push_back(line.text);
  }
  return texts;
}

TEST(WasmListingTest, ConstantsAndFloats) {
  EXPECT_THAT(Texts(R"((module (func
                 i32.const -7 drop  i64.const -9000000000 drop
                 f32.const 0.1 drop  f64.const -inf drop
                 f32.const nan drop)))"),
              ElementsAre("i32.const -7", "drop", "i64.const -9000000000",
                          "drop", "f32.const 0.1", "drop", "f64.const -inf",
                          "drop", "f32.const nan:0x7fc00000", "drop", "end"));
}

TEST(WasmListingTest, ControlAndBranches) {
  EXPECT_THAT(Texts(R"((module (type $t (func (param i32) (result i32)))
                (func (param i32) (result i32)
                 (block (result i32)
                  (block (block (br_table 0 1 0 (local.get 0))))
                  (br_if 0 (i32.const 1) (local.get 0))
                  (drop)
                  (local.get 0) (loop (type $t) (br 0)))))
      )"),
              ElementsAre("block (result i32)", "block", "block", "local.get 0",
                          "br_table 0 1 0", "end", "end", "i32.const 1",
                          "local.get 0", "br_if 0", "drop", "local.get 0",
                          "loop (type 0)", "br 0", "end", "end", "end"));
}

TEST(WasmListingTest, MemoryTablesAndReferences) {
  EXPECT_THAT(
      Texts(R"((module
                (memory 1) (table 1 funcref) (table $b 1 funcref)
                (type $v (func))
                (elem $e func 0) (data $d "x")
                (func
                 (i64.store offset=16 align=4 (i32.const 0) (i64.const 1))
                 (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))
                 (table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0))
                 (table.copy $b 0 (i32.const 0) (i32.const 0) (i32.const 0))
                 (call_indirect $b (type $v) (i32.const 0))
                 (drop (select (result funcref) (ref.null func) (ref.func 0)
                               (i32.const 1))))))"),
      ElementsAre("i32.const 0", "i64.const 1", "i64.store offset=16 align=4",
                  "i32.const 0", "i32.const 0", "i32.const 1", "memory.init 0",
                  "i32.const 0", "i32.const 0", "i32.const 0", "table.init 1 0",
                  "i32.const 0", "i32.const 0", "i32.const 0", "table.copy 1 0",
                  "i32.const 0", "call_indirect 1 (type 0)", "ref.null func",
                  "ref.func 0", "i32.const 1", "select (result funcref)",
                  "drop", "end"));
}

TEST(WasmListingTest, DepthAndOffsets) {
  const std::vector<uint8_t> wasm =
      testing::Wasm("(module (func (if (i32.const 1) (then nop) (else nop))))");
  absl::StatusOr<Module> module = Decode(wasm);
  ASSERT_TRUE(module.ok());
  const std::vector<ListingLine> lines = Listing(module->functions[0]);
  std::vector<uint32_t> depths;
  depths.reserve(lines.size());
  for (const ListingLine& line : lines) depths.push_back(line.depth);
  // i32.const, if, nop, else, nop, end, end
  EXPECT_THAT(depths, ElementsAre(0, 0, 1, 0, 1, 0, 0));
  // Each offset is its opcode's byte in the binary.
  EXPECT_EQ(wasm[lines[1].offset], 0x04);  // if
  EXPECT_EQ(wasm[lines[3].offset], 0x05);  // else
  EXPECT_EQ(wasm[lines.back().offset], 0x0B);
}

}  // namespace
}  // namespace dytallix::internal
