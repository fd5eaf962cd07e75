// The internal instruction set, generated from vm/vm_ops.def: the opcodes,
// and per opcode the word index of each operand and the instruction's size.
//
// An instruction at `ip` keeps operand kY of op X at ip[op::X::kY]; it
// occupies op::X::kSize words, opcode included. Ops of one kind share their
// operand names: op::I32Add is op::Binary, op::BrUnless is op::BrIf.
#ifndef DYTALLIX_VM_VM_OPS_H_
#define DYTALLIX_VM_VM_OPS_H_

#include <cstdint>
#include <iterator>

namespace dytallix::internal {

enum class VmOp : uint32_t {
#define DYT_VM_UNARY(Name, R, A) k##Name,
#define DYT_VM_BINARY(Name, R, A) k##Name,
#define DYT_VM_UNARY_TRAP(Name, R, A) k##Name,
#define DYT_VM_BINARY_TRAP(Name, R, A) k##Name,
#define DYT_VM_LOAD(Name, R, M) k##Name, k##Name##Add,
#define DYT_VM_STORE(Name, V, M) k##Name,
#define DYT_VM_OTHER(Name, ...) k##Name,
#include "vm/vm_ops.def"
  kCount,
};

namespace op {

// kOpcode is word 0; the operands follow in the table's order.
#define DYT_VM_LAYOUT(Name, ...)                                   \
  struct Name {                                                    \
    enum : uint32_t { kOpcode, __VA_ARGS__ __VA_OPT__(, ) kSize }; \
  };
#define DYT_VM_OTHER(Name, ...) DYT_VM_LAYOUT(Name, __VA_ARGS__)
#define DYT_VM_OTHER_AS(Name, Other) using Name = Other;
#define DYT_VM_UNARY(Name, R, A) using Name = Unary;
#define DYT_VM_BINARY(Name, R, A) using Name = Binary;
#define DYT_VM_UNARY_TRAP(Name, R, A) using Name = Unary;
#define DYT_VM_BINARY_TRAP(Name, R, A) using Name = Binary;
#define DYT_VM_LOAD(Name, R, M) \
  using Name = Load;            \
  using Name##Add = LoadAdd;
#define DYT_VM_STORE(Name, V, M) using Name = Store;
#include "vm/vm_ops.def"

// The words after a BrTable instruction: kCount entries of this layout.
struct BrTableEntry {
  enum : uint32_t { kRel, kDst, kSize };
};

}  // namespace op

// The words each instruction occupies, opcode included (BrTable: its fixed
// part; the entries follow).
inline constexpr uint32_t kVmOpSize[] = {
#define DYT_VM_UNARY(Name, R, A) op::Name::kSize,
#define DYT_VM_BINARY(Name, R, A) op::Name::kSize,
#define DYT_VM_UNARY_TRAP(Name, R, A) op::Name::kSize,
#define DYT_VM_BINARY_TRAP(Name, R, A) op::Name::kSize,
#define DYT_VM_LOAD(Name, R, M) op::Name::kSize, op::Name##Add::kSize,
#define DYT_VM_STORE(Name, V, M) op::Name::kSize,
#define DYT_VM_OTHER(Name, ...) op::Name::kSize,
#include "vm/vm_ops.def"
};
static_assert(std::size(kVmOpSize) == static_cast<size_t>(VmOp::kCount));

inline constexpr uint32_t SizeOf(VmOp op) {
  return kVmOpSize[static_cast<uint32_t>(op)];
}
// The words of the whole instruction at `at`, BrTable entries included.
inline uint32_t InstructionSize(const uint32_t* at) {
  const VmOp op = static_cast<VmOp>(at[0]);
  return op == VmOp::kBrTable
             ? SizeOf(op) + op::BrTableEntry::kSize * at[op::BrTable::kCount]
             : SizeOf(op);
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_VM_OPS_H_
