// CodeBuilder: the compiler's output buffer and its static model of the
// operand stack. Internal to vm/compiler.cc.
//
// Every operand on the stack is a frame slot: its home slot (first operand
// slot + its height), or, for a folded `local.get` or a constant, the
// local's or the constant's slot. Materializing an operand copies it home.
// The builder remembers the last instruction that produced a stack operand,
// so the compiler can retarget its result into a local (local.set) or fuse
// it with a branch.
#ifndef DYTALLIX_VM_CODE_BUILDER_H_
#define DYTALLIX_VM_CODE_BUILDER_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "vm/code.h"

namespace dytallix::internal {

class CodeBuilder {
 public:
  // The stack model's buffers, kept between the functions a thread compiles
  // so that each function does not grow them anew from empty (their
  // allocations were a fifth of a load's time).
  struct Scratch {
    std::vector<uint32_t> stack;
    std::vector<uint32_t> away;
    // Per local or constant slot, the heights of operands pushed reading it,
    // as lists threaded through one arena; entries may be stale
    // (materialized or popped). A slot's list is emptied when read; its
    // entries stay in the arena, which so holds one per push of a local or
    // constant.
    struct Read {
      uint32_t height;
      uint32_t next;  // the slot's previous read, or kNoRead
    };
    static constexpr uint32_t kNoRead = UINT32_MAX;
    std::vector<uint32_t> last_read;  // per slot: its newest Read, or kNoRead
    std::vector<Read> reads;
    std::vector<uint32_t> read_heights;  // MaterializeReadsOf's
    // Per-block metering: where the Gas instructions and the branches start,
    // ascending, for charge folding (vm/charge_folding.h).
    std::vector<uint32_t> gas_starts;
    std::vector<uint32_t> branches;
    // Charge folding's table, one word per code position.
    std::vector<uint32_t> fold_table;

    // Frees the buffers a large function grew beyond `max_bytes`, so a
    // thread does not keep the largest function's for good.
    void Trim(size_t max_bytes);
  };
  // Operands live from slot `first_stack_slot` on. `metering` says where
  // Charge() puts costs: the block's Gas instruction, a Gas instruction of
  // its own (blocks then get none), or nowhere. `scratch` is cleared; it and
  // `out` must outlive this.
  CodeBuilder(CompiledFunction& out, uint32_t first_stack_slot,
              GasMetering metering, Scratch& scratch);

  // --- Code ----------------------------------------------------------------

  // The module byte offset that instructions emitted from now on map to.
  void SetSourceOffset(uint32_t offset) { source_offset_ = offset; }
  uint32_t Pos() const { return static_cast<uint32_t>(out_.code.size()); }
  uint32_t& Word(uint32_t pos) { return out_.code[pos]; }
  // An operand word: its index in its instruction (op::X::kY, vm/vm_ops.h)
  // and its value.
  struct Operand {
    uint32_t word;
    uint32_t value;
  };
  // Emits `op` with `operands`, its other operand words zero; returns its
  // position. REQUIRES: each operand's word is one of `op`'s.
  uint32_t Emit(VmOp op, std::initializer_list<Operand> operands);
  // Emits a branch that charge folding rewrites (Br, BrIf, BrUnless,
  // BrIfI32*); returns its position.
  uint32_t EmitBranch(VmOp op, std::initializer_list<Operand> operands);
  void Append(uint32_t word) { out_.code.push_back(word); }
  void EmitCopy(uint32_t dst, uint32_t src);
  // Emits `op` with `immediates` and pops one operand into each word of
  // `inputs`, the deepest into the first.
  // REQUIRES: the stack holds at least one operand per word of `inputs`.
  void Consume(VmOp op, std::initializer_list<uint32_t> inputs,
               std::initializer_list<Operand> immediates = {});
  // The same, and pushes the result `op` writes to its word `dst`: the home
  // slot of the deepest operand popped (the new top's, popping none).
  void Produce(VmOp op, uint32_t dst, std::initializer_list<uint32_t> inputs,
               std::initializer_list<Operand> immediates = {});

  // Starts a basic block: a Gas instruction that Charge() adds costs to.
  void StartBlock();
  void Charge(uint32_t cost);
  // Per-block metering: the positions of the Gas instructions and of the
  // branches emitted so far, ascending.
  std::span<const uint32_t> GasStarts() const { return gas_starts_; }
  std::span<const uint32_t> Branches() const { return branches_; }

  // --- The operand stack ---------------------------------------------------

  uint32_t Height() const { return static_cast<uint32_t>(stack_.size()); }
  uint32_t Home(uint32_t height) const { return first_stack_slot_ + height; }
  uint32_t At(uint32_t height) const { return stack_[height]; }
  uint32_t Top() const { return stack_.back(); }
  uint32_t Pop();
  void Push(uint32_t slot);
  void PushHomes(uint32_t count);
  void Truncate(uint32_t height);
  // Copies the operands among the top `count` that are not home, deepest
  // first. Amortized O(1) per operand ever pushed, whatever `count`.
  void MaterializeTop(uint32_t count);
  void MaterializeAll() { MaterializeTop(Height()); }
  // Materializes every operand that reads `slot`; true if there was one.
  // Amortized O(1) per operand ever pushed.
  // REQUIRES: `slot` is below the first operand slot (a local or a constant).
  bool MaterializeReadsOf(uint32_t slot);

  // --- Rewriting the last result -------------------------------------------

  // If the last instruction produced `value` into its home slot, makes it
  // write `local` instead and returns true.
  bool RetargetLastResult(uint32_t value, uint32_t local);

  struct Producer {
    VmOp op;
    // The slots of the operands it popped: a binary op's lhs and rhs, a
    // unary op's operand in lhs; 0 where there are none.
    uint32_t lhs;
    uint32_t rhs;
  };
  // The last instruction, if it produced `slot` and nothing was emitted
  // after it.
  std::optional<Producer> ProducerOf(uint32_t slot) const;
  // Removes that instruction. REQUIRES: ProducerOf() returned it.
  void RemoveProducer();

 private:
  CompiledFunction& out_;
  const uint32_t first_stack_slot_;
  const GasMetering metering_;
  uint32_t source_offset_ = 0;
  void Materialize(uint32_t height);

  // The operands' slots, bottom first.
  std::vector<uint32_t>& stack_;
  // The heights whose operand was pushed away from home, ascending; an entry
  // may since have been materialized. Entries at or above Height() are
  // dropped on every pop, so no height is listed twice.
  std::vector<uint32_t>& away_;
  // The read lists (Scratch::last_read, reads) and MaterializeReadsOf's
  // buffer.
  std::vector<uint32_t>& last_read_;
  std::vector<Scratch::Read>& reads_;
  std::vector<uint32_t>& read_heights_;
  std::vector<uint32_t>& gas_starts_;
  std::vector<uint32_t>& branches_;
  // Emits `op` with `immediates` and pops `inputs` into it; returns its
  // position.
  uint32_t EmitWithInputs(VmOp op, std::initializer_list<uint32_t> inputs,
                          std::initializer_list<Operand> immediates);

  uint32_t cost_word_ = 0;  // the current block's Gas cost word
  // The last Produce, while nothing was emitted after it.
  struct LastResult {
    uint32_t dst;  // the position of its result word
    uint32_t pos;  // of the instruction
    Producer producer;
  };
  std::optional<LastResult> last_result_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_CODE_BUILDER_H_
