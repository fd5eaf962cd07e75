// Load decodes, validates and compiles one function at a time (vm/engine.h):
// what it keeps, and which error comes first when several parts are bad.
#include <cstdint>
#include <vector>

#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/decoder_util.h"
#include "testing/status_matchers.h"
#include "validator/validator.h"
#include "vm/code.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::Bytes;
using ::dytallix::testing::Concat;
using ::dytallix::testing::IsOk;
using ::dytallix::testing::kCodeId;
using ::dytallix::testing::kFunctionId;
using ::dytallix::testing::Leb;
using ::dytallix::testing::Section;
using ::dytallix::testing::VoidTypeSection;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Functions of type () -> () with these bodies (locals included).
Bytes ModuleWith(std::initializer_list<Bytes> bodies) {
  Bytes functions = {static_cast<uint8_t>(bodies.size())};
  Bytes code = {static_cast<uint8_t>(bodies.size())};
  for (const Bytes& body : bodies) {
    functions.push_back(0x00);
    code = Concat({code, Leb(static_cast<uint32_t>(body.size())), body});
  }
  return testing::ModuleOf({VoidTypeSection(), Section(kFunctionId, functions),
                            Section(kCodeId, code)});
}

const Bytes kGood = {0x00, 0x41, 0x07, 0x1A, 0x0B};       // i32.const 7; drop
const Bytes kInvalid = {0x00, 0x41, 0x07, 0x0B};          // leaves an i32
const Bytes kMalformed = {0x00, 0x41, 0x07, 0xFF, 0x0B};  // opcode 0xff

TEST(VmLoadTest, ALoadedModuleKeepsNoDecodedInstructions) {
  const Bytes wasm = ModuleWith({kGood, kGood, kGood});
  auto loaded = Load(wasm, Profile::Spec());
  ASSERT_THAT(loaded, IsOk());
  const Module& module = ModuleOf(**loaded);
  EXPECT_TRUE(module.bodies_deferred);
  ASSERT_THAT(module.functions, SizeIs(3));
  for (const Function& f : module.functions) {
    EXPECT_THAT(f.code, IsEmpty());
    EXPECT_EQ(f.code.capacity(), 0u);
    EXPECT_GT(f.code_size, 0u);
  }
  EXPECT_THAT((*loaded)->functions, SizeIs(3));
}

TEST(VmLoadTest, AMalformedBodyFailsAsDecodingReportsIt) {
  const Bytes wasm = ModuleWith({kGood, kMalformed});
  const absl::StatusOr<Module> decoded = Decode(wasm);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("malformed"));
  EXPECT_EQ(Load(wasm, Profile::Spec()).status(), decoded.status());
}

TEST(VmLoadTest, AnInvalidBodyFailsAsValidationReportsIt) {
  const Bytes wasm = ModuleWith({kGood, kInvalid});
  const absl::StatusOr<Module> decoded = Decode(wasm);
  ASSERT_THAT(decoded, IsOk());
  const absl::Status invalid = Validate(*decoded, Profile::Spec()).status();
  EXPECT_THAT(invalid.message(), HasSubstr("invalid"));
  EXPECT_EQ(Load(wasm, Profile::Spec()).status(), invalid);
}

TEST(VmLoadTest, BodiesFailInIndexOrderEachDecodedThenValidated) {
  // An invalid body before a malformed one: the invalid one is reported
  // (decoding every body first would have reported the malformed one).
  const absl::Status invalid_first =
      Load(ModuleWith({kInvalid, kMalformed}), Profile::Spec()).status();
  EXPECT_THAT(invalid_first.message(), HasSubstr("invalid: function 0"));
  const absl::Status malformed_first =
      Load(ModuleWith({kMalformed, kInvalid}), Profile::Spec()).status();
  EXPECT_THAT(malformed_first.message(), HasSubstr("malformed"));
}

}  // namespace
}  // namespace dytallix::internal
