// Load decodes, validates and compiles one function at a time (vm/engine.h):
// what it keeps, and which error comes first when several parts are bad.
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "decoder/decoder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/decoder_util.h"
#include "testing/status_matchers.h"
#include "testing/wat.h"
#include "validator/validator.h"
#include "vm/code.h"
#include "vm/engine.h"
#include "vm/store.h"

namespace dytallix::internal {
namespace {

using ::dytallix::testing::Bytes;
using ::dytallix::testing::FunctionsModule;
using ::dytallix::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const Bytes kGood = {0x00, 0x41, 0x07, 0x1A, 0x0B};       // i32.const 7; drop
const Bytes kInvalid = {0x00, 0x41, 0x07, 0x0B};          // leaves an i32
const Bytes kMalformed = {0x00, 0x41, 0x07, 0xFF, 0x0B};  // opcode 0xff

TEST(VmLoadTest, ALoadedModuleKeepsNoDecodedInstructions) {
  const Bytes wasm = FunctionsModule({kGood, kGood, kGood});
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
  const Bytes wasm = FunctionsModule({kGood, kMalformed});
  const absl::StatusOr<Module> decoded = Decode(wasm);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("malformed"));
  EXPECT_EQ(Load(wasm, Profile::Spec()).status(), decoded.status());
}

TEST(VmLoadTest, AnInvalidBodyFailsAsValidationReportsIt) {
  const Bytes wasm = FunctionsModule({kGood, kInvalid});
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
      Load(FunctionsModule({kInvalid, kMalformed}), Profile::Spec()).status();
  EXPECT_THAT(invalid_first.message(), HasSubstr("invalid: function 0"));
  const absl::Status malformed_first =
      Load(FunctionsModule({kMalformed, kInvalid}), Profile::Spec()).status();
  EXPECT_THAT(malformed_first.message(), HasSubstr("malformed"));
}

// Compilation::kOnFirstCall.
constexpr std::string_view kCalls = R"(
(module
  (table 2 funcref)
  (elem (i32.const 0) $leaf $trapper)
  (func $leaf (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
  (func $trapper (param i32) (result i32) unreachable)
  (func $never (result i32) i32.const 99)
  (func (export "direct") (param i32) (result i32)
    local.get 0 call $leaf i32.const 1 i32.add)
  (func (export "indirect") (param i32 i32) (result i32)
    local.get 0 local.get 1 call_indirect (param i32) (result i32))
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $leaf (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    local.get 1))
)";

// Defined function indices in kCalls.
constexpr uint32_t kLeaf = 0, kTrapper = 1, kNever = 2, kDirect = 3;

struct Outcome {
  std::vector<Value> results;
  std::optional<Trap> trap;
  uint64_t gas_used;
  bool operator==(const Outcome&) const = default;
};

// Every export of kCalls called in turn, metered, on a fresh instance.
std::vector<Outcome> CallAll(std::shared_ptr<const CompiledModule> module) {
  Store store(Profile::Contract());
  auto instance = Instantiate(store, module, {});
  EXPECT_THAT(instance, IsOk());
  if (!instance.ok()) return {};
  const CallOptions metered{.metering = true, .gas_limit = 1'000'000};
  std::vector<Outcome> out;
  const auto call = [&](std::string_view name, std::vector<Value> args) {
    absl::StatusOr<CallResult> r =
        Invoke(store, *instance->instance, name, args, metered);
    EXPECT_THAT(r, IsOk());
    if (r.ok()) out.push_back({r->results, r->trap, r->gas_used});
  };
  call("direct", {Value::I32(5)});
  call("indirect", {Value::I32(4), Value::I32(0)});
  call("indirect", {Value::I32(4), Value::I32(1)});  // traps in $trapper
  call("loop", {Value::I32(10)});
  return out;
}

std::shared_ptr<const CompiledModule> LoadCalls(Compilation compilation) {
  auto module =
      Load(testing::Wasm(kCalls), Profile::Contract(), {}, compilation);
  EXPECT_THAT(module, IsOk());
  return module.ok() ? *module : nullptr;
}

TEST(VmLoadTest, CompiledOnFirstCallOnlyWhatIsCalledIsCompiled) {
  std::shared_ptr<const CompiledModule> module =
      LoadCalls(Compilation::kOnFirstCall);
  ASSERT_NE(module, nullptr);
  ASSERT_THAT(module->functions, SizeIs(6));
  for (const CompiledFunction& f : module->functions) {
    EXPECT_THAT(f.code, IsEmpty());
  }
  const uint64_t bytes_before = CompiledBytes(*module);
  Store store(Profile::Contract());
  auto instance = Instantiate(store, module, {});
  ASSERT_THAT(instance, IsOk());
  ASSERT_THAT(Invoke(store, *instance->instance, "direct", {{Value::I32(5)}}),
              IsOk());
  EXPECT_THAT(module->functions[kDirect].code, Not(IsEmpty()));
  EXPECT_THAT(module->functions[kLeaf].code, Not(IsEmpty()));
  EXPECT_THAT(module->functions[kTrapper].code, IsEmpty());
  EXPECT_THAT(module->functions[kNever].code, IsEmpty());
  EXPECT_GT(CompiledBytes(*module), bytes_before);
  // Another instance calling it uses the code compiled, not a new one.
  const uint32_t* leaf_code = module->functions[kLeaf].code.data();
  EXPECT_EQ(CallAll(module).size(), 4u);
  EXPECT_EQ(module->functions[kLeaf].code.data(), leaf_code);
  EXPECT_THAT(module->functions[kTrapper].code, Not(IsEmpty()));
  EXPECT_THAT(module->functions[kNever].code, IsEmpty());
}

TEST(VmLoadTest, CompiledOnFirstCallOrAtLoadTheOutcomesAreTheSame) {
  const std::vector<Outcome> eager = CallAll(LoadCalls(Compilation::kEager));
  const std::vector<Outcome> lazy =
      CallAll(LoadCalls(Compilation::kOnFirstCall));
  ASSERT_THAT(eager, SizeIs(4));
  EXPECT_EQ(eager[0].results, std::vector<Value>{Value::I32(16)});
  ASSERT_TRUE(eager[2].trap.has_value());
  EXPECT_EQ(eager[2].trap->function_index, kTrapper);
  EXPECT_THAT(eager[2].trap->callers, SizeIs(1));
  EXPECT_EQ(lazy, eager);
}

TEST(VmLoadTest, CompiledOnFirstCallFromManyThreadsAtOnce) {
  // Each thread instantiates the module in a Store of its own and calls
  // everything, so the first calls race to compile the same functions.
  const std::vector<Outcome> want = CallAll(LoadCalls(Compilation::kEager));
  std::shared_ptr<const CompiledModule> module =
      LoadCalls(Compilation::kOnFirstCall);
  ASSERT_NE(module, nullptr);
  constexpr int kThreads = 4;
  std::vector<std::vector<Outcome>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { got[t] = CallAll(module); });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(got[t], want) << t;
}

}  // namespace
}  // namespace dytallix::internal
