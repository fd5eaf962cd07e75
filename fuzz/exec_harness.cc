#include "fuzz/exec_harness.h"

#include <cstdio>
#include <cstdlib>

#include "base/profile.h"
#include "testing/module_gen/choices.h"

namespace dytallix::internal {
namespace {

Cell ToCell(const Value& v) {
  if (v.type() == ValType::kFuncRef) {
    return {v.type(), v.is_null() ? 0 : uint64_t{v.func()->index} + 1};
  }
  return {v.type(), v.slot()};
}

std::vector<Cell> ToCells(const std::vector<Value>& values) {
  std::vector<Cell> cells;
  cells.reserve(values.size());
  for (const Value& v : values) cells.push_back(ToCell(v));
  return cells;
}

[[noreturn]] void Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), status.ToString().c_str());
  std::abort();
}

void RecordState(const Instance& instance, RunRecord& record) {
  for (const auto& [name, item] : instance.Exports()) {
    if (item.kind == ExternKind::kMemory) {
      record.memory_hash = HashMemory(item.memory->bytes());
    } else if (item.kind == ExternKind::kGlobal) {
      record.globals.push_back(ToCell(item.global->Get()));
    }
  }
}

std::string TrapText(const std::optional<Trap>& trap) {
  return trap ? internal::TrapText(*trap) : "none";
}

std::string CellsText(const std::vector<Cell>& cells) {
  std::string text;
  for (const Cell& cell : cells) {
    text += std::string(ValTypeName(cell.first)) + ":" +
            std::to_string(cell.second) + " ";
  }
  return text;
}

std::string CallText(const CallRecord& call) {
  return call.name + " -> [" + CellsText(call.results) +
         "] trap: " + TrapText(call.trap) +
         ", gas: " + std::to_string(call.gas_used);
}

// A host function that returns zeros (null references) of its result types.
// `context` is the FuncType, owned by the module.
std::optional<TrapKind> ReturnZeros(void* context, HostCall& /*call*/,
                                    std::span<const Value> /*args*/,
                                    std::span<Value> results) {
  const FuncType& type = *static_cast<const FuncType*>(context);
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Value::FromSlot(type.results[i], 0);
  }
  return std::nullopt;
}

}  // namespace

Value Argument(ValType t, testing::Choices& choices) {
  const bool edge = choices.Below(2) == 0;
  const int64_t small = int64_t{choices.Below(4)} - 1;  // -1 to 2
  switch (t) {
    case ValType::kI32:
      return Value::I32(edge ? static_cast<uint32_t>(small) : choices.U32());
    case ValType::kI64:
      return Value::I64(edge ? static_cast<uint64_t>(small) : choices.U64());
    case ValType::kF32:
      return Value::F32Bits(choices.U32());
    case ValType::kF64:
      return Value::F64Bits(choices.U64());
    case ValType::kExternRef:
      return edge ? Value::Null(t) : Value::ExternRef(choices.Below(4));
    default:
      return Value::Null(t);
  }
}

uint64_t HashMemory(std::span<const uint8_t> bytes) {
  uint64_t hash =
      0xcbf29ce484222325 ^ (bytes.size() / MemoryInstance::kPageSize);
  for (uint8_t b : bytes) hash = (hash ^ b) * 0x100000001b3;
  return hash;
}

bool DefineStubImports(const Module& module, Store& store, Linker& linker) {
  for (const Import& import : module.imports) {
    Extern item;
    switch (import.kind) {
      case ExternKind::kFunction: {
        const FuncType& type = module.types[import.type_index];
        item = Extern::Of(store.NewHostFunction(
            type, {ReturnZeros, const_cast<FuncType*>(&type)}));
        break;
      }
      case ExternKind::kTable:
        item = Extern::Of(store.NewTable(import.table));
        break;
      case ExternKind::kMemory:
        item = Extern::Of(store.NewMemory(import.memory));
        if (item.memory == nullptr) return false;
        break;
      case ExternKind::kGlobal:
        item = Extern::Of(store.NewGlobal(
            import.global, Value::FromSlot(import.global.type, 0)));
        break;
    }
    linker.Define(import.module, import.name, item);
  }
  return true;
}

std::optional<RunRecord> RunExports(
    const std::shared_ptr<const CompiledModule>& module,
    std::span<const uint8_t> arg_bytes, const CallOptions& options,
    size_t max_calls) {
  Store store(Profile::Contract());
  Linker linker;
  if (!DefineStubImports(ModuleOf(*module), store, linker)) return std::nullopt;
  // The start function is metered whatever `options` say, so one that loops
  // ends out of gas.
  const CallOptions start{.metering = true,
                          .gas_limit = kFuzzGasLimit,
                          .dispatch = options.dispatch};
  absl::StatusOr<InstantiateResult> inst =
      Instantiate(store, module, linker, start);
  if (!inst.ok()) {
    // One name imported as two kinds cannot be linked; anything else is a bug.
    if (!ModuleOf(*module).imports.empty()) return std::nullopt;
    Fail("instantiate", inst.status());
  }
  RunRecord record;
  record.instantiate_trap = inst->trap;
  if (inst->trap) return record;
  testing::Choices choices(arg_bytes);
  for (const auto& [name, item] : inst->instance->Exports()) {
    if (item.kind != ExternKind::kFunction) continue;
    if (record.calls.size() == max_calls) break;
    std::vector<Value> args;
    for (ValType t : item.function->type->params) {
      args.push_back(Argument(t, choices));
    }
    absl::StatusOr<CallResult> result =
        Call(store, *item.function, args, options);
    if (!result.ok()) Fail("call " + name, result.status());
    record.calls.push_back(
        {name, ToCells(result->results), result->trap, result->gas_used});
  }
  RecordState(*inst->instance, record);
  return record;
}

std::string Differences(const RunRecord& a, const RunRecord& b,
                        bool compare_gas, bool compare_state) {
  if (a.instantiate_trap != b.instantiate_trap) {
    return "instantiation trap: " + TrapText(a.instantiate_trap) + " vs " +
           TrapText(b.instantiate_trap);
  }
  for (size_t i = 0; i < std::min(a.calls.size(), b.calls.size()); ++i) {
    CallRecord x = a.calls[i];
    CallRecord y = b.calls[i];
    if (!compare_gas) x.gas_used = y.gas_used = 0;
    if (x != y)
      return "call " + CallText(a.calls[i]) + " vs " + CallText(b.calls[i]);
  }
  if (!compare_state) return "";
  if (a.memory_hash != b.memory_hash) return "exported memory differs";
  if (a.globals != b.globals) {
    return "exported globals: " + CellsText(a.globals) + "vs " +
           CellsText(b.globals);
  }
  return "";
}

}  // namespace dytallix::internal
