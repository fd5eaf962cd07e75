// Store: the runtime objects of the VM — function, table, memory and global
// instances, module instances, and the execution stack they run on.
//
// Ownership: a Store owns every object created in it and frees them together;
// pointers to them (FunctionInstance*, Instance*, ...) stay valid for the
// Store's lifetime. Instances in one Store may import each other's exports;
// objects never cross Stores.
//
// Thread-safety: a Store and everything in it is used by one thread at a
// time. CompiledModules are immutable and may be shared between Stores and
// threads.
#ifndef DYTALLIX_VM_STORE_H_
#define DYTALLIX_VM_STORE_H_

#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "base/profile.h"
#include "decoder/module.h"
#include "vm/memory_pool.h"
#include "vm/value.h"

namespace dytallix::internal {

class Instance;
class Store;
struct CompiledFunction;
struct CompiledModule;
class MemoryInstance;

// What a host function sees of the call that reached it.
class HostCall {
 public:
  HostCall(Store& store, Instance* caller, int64_t* gas)
      : store_(store), caller_(caller), gas_(gas) {}

  Store& store() { return store_; }
  // The instance whose code made the call; null when the host function was
  // invoked directly by the embedder.
  Instance* caller() { return caller_; }
  // Memory 0 of the caller, or null if it has none.
  MemoryInstance* memory();
  // Gas left in this call (a huge number when metering is off).
  uint64_t gas_left() const { return static_cast<uint64_t>(*gas_); }
  // Charges `amount`; false (and nothing charged) if less is left, in which
  // case the host function should return TrapKind::kOutOfGas.
  bool ConsumeGas(uint64_t amount);

 private:
  Store& store_;
  Instance* caller_;
  int64_t* gas_;
};

// A host function: returns nullopt and fills `results` (exactly the result
// types of its FuncType), or returns the trap kind to raise. It may call back
// into the VM through the Store (Invoke); such re-entry is bounded.
using HostFunctionPtr = std::optional<TrapKind> (*)(void* context,
                                                    HostCall& call,
                                                    std::span<const Value> args,
                                                    std::span<Value> results);

struct HostFunction {
  HostFunctionPtr fn = nullptr;
  void* context = nullptr;  // not owned; must outlive the Store's use of it
};

struct FunctionInstance {
  // Its module's type (the Instance keeps the module alive), or for a host
  // function the Store's copy.
  const FuncType* type = nullptr;
  uint32_t type_id = 0;          // the Store's canonical id of `type`
  Instance* instance = nullptr;  // null for host functions
  // Null for host functions, and for a function compiled on first call
  // (vm/engine.h, Compilation) until this instance calls it: CodePending().
  mutable const CompiledFunction* code = nullptr;
  uint32_t index = 0;  // in its module's function index space
  HostFunction host;

  // A wasm function whose code CompilePending (vm/engine.h) is still to set.
  bool CodePending() const { return code == nullptr && instance != nullptr; }
};

struct TableInstance {
  TableType type;                  // limits.min is the current size
  std::vector<uint64_t> elements;  // slot encoding (see Value)
  uint32_t max_size = 0;           // effective maximum (type and profile)

  uint32_t size() const { return static_cast<uint32_t>(elements.size()); }
  // Grows by `delta` elements set to `init`; returns the old size, or -1 if
  // the result would pass max_size.
  int32_t Grow(uint32_t delta, uint64_t init);
};

// A linear memory. Its maximum size is reserved as address space up front,
// so the bytes never move; growing only makes more of them accessible (and
// zero). Reservations are reused per thread (vm/memory_pool.h); a reused one
// is zero and inaccessible past the size, as a fresh one.
class MemoryInstance {
 public:
  static constexpr uint64_t kPageSize = 65536;

  // REQUIRES: type.limits.min <= max_pages. Call ok() after constructing.
  MemoryInstance(const MemoryType& type, uint32_t max_pages);
  MemoryInstance(const MemoryInstance&) = delete;
  MemoryInstance& operator=(const MemoryInstance&) = delete;
  ~MemoryInstance();

  // False if the address space could not be reserved.
  bool ok() const { return base_ != nullptr; }
  // The current type: limits.min is the current size in pages.
  const MemoryType& type() const { return type_; }
  uint32_t max_pages() const { return max_pages_; }  // type max and profile
  uint32_t pages() const { return static_cast<uint32_t>(size_ / kPageSize); }
  // Whoever writes through base() marks what it wrote (MarkWritten): a
  // released memory is cleared for reuse only where it was marked
  // (vm/memory_pool.h).
  uint8_t* base() const { return base_; }
  uint64_t size() const { return size_; }
  std::span<const uint8_t> bytes() const { return {base_, size_}; }
  // Copies `bytes` to [offset, offset + bytes.size()) and marks them.
  // REQUIRES: that range is within size().
  void Write(uint64_t offset, std::span<const uint8_t> bytes) {
    if (bytes.empty()) return;
    std::memmove(base_ + offset, bytes.data(), bytes.size());
    internal::MarkWritten(base_, offset, bytes.size());
  }
  // All of it, to write anywhere (marked written, all of it).
  std::span<uint8_t> WritableBytes() {
    internal::MarkWritten(base_, 0, size_);
    return {base_, size_};
  }

  // Returns the old size in pages, or -1 if the result would pass max_pages.
  int32_t Grow(uint32_t delta);

 private:
  MemoryType type_;
  uint32_t max_pages_;
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;
};

struct GlobalInstance {
  GlobalType type;
  uint64_t value = 0;  // slot encoding

  Value Get() const { return Value::FromSlot(type.type, value); }
};

// An external value: what an export is and what an import is bound to.
struct Extern {
  ExternKind kind = ExternKind::kFunction;
  FunctionInstance* function = nullptr;
  TableInstance* table = nullptr;
  MemoryInstance* memory = nullptr;
  GlobalInstance* global = nullptr;

  static Extern Of(FunctionInstance* f) {
    return {.kind = ExternKind::kFunction, .function = f};
  }
  static Extern Of(TableInstance* t) {
    return {.kind = ExternKind::kTable, .table = t};
  }
  static Extern Of(MemoryInstance* m) {
    return {.kind = ExternKind::kMemory, .memory = m};
  }
  static Extern Of(GlobalInstance* g) {
    return {.kind = ExternKind::kGlobal, .global = g};
  }
};

// A module instance. Created only by Instantiate (vm/engine.h).
class Instance {
 public:
  const CompiledModule& module() const { return *compiled; }
  // The export named `name`, or nullopt.
  std::optional<Extern> FindExport(std::string_view name) const;
  // Every export, in the module's order.
  std::vector<std::pair<std::string, Extern>> Exports() const;
  // What export `e` of this instance's module refers to.
  Extern ExternOf(const Export& e) const;

  // Engine-internal state (the interpreter reads it directly).
  std::shared_ptr<const CompiledModule> compiled;  // keeps the code alive
  std::vector<FunctionInstance*> functions;
  std::vector<TableInstance*> tables;
  std::vector<MemoryInstance*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<uint32_t> type_ids;  // module type index -> Store type id
  // Element segments' evaluated references (slot encoding); emptied when
  // dropped (elem.drop, or once an active/declarative one is applied).
  std::vector<std::vector<uint64_t>> elements;
  std::vector<bool> dropped_data;  // data.drop, or an applied active segment
};

// A suspended caller frame.
struct CallFrame {
  const uint32_t* return_ip;
  uint64_t* fp;
  const FunctionInstance* function;
};

// The call stack one thread of execution uses: value slots and frames, both
// bounded by the Store's profile.
struct ExecutionStack {
  std::unique_ptr<uint64_t[]> slots;  // profile.max_value_stack slots
  uint64_t slots_used = 0;  // by the frames of invocations in progress
  uint32_t depth = 0;       // wasm frames of invocations in progress
  uint32_t reentry = 0;     // invocations in progress (host -> VM nesting)
  std::vector<CallFrame> frames;
};

class Store {
 public:
  // `profile` bounds execution in this Store: max_call_depth,
  // max_value_stack, and max_nested_calls (host functions re-entering the
  // VM).
  explicit Store(const Profile& profile);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  const Profile& profile() const { return profile_; }

  // Host objects, for imports. Owned by the Store.
  FunctionInstance* NewHostFunction(const FuncType& type, HostFunction host);
  // The same for a type that outlives the Store (a static table's), which is
  // then not copied.
  FunctionInstance* NewHostFunctionOfLastingType(const FuncType& type,
                                                 HostFunction host);
  // REQUIRES: value.type() == type.type.
  GlobalInstance* NewGlobal(const GlobalType& type, Value value);
  // Elements start null. The maximum is the type's, capped by the profile.
  TableInstance* NewTable(const TableType& type);
  // The maximum is the type's, capped by the profile. Null if the minimum
  // passes that maximum or the address space cannot be reserved.
  MemoryInstance* NewMemory(const MemoryType& type);

  // Engine-internal. REQUIRES: `type` outlives the Store (a module's the
  // Store's instances keep, a host function's the Store keeps).
  uint32_t TypeId(const FuncType& type);
  // REQUIRES: *f.type lives as long as the Store; f.type_id ==
  // TypeId(*f.type).
  FunctionInstance* NewFunction(FunctionInstance f);
  Instance* NewInstance();
  ExecutionStack& stack() { return *stack_; }

 private:
  // Function types compared by (params, results), not by address.
  struct TypeHash {
    size_t operator()(const FuncType* type) const {
      return absl::Hash<std::tuple<const std::vector<ValType>&,
                                   const std::vector<ValType>&>>()(
          std::tie(type->params, type->results));
    }
  };
  struct TypeEq {
    bool operator()(const FuncType* a, const FuncType* b) const {
      return a->params == b->params && a->results == b->results;
    }
  };

  Profile profile_;
  // Canonical function types -> type id; keyed by the first type seen of
  // each, which outlives the Store (TypeId), so no type is copied.
  absl::flat_hash_map<const FuncType*, uint32_t, TypeHash, TypeEq> type_ids_;
  std::deque<FuncType> host_types_;  // host functions' types
  std::deque<FunctionInstance> functions_;
  std::deque<TableInstance> tables_;
  std::deque<MemoryInstance> memories_;
  std::deque<GlobalInstance> globals_;
  std::vector<std::unique_ptr<Instance>> instances_;
  // Taken over from the last Store destroyed on this thread when it can be
  // (vm/memory_pool.h).
  std::unique_ptr<ExecutionStack> stack_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_STORE_H_
