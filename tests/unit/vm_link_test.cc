// Linking and instantiation: host functions, one instance importing
// another's exports, import type matching, segment and start-function traps,
// and host functions re-entering the VM.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

using internal::Extern;
using internal::FuncType;
using internal::HostCall;
using internal::Linker;
using internal::ValType;
using ::testing::HasSubstr;

struct Counter {
  int calls = 0;
};

std::optional<TrapKind> Add(void* context, HostCall& call,
                            std::span<const Value> args,
                            std::span<Value> results) {
  ++static_cast<Counter*>(context)->calls;
  results[0] = Value::I32(args[0].i32() + args[1].i32());
  return std::nullopt;
}

std::optional<TrapKind> Fail(void*, HostCall&, std::span<const Value>,
                             std::span<Value>) {
  return TrapKind::kHost;
}

// Returns the byte at args[0] in the caller's memory.
std::optional<TrapKind> PeekByte(void*, HostCall& call,
                                 std::span<const Value> args,
                                 std::span<Value> results) {
  internal::MemoryInstance* memory = call.memory();
  if (memory == nullptr || args[0].i32() >= memory->size()) {
    return TrapKind::kOutOfBoundsMemoryAccess;
  }
  results[0] = Value::I32(memory->bytes()[args[0].i32()]);
  return std::nullopt;
}

const FuncType kI32I32ToI32{{ValType::kI32, ValType::kI32}, {ValType::kI32}};
const FuncType kI32ToI32{{ValType::kI32}, {ValType::kI32}};
const FuncType kVoid{};

TEST(VmLinkTest, HostFunctionsAreCalledWithTheirContext) {
  Counter counter;
  internal::Store store(Profile::Spec());
  Linker linker;
  linker.Define(
      "env", "add",
      Extern::Of(store.NewHostFunction(kI32I32ToI32, {Add, &counter})));
  linker.Define("env", "fail",
                Extern::Of(store.NewHostFunction(kVoid, {Fail, nullptr})));
  linker.Define(
      "env", "peek",
      Extern::Of(store.NewHostFunction(kI32ToI32, {PeekByte, nullptr})));
  auto module = internal::Load(Wasm(R"(
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "fail" (func $fail))
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (memory 1)
  (data (i32.const 5) "\2a")
  (func (export "twice") (param i32) (result i32)
    (call $add (call $add (local.get 0) (i32.const 1)) (i32.const 1)))
  (func (export "fail") (call $fail))
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0))))
)"),
                               Profile::Spec());
  ASSERT_THAT(module, IsOk());
  auto inst = internal::Instantiate(store, *module, linker);
  ASSERT_THAT(inst, IsOk());
  internal::Instance& instance = *inst->instance;
  EXPECT_THAT(
      internal::Invoke(store, instance, "twice", std::vector<Value>{I32(40)}),
      Returns(I32(42)));
  EXPECT_EQ(counter.calls, 2);
  EXPECT_THAT(internal::Invoke(store, instance, "fail", {}),
              Traps(TrapKind::kHost));
  EXPECT_THAT(
      internal::Invoke(store, instance, "peek", std::vector<Value>{I32(5)}),
      Returns(I32(42)));
  EXPECT_THAT(
      internal::Invoke(store, instance, "peek", std::vector<Value>{I32(70000)}),
      Traps(TrapKind::kOutOfBoundsMemoryAccess));
}

TEST(VmLinkTest, InstanceImportsAnotherInstancesExports) {
  internal::Store store(Profile::Spec());
  auto a = internal::Load(Wasm(R"(
(module
  (memory (export "mem") 1)
  (global (export "g") (mut i32) (i32.const 5))
  (table (export "tab") 2 funcref)
  (func $seven (export "seven") (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  (func (export "read") (param i32) (result i32) (i32.load8_u (local.get 0))))
)"),
                          Profile::Spec());
  auto b = internal::Load(Wasm(R"(
(module
  (import "A" "mem" (memory 1))
  (import "A" "g" (global $g (mut i32)))
  (import "A" "tab" (table 1 funcref))
  (import "A" "seven" (func $seven (result i32)))
  (func (export "run") (result i32)
    (i32.store8 (i32.const 3) (i32.const 99))
    (global.set $g (i32.add (global.get $g) (call $seven)))
    (call_indirect (result i32) (i32.const 0))))
)"),
                          Profile::Spec());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  auto ia = internal::Instantiate(store, *a, {});
  ASSERT_THAT(ia, IsOk());
  Linker linker;
  linker.DefineInstance("A", *ia->instance);
  auto ib = internal::Instantiate(store, *b, linker);
  ASSERT_THAT(ib, IsOk());
  EXPECT_THAT(internal::Invoke(store, *ib->instance, "run", {}),
              Returns(I32(7)));
  EXPECT_THAT(internal::Invoke(store, *ia->instance, "read",
                               std::vector<Value>{I32(3)}),
              Returns(I32(99)));
  EXPECT_THAT(internal::ReadGlobal(*ia->instance, "g"), IsOk());
  EXPECT_EQ(internal::ReadGlobal(*ia->instance, "g")->i32(), 12u);
}

absl::Status LinkMemory(const internal::MemoryType& provided,
                        std::string_view import) {
  internal::Store store(Profile::Spec());
  Linker linker;
  linker.Define("env", "m", Extern::Of(store.NewMemory(provided)));
  auto module =
      internal::Load(Wasm(absl::StrCat("(module (import \"env\" \"m\" ",
                                       std::string(import), "))")),
                     Profile::Spec());
  if (!module.ok()) return module.status();
  return internal::Instantiate(store, *module, linker).status();
}

TEST(VmLinkTest, ImportTypesMatchWithLimitsSubtyping) {
  using internal::MemoryType;
  EXPECT_THAT(LinkMemory(MemoryType{{2, 3}}, "(memory 1 4)"), IsOk());
  EXPECT_THAT(LinkMemory(MemoryType{{1, 4}}, "(memory 2)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unlinkable: incompatible import type")));
  EXPECT_THAT(
      LinkMemory(MemoryType{{1, std::nullopt}}, "(memory 1 2)"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unlinkable")));
  EXPECT_THAT(
      LinkMemory(MemoryType{{1, 5}}, "(memory 1 2)"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unlinkable")));
  EXPECT_THAT(LinkMemory(MemoryType{{1, 1}}, "(func)"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unlinkable: wrong kind")));
  EXPECT_THAT(
      LinkMemory(MemoryType{{1, 1}}, "(global i32)"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unlinkable")));
}

TEST(VmLinkTest, UnknownImportIsUnlinkable) {
  internal::Store store(Profile::Spec());
  auto module = internal::Load(Wasm(R"((module (import "x" "y" (func))))"),
                               Profile::Spec());
  ASSERT_THAT(module, IsOk());
  EXPECT_THAT(internal::Instantiate(store, *module, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unlinkable: unknown import")));
}

// What a resolver was asked for, and the host function it defines lazily.
struct LazyHost {
  internal::Store* store = nullptr;
  internal::FunctionInstance* add = nullptr;
  Counter add_calls;
  std::vector<std::string> asked;
};

std::optional<Extern> ResolveLazily(void* context, std::string_view module,
                                    std::string_view name) {
  auto& lazy = *static_cast<LazyHost*>(context);
  lazy.asked.push_back(std::string(module) + "." + std::string(name));
  if (module != "env" || name != "add") return std::nullopt;
  if (lazy.add == nullptr) {
    lazy.add =
        lazy.store->NewHostFunction(kI32I32ToI32, {Add, &lazy.add_calls});
  }
  return Extern::Of(lazy.add);
}

TEST(VmLinkTest, TheResolverBindsWhatWasNotDefined) {
  Counter counter;
  internal::Store store(Profile::Spec());
  LazyHost lazy;
  lazy.store = &store;
  Linker linker;
  linker.SetResolver(ResolveLazily, &lazy);
  linker.Define(
      "env", "add2",
      Extern::Of(store.NewHostFunction(kI32I32ToI32, {Add, &counter})));
  // The resolved import keeps its type identity: call_indirect to it
  // checks its signature like any function's.
  auto module = internal::Load(Wasm(R"(
(module
  (type $binary (func (param i32 i32) (result i32)))
  (import "env" "add" (func $add (type $binary)))
  (import "env" "add2" (func $add2 (type $binary)))
  (table 1 funcref)
  (elem (i32.const 0) $add)
  (func (export "indirect") (result i32)
    (call_indirect (type $binary) (i32.const 2) (i32.const 3) (i32.const 0)))
  (func (export "wrong") (result i32)
    (call_indirect (param i32) (result i32) (i32.const 2) (i32.const 0)))
  (func (export "direct") (result i32)
    (call $add2 (i32.const 4) (i32.const 5))))
)"),
                               Profile::Spec());
  ASSERT_THAT(module, IsOk());
  auto inst = internal::Instantiate(store, *module, linker);
  ASSERT_THAT(inst, IsOk());
  EXPECT_EQ(lazy.asked, std::vector<std::string>{"env.add"});
  internal::Instance& instance = *inst->instance;
  EXPECT_THAT(internal::Invoke(store, instance, "indirect", {}),
              Returns(I32(5)));
  EXPECT_THAT(internal::Invoke(store, instance, "wrong", {}),
              Traps(TrapKind::kIndirectCallTypeMismatch));
  EXPECT_THAT(internal::Invoke(store, instance, "direct", {}), Returns(I32(9)));
  EXPECT_EQ(lazy.add_calls.calls, 1);
  EXPECT_EQ(counter.calls, 1);
  // Unknown to both: unlinkable, as without a resolver.
  auto unknown = internal::Load(
      Wasm(R"((module (import "env" "nope" (func))))"), Profile::Spec());
  ASSERT_THAT(unknown, IsOk());
  EXPECT_THAT(internal::Instantiate(store, *unknown, linker),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unlinkable: unknown import")));
}

TEST(VmLinkTest, SegmentTrapKeepsEarlierSegmentsEffects) {
  internal::Store store(Profile::Spec());
  internal::MemoryInstance* memory = store.NewMemory({{1, std::nullopt}});
  Linker linker;
  linker.Define("env", "m", Extern::Of(memory));
  auto module = internal::Load(Wasm(R"(
(module
  (import "env" "m" (memory 1))
  (data (i32.const 0) "ab")
  (data (i32.const 65535) "cd")
  (data (i32.const 2) "ef"))
)"),
                               Profile::Spec());
  ASSERT_THAT(module, IsOk());
  auto result = internal::Instantiate(store, *module, linker);
  ASSERT_THAT(result, IsOk());
  ASSERT_TRUE(result->trap.has_value());
  EXPECT_EQ(result->trap->kind, TrapKind::kOutOfBoundsMemoryAccess);
  EXPECT_EQ(result->instance, nullptr);
  EXPECT_EQ(memory->bytes()[0], 'a');
  EXPECT_EQ(memory->bytes()[2], 0);  // the segment after the trap never ran
}

TEST(VmLinkTest, StartFunctionTrapFailsInstantiation) {
  internal::Store store(Profile::Spec());
  auto module = internal::Load(
      Wasm("(module (func $s unreachable) (start $s))"), Profile::Spec());
  ASSERT_THAT(module, IsOk());
  auto result = internal::Instantiate(store, *module, {});
  ASSERT_THAT(result, IsOk());
  ASSERT_TRUE(result->trap.has_value());
  EXPECT_EQ(result->trap->kind, TrapKind::kUnreachable);
}

// A host function that calls the VM's export "again", which calls the host
// function again: the re-entry depth is bounded.
struct Reentry {
  internal::Instance* instance = nullptr;
  int depth = 0;
};

std::optional<TrapKind> CallBack(void* context, HostCall& call,
                                 std::span<const Value>, std::span<Value>) {
  auto* reentry = static_cast<Reentry*>(context);
  ++reentry->depth;
  auto r = internal::Invoke(call.store(), *reentry->instance, "again", {});
  if (!r.ok()) return TrapKind::kHost;
  if (r->trap) return r->trap->kind;
  return std::nullopt;
}

TEST(VmLinkTest, HostReentryIsBounded) {
  const Profile profile = Profile::Contract();
  internal::Store store(profile);
  Reentry reentry;
  Linker linker;
  linker.Define("env", "back",
                Extern::Of(store.NewHostFunction(kVoid, {CallBack, &reentry})));
  auto module = internal::Load(Wasm(R"(
(module (import "env" "back" (func $back))
  (func (export "again") (call $back)))
)"),
                               profile);
  ASSERT_THAT(module, IsOk());
  auto inst = internal::Instantiate(store, *module, linker);
  ASSERT_THAT(inst, IsOk());
  reentry.instance = inst->instance;
  EXPECT_THAT(internal::Invoke(store, *inst->instance, "again", {}),
              Traps(TrapKind::kCallStackExhausted));
  EXPECT_EQ(reentry.depth, static_cast<int>(profile.max_nested_calls) + 1);
  // The Store is usable again afterwards.
  reentry.depth = 0;
  EXPECT_THAT(internal::Invoke(store, *inst->instance, "again", {}),
              Traps(TrapKind::kCallStackExhausted));
  EXPECT_EQ(reentry.depth, static_cast<int>(profile.max_nested_calls) + 1);
}

TEST(VmLinkTest, CallerMisuseIsAStatus) {
  WatVm vm(
      "(module (func (export \"f\") (param i32)) (global (export \"g\") i32 "
      "(i32.const 1)))");
  EXPECT_THAT(vm.Call("f", {}), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(vm.Call("f", {I64(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(vm.Call("g", {}), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(vm.Call("missing", {}), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace dytallix::testing
