#include "vm/interpreter.h"

#include <algorithm>
#include <cstring>

#include "absl/container/inlined_vector.h"
#include "vm/code.h"
#include "vm/handlers.h"

#ifndef DYTALLIX_THREADED_DISPATCH
#define DYTALLIX_THREADED_DISPATCH 0
#endif

#if DYTALLIX_THREADED_DISPATCH
// Labels as values are a GNU extension; this file is the one place using it.
#pragma GCC diagnostic ignored "-Wpedantic"
#endif

namespace dytallix::internal {
namespace {

using handlers::Get;

DYT_ALWAYS_INLINE void LoadMemory(const Instance* inst, uint8_t** mem,
                                  uint64_t* size) {
  if (inst->memories.empty()) {
    *mem = nullptr;
    *size = 0;
    return;
  }
  *mem = inst->memories[0]->base();
  *size = inst->memories[0]->size();
}

// Frames are small: plain loops beat memset/memcpy calls here.
DYT_ALWAYS_INLINE void InitFrame(const CompiledFunction& code, uint64_t* fp) {
  uint64_t* locals = fp + code.num_params;
  for (uint32_t i = 0; i < code.num_locals; ++i) locals[i] = 0;
  uint64_t* constants = locals + code.num_locals;
  const uint64_t* values = code.constants.data();
  const size_t count = code.constants.size();
  for (size_t i = 0; i < count; ++i) constants[i] = values[i];
}

// Takes a dynamic charge from `gas`; false (nothing taken) if it exceeds
// what is left.
DYT_ALWAYS_INLINE bool ChargeDynamic(int64_t* gas, uint64_t amount) {
  if (amount > static_cast<uint64_t>(*gas)) return false;
  *gas -= static_cast<int64_t>(amount);
  return true;
}

// The count operand (bytes, pages or elements) of a sized instruction.
DYT_ALWAYS_INLINE uint64_t SizeAt(const uint32_t* ip, const uint64_t* fp,
                                  int word) {
  return Get<uint32_t>(fp[ip[word]]);
}

Trap TrapAt(TrapKind kind, const FunctionInstance& func, const uint32_t* ip) {
  const CompiledFunction& code = *func.code;
  return Trap{kind, func.index,
              code.OffsetAt(static_cast<uint32_t>(ip - code.code.data()))};
}

}  // namespace

std::optional<TrapKind> CallHost(Store& store, const FunctionInstance& function,
                                 Instance* caller, uint64_t* frame,
                                 int64_t* gas) {
  const FuncType& type = function.type;
  absl::InlinedVector<Value, 8> args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    args.push_back(Value::FromSlot(type.params[i], frame[i]));
  }
  absl::InlinedVector<Value, 4> results;
  for (ValType t : type.results) results.push_back(Value::FromSlot(t, 0));
  HostCall call(store, caller, gas);
  if (std::optional<TrapKind> trap = function.host.fn(
          function.host.context, call, std::span<const Value>(args),
          std::span<Value>(results))) {
    return trap;
  }
  for (size_t i = 0; i < results.size(); ++i) frame[i] = results[i].slot();
  return std::nullopt;
}

std::optional<Trap> Execute(Store& store, const FunctionInstance& function,
                            uint64_t* frame, int64_t* gas_left) {
  ExecutionStack& stack = store.stack();
  const uint32_t max_depth = store.profile().max_call_depth;
  const uint64_t* const stack_end =
      stack.slots.get() + store.profile().max_value_stack;
  const size_t frame_base = stack.frames.size();
  const uint32_t depth_base = stack.depth;
  const uint64_t slots_base = stack.slots_used;

  if (depth_base >= max_depth) {
    return Trap{TrapKind::kCallStackExhausted, function.index, 0};
  }
  if (frame + function.code->frame_size > stack_end) {
    return Trap{TrapKind::kValueStackExhausted, function.index, 0};
  }

  // The run loop's registers.
  const FunctionInstance* func = &function;
  Instance* inst = func->instance;
  uint64_t* fp = frame;
  const uint32_t* ip = func->code->code.data();
  uint8_t* mem;
  uint64_t mem_size;
  LoadMemory(inst, &mem, &mem_size);
  int64_t gas = *gas_left;
  uint32_t depth = depth_base + 1;
  TrapKind trap_kind = TrapKind::kUnreachable;
  // Set by call instructions before `goto call`.
  const FunctionInstance* callee = nullptr;
  uint64_t* callee_fp = nullptr;
  const uint32_t* next_ip = nullptr;
  InitFrame(*func->code, fp);

#if DYTALLIX_THREADED_DISPATCH
  static const void* const kLabels[] = {
#define DYT_VM_UNARY(Name, R, A) &&op_##Name,
#define DYT_VM_BINARY(Name, R, A) &&op_##Name,
#define DYT_VM_UNARY_TRAP(Name, R, A) &&op_##Name,
#define DYT_VM_BINARY_TRAP(Name, R, A) &&op_##Name,
#define DYT_VM_LOAD(Name, R, M) &&op_##Name,
#define DYT_VM_STORE(Name, V, M) &&op_##Name,
#define DYT_VM_OTHER(Name, words) &&op_##Name,
#include "vm/vm_ops.def"
  };
#define DYT_NEXT() goto* kLabels[*ip]
#define DYT_CASE(Name) op_##Name
  DYT_NEXT();
  {
#else
#define DYT_NEXT() goto dispatch
#define DYT_CASE(Name) case VmOp::k##Name
dispatch:
  switch (static_cast<VmOp>(*ip)) {
#endif
#define DYT_STEP(Name) ip += SizeOf(VmOp::k##Name)
// Dynamic gas, charged before the instruction does its work.
#define DYT_CHARGE(amount) \
  if (!ChargeDynamic(&gas, (amount))) DYT_TRAP(TrapKind::kOutOfGas)
#define DYT_TRAP(kind) \
  do {                 \
    trap_kind = kind;  \
    goto trap;         \
  } while (false)
// After a branch or call charged the block it entered at `ip`: running out
// traps where that block's own Gas instruction is (vm/charge_folding.h).
#define DYT_ENTERED()                        \
  if (gas < 0) {                             \
    ip -= SizeOf(VmOp::kGas);                \
    DYT_TRAP(TrapKind::kOutOfGas);           \
  }

    // clang-format off
    // Numeric instructions, loads and stores, from the table.
#define DYT_VM_UNARY(Name, R, A) \
    DYT_CASE(Name): handlers::Unary<R, A, numeric::Name>(ip, fp); DYT_STEP(Name); DYT_NEXT();
#define DYT_VM_BINARY(Name, R, A) \
    DYT_CASE(Name): handlers::Binary<R, A, numeric::Name>(ip, fp); DYT_STEP(Name); DYT_NEXT();
#define DYT_VM_UNARY_TRAP(Name, R, A) \
    DYT_CASE(Name): if (!handlers::UnaryTrap<R, A, numeric::Name>(ip, fp, &trap_kind)) goto trap; DYT_STEP(Name); DYT_NEXT();
#define DYT_VM_BINARY_TRAP(Name, R, A) \
    DYT_CASE(Name): if (!handlers::BinaryTrap<R, A, numeric::Name>(ip, fp, &trap_kind)) goto trap; DYT_STEP(Name); DYT_NEXT();
#define DYT_VM_LOAD(Name, R, M) \
    DYT_CASE(Name): if (!handlers::Load<R, M>(ip, fp, mem, mem_size)) DYT_TRAP(TrapKind::kOutOfBoundsMemoryAccess); DYT_STEP(Name); DYT_NEXT();
#define DYT_VM_STORE(Name, V, M) \
    DYT_CASE(Name): if (!handlers::Store<V, M>(ip, fp, mem, mem_size)) DYT_TRAP(TrapKind::kOutOfBoundsMemoryAccess); DYT_STEP(Name); DYT_NEXT();
#include "vm/vm_ops.def"

    // Hand-written instructions.
    DYT_CASE(Gas): if ((gas -= ip[1]) < 0) DYT_TRAP(TrapKind::kOutOfGas); DYT_STEP(Gas); DYT_NEXT();
    DYT_CASE(Unreachable): DYT_TRAP(TrapKind::kUnreachable);
    DYT_CASE(Br): gas -= ip[2]; ip = handlers::Jump(ip, ip[1]); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIf): ip = handlers::BrIf(ip, fp, true, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrUnless): ip = handlers::BrIf(ip, fp, false, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrTable): ip = handlers::BrTable(ip, fp); DYT_NEXT();
    DYT_CASE(BrIfI32Eq): ip = handlers::BrIfCompare<numeric::I32Eq>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIfI32Ne): ip = handlers::BrIfCompare<numeric::I32Ne>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIfI32LtS): ip = handlers::BrIfCompare<numeric::I32LtS>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIfI32LtU): ip = handlers::BrIfCompare<numeric::I32LtU>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIfI32GeS): ip = handlers::BrIfCompare<numeric::I32GeS>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(BrIfI32GeU): ip = handlers::BrIfCompare<numeric::I32GeU>(ip, fp, &gas); DYT_ENTERED(); DYT_NEXT();
    DYT_CASE(Copy): handlers::Copy(ip, fp); DYT_STEP(Copy); DYT_NEXT();
    DYT_CASE(Const32): handlers::Const32(ip, fp); DYT_STEP(Const32); DYT_NEXT();
    DYT_CASE(Const64): handlers::Const64(ip, fp); DYT_STEP(Const64); DYT_NEXT();
    DYT_CASE(Select): handlers::Select(ip, fp); DYT_STEP(Select); DYT_NEXT();
    DYT_CASE(CanonF32): handlers::CanonF32(ip, fp); DYT_STEP(CanonF32); DYT_NEXT();
    DYT_CASE(CanonF64): handlers::CanonF64(ip, fp); DYT_STEP(CanonF64); DYT_NEXT();
    DYT_CASE(GlobalGet): fp[ip[1]] = inst->globals[ip[2]]->value; DYT_STEP(GlobalGet); DYT_NEXT();
    DYT_CASE(GlobalSet): inst->globals[ip[1]]->value = fp[ip[2]]; DYT_STEP(GlobalSet); DYT_NEXT();
    DYT_CASE(RefFunc): fp[ip[1]] = reinterpret_cast<uintptr_t>(inst->functions[ip[2]]); DYT_STEP(RefFunc); DYT_NEXT();
    DYT_CASE(MemorySize): fp[ip[1]] = inst->memories[0]->pages(); DYT_STEP(MemorySize); DYT_NEXT();
    DYT_CASE(MemoryGrow): DYT_CHARGE(SizeAt(ip, fp, 2) * func->code->gas.memory_grow_page); fp[ip[1]] = static_cast<uint32_t>(inst->memories[0]->Grow(Get<uint32_t>(fp[ip[2]]))); LoadMemory(inst, &mem, &mem_size); DYT_STEP(MemoryGrow); DYT_NEXT();
    DYT_CASE(MemoryFill): DYT_CHARGE(func->code->gas.BulkBytes(SizeAt(ip, fp, 3))); if (!handlers::MemoryFill(ip, fp, mem, mem_size)) DYT_TRAP(TrapKind::kOutOfBoundsMemoryAccess); DYT_STEP(MemoryFill); DYT_NEXT();
    DYT_CASE(MemoryCopy): DYT_CHARGE(func->code->gas.BulkBytes(SizeAt(ip, fp, 3))); if (!handlers::MemoryCopy(ip, fp, mem, mem_size)) DYT_TRAP(TrapKind::kOutOfBoundsMemoryAccess); DYT_STEP(MemoryCopy); DYT_NEXT();
    DYT_CASE(MemoryInit): DYT_CHARGE(func->code->gas.BulkBytes(SizeAt(ip, fp, 4))); if (!handlers::MemoryInit(ip, fp, *inst, mem, mem_size)) DYT_TRAP(TrapKind::kOutOfBoundsMemoryAccess); DYT_STEP(MemoryInit); DYT_NEXT();
    DYT_CASE(DataDrop): inst->dropped_data[ip[1]] = true; DYT_STEP(DataDrop); DYT_NEXT();
    DYT_CASE(TableGet): if (auto t = handlers::TableGet(ip, fp, *inst)) DYT_TRAP(*t); DYT_STEP(TableGet); DYT_NEXT();
    DYT_CASE(TableSet): if (auto t = handlers::TableSet(ip, fp, *inst)) DYT_TRAP(*t); DYT_STEP(TableSet); DYT_NEXT();
    DYT_CASE(TableSize): fp[ip[1]] = inst->tables[ip[2]]->size(); DYT_STEP(TableSize); DYT_NEXT();
    DYT_CASE(TableGrow): DYT_CHARGE(SizeAt(ip, fp, 4) * func->code->gas.table_element); handlers::TableGrow(ip, fp, *inst); DYT_STEP(TableGrow); DYT_NEXT();
    DYT_CASE(TableFill): DYT_CHARGE(SizeAt(ip, fp, 4) * func->code->gas.table_element); if (auto t = handlers::TableFill(ip, fp, *inst)) DYT_TRAP(*t); DYT_STEP(TableFill); DYT_NEXT();
    DYT_CASE(TableCopy): DYT_CHARGE(SizeAt(ip, fp, 5) * func->code->gas.table_element); if (auto t = handlers::TableCopy(ip, fp, *inst)) DYT_TRAP(*t); DYT_STEP(TableCopy); DYT_NEXT();
    DYT_CASE(TableInit): DYT_CHARGE(SizeAt(ip, fp, 5) * func->code->gas.table_element); if (auto t = handlers::TableInit(ip, fp, *inst)) DYT_TRAP(*t); DYT_STEP(TableInit); DYT_NEXT();
    DYT_CASE(ElemDrop): inst->elements[ip[1]] = {}; DYT_STEP(ElemDrop); DYT_NEXT();
    DYT_CASE(Call): callee = inst->functions[ip[1]]; callee_fp = fp + ip[2]; next_ip = ip + SizeOf(VmOp::kCall); goto call;
    DYT_CASE(CallIndirect): callee = handlers::IndirectCallee(ip, fp, *inst, &trap_kind); if (callee == nullptr) goto trap; callee_fp = fp + ip[4]; next_ip = ip + SizeOf(VmOp::kCallIndirect); goto call;
    // clang-format on

    DYT_CASE(Return) : {
      handlers::MoveDown(fp, fp + ip[1], ip[2]);
      if (stack.frames.size() == frame_base) goto done;
      const CallFrame& caller = stack.frames.back();
      ip = caller.return_ip;
      fp = caller.fp;
      func = caller.function;
      stack.frames.pop_back();
      --depth;
      if (func->instance != inst) {
        inst = func->instance;
        LoadMemory(inst, &mem, &mem_size);
      }
      DYT_NEXT();
    }

#if !DYTALLIX_THREADED_DISPATCH
    DYT_CASE(Count) : __builtin_unreachable();
#endif
  }

call:
  if (callee->code == nullptr) {
    // A host function may re-enter the VM: its frames go above ours.
    stack.slots_used =
        static_cast<uint64_t>(fp + func->code->frame_size - stack.slots.get());
    stack.depth = depth;
    std::optional<TrapKind> t = CallHost(store, *callee, inst, callee_fp, &gas);
    stack.slots_used = slots_base;
    if (t) DYT_TRAP(*t);
    LoadMemory(inst, &mem, &mem_size);
    ip = next_ip;
    DYT_NEXT();
  }
  if (depth >= max_depth) DYT_TRAP(TrapKind::kCallStackExhausted);
  if (callee_fp + callee->code->frame_size > stack_end) {
    DYT_TRAP(TrapKind::kValueStackExhausted);
  }
  ++depth;
  stack.frames.push_back({next_ip, fp, func});
  fp = callee_fp;
  func = callee;
  InitFrame(*func->code, fp);
  if (func->instance != inst) {
    inst = func->instance;
    LoadMemory(inst, &mem, &mem_size);
  }
  ip = func->code->code.data() + func->code->entry_skip;
  gas -= func->code->entry_cost;
  DYT_ENTERED();
  DYT_NEXT();

trap : {
  const Trap trap = TrapAt(trap_kind, *func, ip);
  stack.frames.resize(frame_base);
  stack.depth = depth_base;
  *gas_left = gas;
  return trap;
}

done:
  stack.depth = depth_base;
  *gas_left = gas;
  return std::nullopt;

#undef DYT_CHARGE
#undef DYT_ENTERED
#undef DYT_TRAP
#undef DYT_STEP
#undef DYT_CASE
#undef DYT_NEXT
}

}  // namespace dytallix::internal
