// Instantiation (WebAssembly 2.0, "instantiate"): link imports, allocate the
// module's objects, evaluate globals and element segments, apply active
// element then data segments in order, run the start function.

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "vm/code.h"
#include "vm/engine.h"

namespace dytallix::internal {
namespace {

absl::Status Unlinkable(const Import& import, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("unlinkable: ", std::string(why), " for import \"",
                   import.module, "\".\"", import.name, "\" (",
                   std::string(ExternKindName(import.kind)), ")"));
}

// Limits subtyping: `actual` may be larger and narrower than `wanted`.
bool LimitsMatch(const Limits& actual, const Limits& wanted) {
  if (actual.min < wanted.min) return false;
  if (!wanted.max) return true;
  return actual.max && *actual.max <= *wanted.max;
}

absl::Status CheckImport(const Module& module, const Import& import,
                         const Extern& value) {
  if (value.kind != import.kind) return Unlinkable(import, "wrong kind");
  bool ok = false;
  switch (import.kind) {
    case ExternKind::kFunction:
      ok = *value.function->type == module.types[import.type_index];
      break;
    case ExternKind::kTable:
      ok = value.table->type.elem_type == import.table.elem_type &&
           LimitsMatch(value.table->type.limits, import.table.limits);
      break;
    case ExternKind::kMemory:
      ok = LimitsMatch(value.memory->type().limits, import.memory.limits);
      break;
    case ExternKind::kGlobal:
      ok = value.global->type.type == import.global.type &&
           value.global->type.is_mutable == import.global.is_mutable;
      break;
  }
  return ok ? absl::OkStatus() : Unlinkable(import, "incompatible import type");
}

absl::Status LinkImports(const Module& module, const Linker& linker,
                         Instance& inst) {
  for (const Import& import : module.imports) {
    const std::optional<Extern> value = linker.Find(import.module, import.name);
    if (!value) return Unlinkable(import, "unknown import");
    DYT_RETURN_IF_ERROR(CheckImport(module, import, *value));
    switch (import.kind) {
      case ExternKind::kFunction:
        inst.functions.push_back(value->function);
        break;
      case ExternKind::kTable:
        inst.tables.push_back(value->table);
        break;
      case ExternKind::kMemory:
        inst.memories.push_back(value->memory);
        break;
      case ExternKind::kGlobal:
        inst.globals.push_back(value->global);
        break;
    }
  }
  return absl::OkStatus();
}

// A validated constant expression: one constant, ref.null, ref.func or
// global.get (of an imported global, or any earlier one).
uint64_t Evaluate(const ConstExpr& expr, const Instance& inst) {
  const Instr& instr = expr.instrs.front();
  if (const std::optional<uint64_t> value = ConstantSlot(instr)) return *value;
  if (instr.op == Opcode::kRefFunc) {
    return reinterpret_cast<uintptr_t>(inst.functions[instr.function_index()]);
  }
  return inst.globals[instr.global_index()]->value;  // global.get
}

absl::Status AllocateDefined(Store& store, const CompiledModule& compiled,
                             Instance& inst) {
  const Module& module = compiled.module;
  for (const FuncType& type : module.types) {
    inst.type_ids.push_back(store.TypeId(type));
  }
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const uint32_t type_index = module.functions[i].type_index;
    inst.functions.push_back(store.NewFunction(
        {.type = &module.types[type_index],
         .type_id = inst.type_ids[type_index],
         .instance = &inst,
         .code = compiled.lazy == nullptr ? &compiled.functions[i] : nullptr,
         .index = module.NumImportedFunctions() + static_cast<uint32_t>(i),
         .host = {}}));
  }
  for (const TableType& type : module.tables) {
    inst.tables.push_back(store.NewTable(type));
  }
  for (const MemoryType& type : module.memories) {
    MemoryInstance* memory = store.NewMemory(type);
    if (memory == nullptr) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "cannot allocate a memory of ", type.limits.min, " pages"));
    }
    inst.memories.push_back(memory);
  }
  for (const Global& global : module.globals) {
    const uint64_t value = Evaluate(global.init, inst);
    inst.globals.push_back(
        store.NewGlobal(global.type, Value::FromSlot(global.type.type, value)));
  }
  for (const ElementSegment& segment : module.elements) {
    std::vector<uint64_t>& refs = inst.elements.emplace_back();
    for (const ConstExpr& e : segment.init) refs.push_back(Evaluate(e, inst));
  }
  inst.dropped_data.assign(module.data.size(), false);
  return absl::OkStatus();
}

// Applies active segments in order; the first out-of-bounds one traps, after
// the earlier ones took effect.
std::optional<Trap> ApplySegments(const Module& module, Instance& inst) {
  for (size_t i = 0; i < module.elements.size(); ++i) {
    const ElementSegment& segment = module.elements[i];
    if (segment.mode == SegmentMode::kPassive) continue;
    std::vector<uint64_t>& refs = inst.elements[i];
    if (segment.mode == SegmentMode::kActive) {
      TableInstance& table = *inst.tables[segment.table_index];
      const uint64_t offset =
          static_cast<uint32_t>(Evaluate(segment.offset, inst));
      if (offset + refs.size() > table.size()) {
        return Trap{TrapKind::kOutOfBoundsTableAccess, 0, segment.byte_offset};
      }
      std::copy(refs.begin(), refs.end(), table.elements.begin() + offset);
    }
    refs.clear();
  }
  for (size_t i = 0; i < module.data.size(); ++i) {
    const DataSegment& segment = module.data[i];
    if (segment.mode != SegmentMode::kActive) continue;
    MemoryInstance& memory = *inst.memories[segment.memory_index];
    const uint64_t offset =
        static_cast<uint32_t>(Evaluate(segment.offset, inst));
    if (offset + segment.bytes.size() > memory.size()) {
      return Trap{TrapKind::kOutOfBoundsMemoryAccess, 0, segment.byte_offset};
    }
    memory.Write(offset, segment.bytes);
    inst.dropped_data[i] = true;
  }
  return std::nullopt;
}

}  // namespace

void Linker::Define(std::string_view module, std::string_view name,
                    Extern value) {
  items_[{std::string(module), std::string(name)}] = value;
}

void Linker::DefineInstance(std::string_view module, const Instance& instance) {
  for (const auto& [name, value] : instance.Exports()) {
    Define(module, name, value);
  }
}

std::optional<Extern> Linker::Find(std::string_view module,
                                   std::string_view name) const {
  if (!items_.empty()) {
    auto it = items_.find({std::string(module), std::string(name)});
    if (it != items_.end()) return it->second;
  }
  if (resolver_ == nullptr) return std::nullopt;
  return resolver_(resolver_context_, module, name);
}

absl::StatusOr<InstantiateResult> Instantiate(
    Store& store, std::shared_ptr<const CompiledModule> compiled,
    const Linker& linker, const CallOptions& start) {
  auto staged = std::make_unique<Instance>();
  staged->compiled = std::move(compiled);
  const CompiledModule& code = *staged->compiled;  // kept alive by the instance
  const Module& module = code.module;
  DYT_RETURN_IF_ERROR(LinkImports(module, linker, *staged));
  Instance* inst = store.NewInstance();
  *inst = std::move(*staged);
  DYT_RETURN_IF_ERROR(AllocateDefined(store, code, *inst));
  if (std::optional<Trap> trap = ApplySegments(module, *inst)) {
    return InstantiateResult{.trap = trap};
  }
  if (!module.start) {
    return InstantiateResult{.instance = inst, .trap = std::nullopt};
  }
  DYT_ASSIGN_OR_RETURN(CallResult ran,
                       Call(store, *inst->functions[*module.start], {}, start));
  if (ran.trap) {
    return InstantiateResult{.trap = ran.trap, .start_gas_used = ran.gas_used};
  }
  return InstantiateResult{
      .instance = inst, .trap = std::nullopt, .start_gas_used = ran.gas_used};
}

}  // namespace dytallix::internal
