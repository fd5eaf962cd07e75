// The module generator behind exec_fuzzer and diff_fuzzer: whatever the bytes,
// its output decodes and validates under the contract profile, stays small,
// is a function of the bytes, and over many inputs uses every non-SIMD
// instruction.
#include "testing/module_gen/module_gen.h"

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "base/profile.h"
#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "validator/validator.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::IsOk;

constexpr int kModules = 2000;

std::vector<uint8_t> RandomBytes(std::mt19937& rng) {
  std::vector<uint8_t> bytes(std::uniform_int_distribution<>(0, 4096)(rng));
  for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
  return bytes;
}

TEST(ModuleGenTest, EveryModuleDecodesAndValidatesUnderTheContractProfile) {
  std::mt19937 rng(20261124);
  for (int i = 0; i < kModules; ++i) {
    const std::vector<uint8_t> wasm = testing::GenerateModule(RandomBytes(rng));
    absl::StatusOr<Module> module = Decode(wasm);
    ASSERT_THAT(module, IsOk()) << "module " << i;
    ASSERT_THAT(Validate(*module, Profile::Contract()), IsOk())
        << "module " << i;
  }
}

TEST(ModuleGenTest, ExhaustedInputGivesTheSmallestValidModule) {
  const std::vector<uint8_t> wasm = testing::GenerateModule({});
  absl::StatusOr<Module> module = Decode(wasm);
  ASSERT_THAT(module, IsOk());
  EXPECT_THAT(Validate(*module, Profile::Contract()), IsOk());
  ASSERT_EQ(module->functions.size(), 1u);
  EXPECT_EQ(module->exports[0].name, "f0");
}

TEST(ModuleGenTest, SameBytesGiveTheSameModule) {
  std::mt19937 rng(7);
  const std::vector<uint8_t> bytes = RandomBytes(rng);
  EXPECT_EQ(testing::GenerateModule(bytes), testing::GenerateModule(bytes));
}

TEST(ModuleGenTest, ModulesStaySmallWhateverTheInputSize) {
  std::mt19937 rng(99);
  std::vector<uint8_t> huge(1 << 20);
  for (uint8_t& b : huge) b = static_cast<uint8_t>(rng());
  EXPECT_LT(testing::GenerateModule(huge).size(), 16u * 1024);
}

TEST(ModuleGenTest, ModulesTogetherUseEveryNonSimdInstruction) {
  std::mt19937 rng(31337);
  std::set<Opcode> seen;
  for (int i = 0; i < kModules; ++i) {
    absl::StatusOr<Module> module =
        Decode(testing::GenerateModule(RandomBytes(rng)));
    ASSERT_THAT(module, IsOk());
    for (const Function& f : module->functions) {
      for (const Instr& instr : f.code) seen.insert(instr.op);
    }
  }
  std::vector<std::string_view> missing;
  for (int i = 0; i < kOpcodeCount; ++i) {
    const Opcode op = static_cast<Opcode>(i);
    if (op != Opcode::kNop && !seen.contains(op)) {
      missing.push_back(InfoOf(op).text);
    }
  }
  EXPECT_THAT(missing, ::testing::IsEmpty());
}

TEST(ModuleGenTest, SomeModulesHaveEachOptionalPart) {
  std::mt19937 rng(5);
  int with_start = 0, with_memory = 0, with_passive_data = 0, multi_value = 0;
  for (int i = 0; i < 500; ++i) {
    absl::StatusOr<Module> module =
        Decode(testing::GenerateModule(RandomBytes(rng)));
    ASSERT_THAT(module, IsOk());
    with_start += module->start.has_value();
    with_memory += !module->memories.empty();
    for (const DataSegment& d : module->data) {
      with_passive_data += d.mode == SegmentMode::kPassive;
    }
    for (const FuncType& t : module->types) multi_value += t.results.size() > 1;
  }
  EXPECT_GT(with_start, 0);
  EXPECT_GT(with_memory, 0);
  EXPECT_GT(with_passive_data, 0);
  EXPECT_GT(multi_value, 0);
}

}  // namespace
}  // namespace dytallix::internal
