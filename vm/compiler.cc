#include "vm/compiler.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <vector>

#include "base/check.h"
#include "vm/charge_folding.h"
#include "vm/code_builder.h"
#include "vm/gas_schedule.h"

namespace dytallix::internal {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
// Constant slots cost a store each per call; past this many, constants are
// materialized by instructions instead. 16 left 14-17% of the instructions
// of the SHA-256 and CoreMark-like workloads materializing constants; 64
// removes nearly all of them (sha256 ~20% faster) and leaves small
// functions, which have few constants, as they were.
constexpr size_t kMaxConstantSlots = 64;

// A forward branch whose distance is patched when its label is placed:
// code[word] = label - instr.
struct Fixup {
  uint32_t word;
  uint32_t instr;
};

struct Control {
  Opcode kind = Opcode::kBlock;  // kBlock, kLoop, kIf; kNop: the function
  uint32_t height = 0;           // operand stack height below the params
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t loop_start = 0;          // kLoop: position of the label
  std::vector<Fixup> fixups;        // branches to the end
  std::optional<Fixup> else_fixup;  // kIf: the jump to the else (or end)
  uint32_t spill = kNone;           // kIf with else and params: first spill
  Control(Opcode k, uint32_t h, uint32_t params, uint32_t results)
      : kind(k), height(h), num_params(params), num_results(results) {}
  uint32_t Arity() const {
    return kind == Opcode::kLoop ? num_params : num_results;
  }
};

// Fusable i32 comparisons: the compare-and-branch op, and the one that
// branches when the comparison fails. Gt/Le are Lt/Ge with swapped operands.
struct Fusion {
  VmOp taken;
  VmOp not_taken;
  bool swap;
};
std::optional<Fusion> FusionOf(VmOp op) {
  switch (op) {
    case VmOp::kI32Eq:
      return Fusion{VmOp::kBrIfI32Eq, VmOp::kBrIfI32Ne, false};
    case VmOp::kI32Ne:
      return Fusion{VmOp::kBrIfI32Ne, VmOp::kBrIfI32Eq, false};
    case VmOp::kI32LtS:
      return Fusion{VmOp::kBrIfI32LtS, VmOp::kBrIfI32GeS, false};
    case VmOp::kI32LtU:
      return Fusion{VmOp::kBrIfI32LtU, VmOp::kBrIfI32GeU, false};
    case VmOp::kI32GeS:
      return Fusion{VmOp::kBrIfI32GeS, VmOp::kBrIfI32LtS, false};
    case VmOp::kI32GeU:
      return Fusion{VmOp::kBrIfI32GeU, VmOp::kBrIfI32LtU, false};
    case VmOp::kI32GtS:
      return Fusion{VmOp::kBrIfI32LtS, VmOp::kBrIfI32GeS, true};
    case VmOp::kI32GtU:
      return Fusion{VmOp::kBrIfI32LtU, VmOp::kBrIfI32GeU, true};
    case VmOp::kI32LeS:
      return Fusion{VmOp::kBrIfI32GeS, VmOp::kBrIfI32LtS, true};
    case VmOp::kI32LeU:
      return Fusion{VmOp::kBrIfI32GeU, VmOp::kBrIfI32LtU, true};
    default:
      return std::nullopt;
  }
}

class FunctionCompiler {
 public:
  FunctionCompiler(const Module& module, uint32_t defined_index,
                   const Function& body, const FunctionInfo& info,
                   const Profile& profile, const GasOptions& gas)
      : module_(module),
        schedule_(gas.schedule),
        function_(body),
        info_(info),
        canonicalize_(profile.canonicalize_nans),
        out_(Header(module, defined_index, body)),
        first_constant_slot_(out_.num_params + out_.num_locals),
        first_stack_slot_(first_constant_slot_ +
                          static_cast<uint32_t>(out_.constants.size())),
        first_spill_slot_(first_stack_slot_ + info.max_stack_height),
        code_(out_, first_stack_slot_, gas.metering, ThreadScratch()) {
    // Sized for the usual output (1.6-1.9 code words and 0.42-0.58 offsets
    // per WebAssembly instruction over the benchmark workloads), so the
    // buffers are not grown and copied a dozen times per function.
    const size_t instructions = function_.code.size();
    out_.code.reserve(2 * instructions + 8);
    out_.offsets.reserve(instructions / 2 + 8);
    out_.gas = gas.schedule.dynamic;
    out_.metered = gas.metering != GasMetering::kNone;
    fold_charges_ = gas.metering == GasMetering::kPerBlock;
  }

  // The code builder's buffers, reused by every function this thread
  // compiles (loads run on many threads at once in block execution).
  static constexpr size_t kMaxKeptScratchBytes = 256 * 1024;
  static CodeBuilder::Scratch& ThreadScratch() {
    thread_local CodeBuilder::Scratch scratch;
    return scratch;
  }

  CompiledFunction Compile() {
    control_.emplace_back(Opcode::kNop, 0, 0, out_.num_results);
    code_.SetSourceOffset(function_.code.front().offset);
    code_.StartBlock();
    code_.Charge(out_.num_locals * schedule_.local);
    for (pc_ = 0; pc_ < function_.code.size(); ++pc_) {
      const Instr& instr = function_.code[pc_];
      code_.SetSourceOffset(instr.offset);
      if (!Skipped(instr)) Lower(instr);
    }
    out_.frame_size =
        std::max(first_spill_slot_ + max_spill_, out_.num_results);
    if (fold_charges_) {
      FoldCharges(out_, code_.GasStarts(), code_.Branches(),
                  ThreadScratch().fold_table);
    }
    ThreadScratch().Trim(kMaxKeptScratchBytes);
    return std::move(out_);
  }

 private:
  // The function's metadata, and its constant slots: the first
  // kMaxConstantSlots distinct constants of the body, which instructions then
  // read like folded locals.
  static CompiledFunction Header(const Module& module, uint32_t defined_index,
                                 const Function& function) {
    const FuncType& type = module.types[function.type_index];
    CompiledFunction out;
    out.index = module.NumImportedFunctions() + defined_index;
    out.num_params = static_cast<uint32_t>(type.params.size());
    out.num_locals = static_cast<uint32_t>(function.num_locals);
    out.num_results = static_cast<uint32_t>(type.results.size());
    for (const Instr& instr : function.code) {
      if (out.constants.size() == kMaxConstantSlots) break;
      const std::optional<uint64_t> value = ConstantSlot(instr);
      if (value && std::find(out.constants.begin(), out.constants.end(),
                             *value) == out.constants.end()) {
        out.constants.push_back(*value);
      }
    }
    return out;
  }

  // Pushes a constant: its slot if it has one, else a Const instruction.
  void LowerConstant(const Instr& instr) {
    const uint64_t value = *ConstantSlot(instr);
    auto it = std::find(out_.constants.begin(), out_.constants.end(), value);
    if (it != out_.constants.end()) {
      code_.Push(first_constant_slot_ +
                 static_cast<uint32_t>(it - out_.constants.begin()));
    } else if (value <= UINT32_MAX) {
      code_.Produce(VmOp::kConst32, op::Const32::kDst, {},
                    {{op::Const32::kValue, static_cast<uint32_t>(value)}});
    } else {
      using W = op::Const64;
      code_.Produce(VmOp::kConst64, W::kDst, {},
                    {{W::kLow, static_cast<uint32_t>(value)},
                     {W::kHigh, static_cast<uint32_t>(value >> 32)}});
    }
  }

  // In unreachable code, only the else/end of the current block matters.
  bool Skipped(const Instr& instr) {
    if (!unreachable_) return false;
    switch (instr.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
        ++skip_depth_;
        return true;
      case Opcode::kEnd:
        if (skip_depth_ == 0) return false;
        --skip_depth_;
        return true;
      case Opcode::kElse:
        return skip_depth_ > 0;
      default:
        return true;
    }
  }

  // A branch to `target`'s label from an instruction at `instr` whose
  // distance word is at `word`.
  void LinkBranch(Control& target, uint32_t instr, uint32_t word) {
    if (target.kind == Opcode::kLoop) {
      code_.Word(word) = target.loop_start - instr;
    } else {
      target.fixups.push_back({word, instr});
    }
  }

  void Patch(const Fixup& fixup) {
    code_.Word(fixup.word) = code_.Pos() - fixup.instr;
  }

  // The static cost of `instr`: its class's, plus the values a branch
  // carries (a taken branch may copy each of them, however often the same
  // values are branched with).
  uint32_t CostOf(const Instr& instr) {
    const uint32_t cost = schedule_.StaticCost(instr.op);
    switch (instr.op) {
      case Opcode::kBr:
      case Opcode::kBrIf:
        return cost +
               schedule_.value_moved * Target(instr.label_depth()).Arity();
      case Opcode::kBrTable:
        return cost +
               schedule_.value_moved *
                   Target(function_.br_table_targets[instr.br_table_first()])
                       .Arity();
      case Opcode::kReturn:
        return cost + schedule_.value_moved * out_.num_results;
      default:
        return cost;
    }
  }

  // --- Lowering ------------------------------------------------------------

  std::pair<uint32_t, uint32_t> BlockArity(const Instr& instr) const {
    const BlockShape shape = instr.block_shape();
    if (shape == BlockShape::kEmpty) return {0, 0};
    if (shape == BlockShape::kOneValue) return {0, 1};
    const FuncType& type = module_.types[instr.block_type_index()];
    return {static_cast<uint32_t>(type.params.size()),
            static_cast<uint32_t>(type.results.size())};
  }

  void Lower(const Instr& instr) {
    if (!unreachable_) code_.Charge(CostOf(instr));
    if (LowerGenerated(instr)) return;
    switch (instr.op) {
      case Opcode::kUnreachable:
        code_.Emit(VmOp::kUnreachable, {});
        unreachable_ = true;
        return;
      case Opcode::kNop:
        return;
      case Opcode::kBlock:
      case Opcode::kLoop:
        return LowerBlock(instr);
      case Opcode::kIf:
        return LowerIf(instr);
      case Opcode::kElse:
        return LowerElse();
      case Opcode::kEnd:
        return LowerEnd();
      case Opcode::kBr:
        return LowerBr(instr.label_depth());
      case Opcode::kBrIf:
        return LowerBrIf(instr.label_depth());
      case Opcode::kBrTable:
        return LowerBrTable(instr);
      case Opcode::kReturn:
        return LowerReturn();
      case Opcode::kCall:
        return LowerCall(instr.function_index());
      case Opcode::kCallIndirect:
        return LowerCallIndirect(instr);
      case Opcode::kDrop:
        code_.Pop();
        return;
      case Opcode::kSelect:
      case Opcode::kSelectT: {
        using W = op::Select;
        return code_.Produce(VmOp::kSelect, W::kDst,
                             {W::kIfTrue, W::kIfFalse, W::kCond});
      }
      case Opcode::kLocalGet:
        code_.Push(instr.local_index());
        return;
      case Opcode::kLocalSet:
        return LowerLocalSet(instr.local_index());
      case Opcode::kLocalTee:
        LowerLocalSet(instr.local_index());
        code_.Push(instr.local_index());
        return;
      case Opcode::kGlobalGet:
        return code_.Produce(VmOp::kGlobalGet, op::GlobalGet::kDst, {},
                             {{op::GlobalGet::kGlobal, instr.global_index()}});
      case Opcode::kGlobalSet:
        return code_.Consume(VmOp::kGlobalSet, {op::GlobalSet::kSrc},
                             {{op::GlobalSet::kGlobal, instr.global_index()}});
      case Opcode::kI32Const:
      case Opcode::kF32Const:
      case Opcode::kI64Const:
      case Opcode::kF64Const:
      case Opcode::kRefNull:
        return LowerConstant(instr);
      case Opcode::kRefFunc:
        return code_.Produce(
            VmOp::kRefFunc, op::RefFunc::kDst, {},
            {{op::RefFunc::kFunction, instr.function_index()}});
      default:
        return LowerStorage(instr);
    }
  }

  // Memory and table instructions.
  void LowerStorage(const Instr& instr) {
    switch (instr.op) {
      case Opcode::kMemorySize:
        return code_.Produce(VmOp::kMemorySize, op::MemorySize::kDst, {});
      case Opcode::kMemoryGrow:
        return code_.Produce(VmOp::kMemoryGrow, op::MemoryGrow::kDst,
                             {op::MemoryGrow::kDelta});
      case Opcode::kMemoryFill: {
        using W = op::MemoryFill;
        return code_.Consume(VmOp::kMemoryFill,
                             {W::kDst, W::kValue, W::kLength});
      }
      case Opcode::kMemoryCopy: {
        using W = op::MemoryCopy;
        return code_.Consume(VmOp::kMemoryCopy, {W::kDst, W::kSrc, W::kLength});
      }
      case Opcode::kMemoryInit: {
        using W = op::MemoryInit;
        return code_.Consume(VmOp::kMemoryInit, {W::kDst, W::kSrc, W::kLength},
                             {{W::kSegment, instr.segment_index()}});
      }
      case Opcode::kDataDrop:
        return code_.Consume(VmOp::kDataDrop, {},
                             {{op::DataDrop::kSegment, instr.segment_index()}});
      case Opcode::kTableGet:
        return code_.Produce(VmOp::kTableGet, op::TableGet::kDst,
                             {op::TableGet::kIndex},
                             {{op::TableGet::kTable, instr.table_index()}});
      case Opcode::kTableSet: {
        using W = op::TableSet;
        return code_.Consume(VmOp::kTableSet, {W::kIndex, W::kValue},
                             {{W::kTable, instr.table_index()}});
      }
      case Opcode::kTableSize:
        return code_.Produce(VmOp::kTableSize, op::TableSize::kDst, {},
                             {{op::TableSize::kTable, instr.table_index()}});
      case Opcode::kTableGrow: {
        using W = op::TableGrow;
        return code_.Produce(VmOp::kTableGrow, W::kDst, {W::kInit, W::kDelta},
                             {{W::kTable, instr.table_index()}});
      }
      case Opcode::kTableFill: {
        using W = op::TableFill;
        return code_.Consume(VmOp::kTableFill,
                             {W::kIndex, W::kValue, W::kLength},
                             {{W::kTable, instr.table_index()}});
      }
      case Opcode::kTableCopy: {
        using W = op::TableCopy;
        return code_.Consume(VmOp::kTableCopy, {W::kDst, W::kSrc, W::kLength},
                             {{W::kDstTable, instr.table_index()},
                              {W::kSrcTable, instr.source_table_index()}});
      }
      case Opcode::kTableInit: {
        using W = op::TableInit;
        return code_.Consume(VmOp::kTableInit, {W::kDst, W::kSrc, W::kLength},
                             {{W::kTable, instr.table_index()},
                              {W::kSegment, instr.segment_index()}});
      }
      case Opcode::kElemDrop:
        return code_.Consume(VmOp::kElemDrop, {},
                             {{op::ElemDrop::kSegment, instr.segment_index()}});
      default:
        return;  // every other opcode is generated from vm_ops.def
    }
  }

  // Numeric, load and store instructions, generated from vm/vm_ops.def.
  bool LowerGenerated(const Instr& instr) {
    switch (instr.op) {
#define DYT_VM_UNARY(Name, R, A) \
  case Opcode::k##Name:          \
    LowerUnary(VmOp::k##Name);   \
    return true;
#define DYT_VM_BINARY(Name, R, A) \
  case Opcode::k##Name:           \
    LowerBinary(VmOp::k##Name);   \
    return true;
#define DYT_VM_UNARY_TRAP(Name, R, A) DYT_VM_UNARY(Name, R, A)
#define DYT_VM_BINARY_TRAP(Name, R, A) DYT_VM_BINARY(Name, R, A)
#define DYT_VM_FUNARY(Name, R, A)                                     \
  case Opcode::k##Name:                                               \
    LowerUnary(canonicalize_ ? VmOp::k##Name##Canon : VmOp::k##Name); \
    return true;
#define DYT_VM_FBINARY(Name, R, A)                                     \
  case Opcode::k##Name:                                                \
    LowerBinary(canonicalize_ ? VmOp::k##Name##Canon : VmOp::k##Name); \
    return true;
#define DYT_VM_LOAD(Name, R, M)                          \
  case Opcode::k##Name:                                  \
    LowerLoad(VmOp::k##Name, VmOp::k##Name##Add, instr); \
    return true;
#define DYT_VM_STORE(Name, V, M)      \
  case Opcode::k##Name:               \
    LowerStore(VmOp::k##Name, instr); \
    return true;
#include "vm/vm_ops.def"
      default:
        return false;
    }
  }

  void LowerUnary(VmOp unary) {
    code_.Produce(unary, op::Unary::kDst, {op::Unary::kSrc});
  }
  void LowerBinary(VmOp binary) {
    code_.Produce(binary, op::Binary::kDst,
                  {op::Binary::kLhs, op::Binary::kRhs});
  }

  // A load whose address an i32.add just computed does the add itself.
  void LowerLoad(VmOp load, VmOp load_add, const Instr& instr) {
    if (const auto producer = code_.ProducerOf(code_.Top());
        producer && producer->op == VmOp::kI32Add) {
      using W = op::LoadAdd;
      code_.RemoveProducer();
      code_.Pop();
      code_.Produce(load_add, W::kDst, {},
                    {{W::kLhs, producer->lhs},
                     {W::kRhs, producer->rhs},
                     {W::kOffset, Offset(instr)}});
      return;
    }
    code_.Produce(load, op::Load::kDst, {op::Load::kAddr},
                  {{op::Load::kOffset, Offset(instr)}});
  }

  void LowerStore(VmOp store, const Instr& instr) {
    code_.Consume(store, {op::Store::kAddr, op::Store::kValue},
                  {{op::Store::kOffset, Offset(instr)}});
  }

  static uint32_t Offset(const Instr& instr) { return instr.memory_offset(); }

  void LowerLocalSet(uint32_t local) {
    const uint32_t value = code_.Pop();
    const bool folded_reads = code_.MaterializeReadsOf(local);
    if (value == local) return;
    // The instruction that just computed `value` can write the local itself,
    // unless an older read of the local was only now materialized after it.
    if (!folded_reads && code_.RetargetLastResult(value, local)) return;
    code_.EmitCopy(local, value);
  }

  // --- Control ---------------------------------------------------------------

  void LowerBlock(const Instr& instr) {
    const auto [params, results] = BlockArity(instr);
    code_.MaterializeAll();
    Control c(instr.op, code_.Height() - params, params, results);
    if (instr.op == Opcode::kLoop) {
      c.loop_start = code_.Pos();
      code_.StartBlock();
    }
    control_.push_back(std::move(c));
  }

  void LowerIf(const Instr& instr) {
    const auto [params, results] = BlockArity(instr);
    const uint32_t cond = code_.Pop();
    code_.MaterializeAll();
    Control c(Opcode::kIf, code_.Height() - params, params, results);
    const bool has_else =
        function_.code[info_.partner[pc_]].op == Opcode::kElse;
    if (has_else && params > 0) {
      // The then-branch may overwrite the parameters the else-branch needs.
      c.spill = first_spill_slot_ + spill_top_;
      spill_top_ += params;
      max_spill_ = std::max(max_spill_, spill_top_);
      for (uint32_t i = 0; i < params; ++i) {
        code_.EmitCopy(c.spill + i, code_.Home(c.height + i));
      }
    }
    c.else_fixup = EmitConditionalBranch(cond, /*when=*/false);
    code_.StartBlock();
    control_.push_back(std::move(c));
  }

  void LowerElse() {
    Control& c = control_.back();
    if (!unreachable_) {
      code_.MaterializeAll();
      const uint32_t pos = code_.EmitBranch(VmOp::kBr, {});
      c.fixups.push_back({pos + op::Br::kRel, pos});
    }
    Patch(*c.else_fixup);
    c.else_fixup.reset();
    code_.StartBlock();
    code_.Truncate(c.height);
    code_.PushHomes(c.num_params);
    if (c.spill != kNone) {
      for (uint32_t i = 0; i < c.num_params; ++i) {
        code_.EmitCopy(code_.Home(c.height + i), c.spill + i);
      }
      spill_top_ -= c.num_params;
      c.spill = kNone;
    }
    unreachable_ = false;
  }

  void LowerEnd() {
    if (control_.size() == 1) return LowerFunctionEnd();
    Control c = std::move(control_.back());
    control_.pop_back();
    if (!unreachable_) code_.MaterializeAll();
    const bool labelled = !c.fixups.empty() || c.else_fixup.has_value();
    if (labelled) {
      for (const Fixup& f : c.fixups) Patch(f);
      if (c.else_fixup) Patch(*c.else_fixup);
      code_.StartBlock();
      unreachable_ = false;
    }
    code_.Truncate(c.height);
    code_.PushHomes(c.num_results);
  }

  void LowerFunctionEnd() {
    Control& c = control_.back();
    const uint32_t results = c.num_results;
    if (!unreachable_) EmitReturn();
    if (!c.fixups.empty()) {
      for (const Fixup& f : c.fixups) Patch(f);
      EmitReturn(code_.Home(0), results);
    }
  }

  Control& Target(uint32_t depth) {
    return control_[control_.size() - 1 - depth];
  }

  // Copies the label's values from the stack top to the target's slots.
  // Sources never get overwritten before they are read: destinations are
  // below them, and folded locals and
  // constants lie below every operand slot.
  void EmitBranchCopies(const Control& target) {
    const uint32_t arity = target.Arity();
    for (uint32_t i = 0; i < arity; ++i) {
      code_.EmitCopy(code_.Home(target.height + i),
                     code_.At(code_.Height() - arity + i));
    }
  }
  bool BranchNeedsCopies(const Control& target) const {
    const uint32_t arity = target.Arity();
    for (uint32_t i = 0; i < arity; ++i) {
      if (code_.At(code_.Height() - arity + i) != code_.Home(target.height + i))
        return true;
    }
    return false;
  }

  void EmitBranch(uint32_t depth) {
    Control& target = Target(depth);
    if (target.kind == Opcode::kNop) return EmitReturn();
    EmitBranchCopies(target);
    const uint32_t pos = code_.EmitBranch(VmOp::kBr, {});
    LinkBranch(target, pos, pos + op::Br::kRel);
  }

  void LowerBr(uint32_t depth) {
    EmitBranch(depth);
    unreachable_ = true;
  }

  void LowerBrIf(uint32_t depth) {
    const uint32_t cond = code_.Pop();
    Control& target = Target(depth);
    code_.MaterializeTop(target.Arity());
    if (target.kind != Opcode::kNop && !BranchNeedsCopies(target)) {
      const Fixup branch = EmitConditionalBranch(cond, /*when=*/true);
      if (target.kind == Opcode::kLoop) {
        code_.Word(branch.word) = target.loop_start - branch.instr;
      } else {
        target.fixups.push_back(branch);
      }
    } else {
      const Fixup skip = EmitConditionalBranch(cond, /*when=*/false);
      EmitBranch(depth);
      Patch(skip);
    }
    code_.StartBlock();
  }

  // A branch taken when `cond` is non-zero (`when`) or zero (!`when`); fuses
  // the i32 comparison that just produced `cond`. Returns the distance word
  // to link.
  Fixup EmitConditionalBranch(uint32_t cond, bool when) {
    if (const auto producer = code_.ProducerOf(cond)) {
      if (const std::optional<Fusion> f = FusionOf(producer->op)) {
        using W = op::BrIfI32Eq;
        code_.RemoveProducer();
        const uint32_t lhs = f->swap ? producer->rhs : producer->lhs;
        const uint32_t rhs = f->swap ? producer->lhs : producer->rhs;
        const uint32_t pos = code_.EmitBranch(when ? f->taken : f->not_taken,
                                              {{W::kLhs, lhs}, {W::kRhs, rhs}});
        return {pos + W::kRel, pos};
      }
      if (producer->op == VmOp::kI32Eqz) {
        code_.RemoveProducer();
        return EmitBrIf(producer->lhs, !when);
      }
    }
    return EmitBrIf(cond, when);
  }
  // BrIf (`when`) or BrUnless (!`when`) on `cond`.
  Fixup EmitBrIf(uint32_t cond, bool when) {
    const uint32_t pos = code_.EmitBranch(when ? VmOp::kBrIf : VmOp::kBrUnless,
                                          {{op::BrIf::kCond, cond}});
    return {pos + op::BrIf::kRel, pos};
  }

  void LowerBrTable(const Instr& instr) {
    const uint32_t index = code_.Pop();
    const uint32_t first = instr.br_table_first();
    const uint32_t count = instr.br_table_count();
    const uint32_t arity = Target(function_.br_table_targets[first]).Arity();
    code_.MaterializeTop(arity);
    using W = op::BrTable;
    using Entry = op::BrTableEntry;
    const uint32_t pos = code_.Emit(
        VmOp::kBrTable, {{W::kIndex, index},
                         {W::kSrc, code_.Home(code_.Height() - arity)},
                         {W::kArity, arity},
                         {W::kCount, count}});
    for (uint32_t i = 0; i < count; ++i) {
      Control& target = Target(function_.br_table_targets[first + i]);
      const uint32_t entry = code_.Pos();
      for (uint32_t word = 0; word < Entry::kSize; ++word) code_.Append(0);
      code_.Word(entry + Entry::kDst) = code_.Home(target.height);
      LinkBranch(target, pos, entry + Entry::kRel);
    }
    unreachable_ = true;
  }

  void EmitReturn() {
    const uint32_t results = out_.num_results;
    code_.MaterializeTop(results);
    EmitReturn(code_.Home(code_.Height() - results), results);
  }
  void EmitReturn(uint32_t src, uint32_t count) {
    code_.Emit(VmOp::kReturn,
               {{op::Return::kSrc, src}, {op::Return::kCount, count}});
  }
  void LowerReturn() {
    EmitReturn();
    unreachable_ = true;
  }

  void LowerCall(uint32_t function_index) {
    const FuncType& type = module_.FunctionType(function_index);
    LowerCallWith(VmOp::kCall, {{op::Call::kFunction, function_index}},
                  op::Call::kFrame, type);
  }

  void LowerCallIndirect(const Instr& instr) {
    using W = op::CallIndirect;
    const uint32_t index = code_.Pop();
    LowerCallWith(VmOp::kCallIndirect,
                  {{W::kType, instr.type_index()},
                   {W::kTable, instr.table_index()},
                   {W::kIndex, index}},
                  W::kFrame, module_.types[instr.type_index()]);
  }

  // Arguments are passed in place: the callee's frame, which `call` takes in
  // its word `frame`, starts at the first.
  void LowerCallWith(VmOp call,
                     std::initializer_list<CodeBuilder::Operand> immediates,
                     uint32_t frame, const FuncType& type) {
    const uint32_t params = static_cast<uint32_t>(type.params.size());
    code_.MaterializeTop(params);
    const uint32_t base = code_.Home(code_.Height() - params);
    code_.Truncate(code_.Height() - params);
    code_.Word(code_.Emit(call, immediates) + frame) = base;
    code_.PushHomes(static_cast<uint32_t>(type.results.size()));
  }

  const Module& module_;
  const GasSchedule& schedule_;
  const Function& function_;
  const FunctionInfo& info_;
  const bool canonicalize_;
  bool fold_charges_ = false;
  CompiledFunction out_;
  const uint32_t first_constant_slot_;
  const uint32_t first_stack_slot_;
  const uint32_t first_spill_slot_;
  CodeBuilder code_;
  uint32_t spill_top_ = 0;
  uint32_t max_spill_ = 0;
  size_t pc_ = 0;  // index of the instruction being lowered
  std::vector<Control> control_;
  bool unreachable_ = false;
  uint32_t skip_depth_ = 0;  // blocks opened in unreachable code
};

}  // namespace

CompiledFunction CompileFunction(const Module& module, uint32_t defined_index,
                                 const Function& body, const FunctionInfo& info,
                                 const Profile& profile,
                                 const GasOptions& gas) {
  DYT_DCHECK(defined_index < module.functions.size());
  DYT_DCHECK(info.partner.size() == body.code.size());
  return FunctionCompiler(module, defined_index, body, info, profile, gas)
      .Compile();
}

}  // namespace dytallix::internal
