// The typed helpers the run loop's dispatch cases call: each reads its operand
// words at `ip` by their names (vm/vm_ops.h), works on the frame's slots
// `fp`, and reports a trap by returning false (or the trap kind). None of
// them moves `ip` but the branches, which return where they go. Internal to
// vm/interpreter.cc.
#ifndef DYTALLIX_VM_HANDLERS_H_
#define DYTALLIX_VM_HANDLERS_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

#include "vm/code.h"
#include "vm/memory_pool.h"
#include "vm/numeric.h"
#include "vm/store.h"

#define DYT_ALWAYS_INLINE [[gnu::always_inline]] inline

namespace dytallix::internal::handlers {

static_assert(std::endian::native == std::endian::little,
              "memory accesses assume a little-endian host");

template <typename T>
DYT_ALWAYS_INLINE T Get(uint64_t slot) {
  if constexpr (std::is_same_v<T, uint64_t>) {
    return slot;
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return static_cast<uint32_t>(slot);
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<uint32_t>(slot));
  } else {
    return std::bit_cast<double>(slot);
  }
}

template <typename T>
DYT_ALWAYS_INLINE uint64_t Put(T v) {
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<uint32_t>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<uint64_t>(v);
  } else {
    return v;
  }
}

// A NaN result made canonical (the contract profile), as a slot.
template <typename R>
DYT_ALWAYS_INLINE uint64_t Canonical(R v) {
  if constexpr (std::is_same_v<R, float>) {
    return numeric::CanonF32(std::bit_cast<uint32_t>(v));
  } else {
    return numeric::CanonF64(std::bit_cast<uint64_t>(v));
  }
}

// Numeric instructions (op::Unary, op::Binary). `S` turns the result into a
// slot: Put, or Canonical for the float ops' NameCanon variants.
template <typename R, typename A, R (*F)(A), uint64_t (*S)(R) = Put<R>>
DYT_ALWAYS_INLINE void Unary(const uint32_t* ip, uint64_t* fp) {
  using W = op::Unary;
  fp[ip[W::kDst]] = S(F(Get<A>(fp[ip[W::kSrc]])));
}
template <typename R, typename A, R (*F)(A, A), uint64_t (*S)(R) = Put<R>>
DYT_ALWAYS_INLINE void Binary(const uint32_t* ip, uint64_t* fp) {
  using W = op::Binary;
  fp[ip[W::kDst]] = S(F(Get<A>(fp[ip[W::kLhs]]), Get<A>(fp[ip[W::kRhs]])));
}
template <typename R, typename A, bool (*F)(A, R*, TrapKind*)>
[[nodiscard]] DYT_ALWAYS_INLINE bool UnaryTrap(const uint32_t* ip, uint64_t* fp,
                                               TrapKind* trap) {
  using W = op::Unary;
  R r;
  if (!F(Get<A>(fp[ip[W::kSrc]]), &r, trap)) return false;
  fp[ip[W::kDst]] = Put<R>(r);
  return true;
}
template <typename R, typename A, bool (*F)(A, A, R*, TrapKind*)>
[[nodiscard]] DYT_ALWAYS_INLINE bool BinaryTrap(const uint32_t* ip,
                                                uint64_t* fp, TrapKind* trap) {
  using W = op::Binary;
  R r;
  if (!F(Get<A>(fp[ip[W::kLhs]]), Get<A>(fp[ip[W::kRhs]]), &r, trap)) {
    return false;
  }
  fp[ip[W::kDst]] = Put<R>(r);
  return true;
}

// Bounds: the effective address is 33 bits; the check is in 64 bits.
[[nodiscard]] DYT_ALWAYS_INLINE bool InBounds(uint64_t start, uint64_t length,
                                              uint64_t size) {
  return start + length <= size;
}

// Loads an M at `addr` + `offset` into `*dst`, as an R.
template <typename R, typename M>
[[nodiscard]] DYT_ALWAYS_INLINE bool LoadAt(uint64_t* dst, uint32_t addr,
                                            uint32_t offset, const uint8_t* mem,
                                            uint64_t mem_size) {
  const uint64_t ea = static_cast<uint64_t>(addr) + offset;
  if (!InBounds(ea, sizeof(M), mem_size)) return false;
  M v;
  std::memcpy(&v, mem + ea, sizeof(M));
  // Sign- or zero-extends to R, by M's signedness.
  *dst = static_cast<R>(v);  // NOLINT(bugprone-signed-char-misuse)
  return true;
}
template <typename R, typename M>
[[nodiscard]] DYT_ALWAYS_INLINE bool Load(const uint32_t* ip, uint64_t* fp,
                                          const uint8_t* mem,
                                          uint64_t mem_size) {
  using W = op::Load;
  return LoadAt<R, M>(&fp[ip[W::kDst]], Get<uint32_t>(fp[ip[W::kAddr]]),
                      ip[W::kOffset], mem, mem_size);
}
// The address is the i32 sum lhs + rhs, wrapping.
template <typename R, typename M>
[[nodiscard]] DYT_ALWAYS_INLINE bool LoadAdd(const uint32_t* ip, uint64_t* fp,
                                             const uint8_t* mem,
                                             uint64_t mem_size) {
  using W = op::LoadAdd;
  return LoadAt<R, M>(
      &fp[ip[W::kDst]],
      Get<uint32_t>(fp[ip[W::kLhs]]) + Get<uint32_t>(fp[ip[W::kRhs]]),
      ip[W::kOffset], mem, mem_size);
}

template <typename V, typename M>
[[nodiscard]] DYT_ALWAYS_INLINE bool Store(const uint32_t* ip,
                                           const uint64_t* fp, uint8_t* mem,
                                           uint64_t mem_size) {
  using W = op::Store;
  const uint64_t ea =
      static_cast<uint64_t>(Get<uint32_t>(fp[ip[W::kAddr]])) + ip[W::kOffset];
  if (!InBounds(ea, sizeof(M), mem_size)) return false;
  const M v = static_cast<M>(Get<V>(fp[ip[W::kValue]]));
  std::memcpy(mem + ea, &v, sizeof(M));
  MarkAccessWritten(mem, ea, sizeof(M));
  return true;
}

DYT_ALWAYS_INLINE void Copy(const uint32_t* ip, uint64_t* fp) {
  fp[ip[op::Copy::kDst]] = fp[ip[op::Copy::kSrc]];
}
DYT_ALWAYS_INLINE void Const32(const uint32_t* ip, uint64_t* fp) {
  fp[ip[op::Const32::kDst]] = ip[op::Const32::kValue];
}
DYT_ALWAYS_INLINE void Const64(const uint32_t* ip, uint64_t* fp) {
  using W = op::Const64;
  fp[ip[W::kDst]] = ip[W::kLow] | (static_cast<uint64_t>(ip[W::kHigh]) << 32);
}
DYT_ALWAYS_INLINE void Select(const uint32_t* ip, uint64_t* fp) {
  using W = op::Select;
  fp[ip[W::kDst]] = Get<uint32_t>(fp[ip[W::kCond]]) != 0 ? fp[ip[W::kIfTrue]]
                                                         : fp[ip[W::kIfFalse]];
}

// Moves `count` slots down the frame (dst <= src), as branches and returns
// carry their values; counts are small, so a loop beats a memmove call.
DYT_ALWAYS_INLINE void MoveDown(uint64_t* dst, const uint64_t* src,
                                uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) dst[i] = src[i];
}

// Branch distances are relative to the branch instruction.
DYT_ALWAYS_INLINE const uint32_t* Jump(const uint32_t* ip, uint32_t rel) {
  return ip + static_cast<int32_t>(rel);
}
// Br: charges the block it enters to `*gas` and returns where it goes. A
// charge that leaves `*gas` negative came from a folded Gas instruction,
// just before the returned ip; so for the conditional branches.
DYT_ALWAYS_INLINE const uint32_t* Br(const uint32_t* ip, int64_t* gas) {
  *gas -= ip[op::Br::kCost];
  return Jump(ip, ip[op::Br::kRel]);
}
// A conditional branch `W` (op::BrIf, op::BrIfI32Eq) that is `taken` or
// falls through.
template <typename W>
DYT_ALWAYS_INLINE const uint32_t* CondBranch(const uint32_t* ip, bool taken,
                                             int64_t* gas) {
  if (taken) {
    *gas -= ip[W::kCost];
    return Jump(ip, ip[W::kRel]);
  }
  *gas -= ip[W::kFallCost];
  return ip + W::kSize + ip[W::kFallSkip];
}
template <uint32_t (*Compare)(uint32_t, uint32_t)>
DYT_ALWAYS_INLINE const uint32_t* BrIfCompare(const uint32_t* ip,
                                              const uint64_t* fp,
                                              int64_t* gas) {
  using W = op::BrIfI32Eq;
  return CondBranch<W>(ip,
                       Compare(Get<uint32_t>(fp[ip[W::kLhs]]),
                               Get<uint32_t>(fp[ip[W::kRhs]])) != 0,
                       gas);
}
DYT_ALWAYS_INLINE const uint32_t* BrIf(const uint32_t* ip, const uint64_t* fp,
                                       bool when, int64_t* gas) {
  using W = op::BrIf;
  return CondBranch<W>(ip, (Get<uint32_t>(fp[ip[W::kCond]]) != 0) == when, gas);
}
DYT_ALWAYS_INLINE const uint32_t* BrTable(const uint32_t* ip, uint64_t* fp) {
  using W = op::BrTable;
  using Entry = op::BrTableEntry;
  const uint32_t count = ip[W::kCount];
  const uint32_t i = std::min(Get<uint32_t>(fp[ip[W::kIndex]]), count - 1);
  const uint32_t* entry = ip + W::kSize + Entry::kSize * i;
  MoveDown(fp + entry[Entry::kDst], fp + ip[W::kSrc], ip[W::kArity]);
  return Jump(ip, entry[Entry::kRel]);
}

// The run loop's registers for the instance's memory: its base and size in
// bytes, or null and 0 without one.
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

// Memory management and bulk operations; false means out of bounds.
// Grows the memory and reloads the memory registers.
DYT_ALWAYS_INLINE void MemoryGrow(const uint32_t* ip, uint64_t* fp,
                                  const Instance* inst, uint8_t** mem,
                                  uint64_t* mem_size) {
  using W = op::MemoryGrow;
  fp[ip[W::kDst]] = static_cast<uint32_t>(
      inst->memories[0]->Grow(Get<uint32_t>(fp[ip[W::kDelta]])));
  LoadMemory(inst, mem, mem_size);
}
[[nodiscard]] DYT_ALWAYS_INLINE bool MemoryFill(const uint32_t* ip,
                                                const uint64_t* fp,
                                                uint8_t* mem,
                                                uint64_t mem_size) {
  using W = op::MemoryFill;
  const uint32_t d = Get<uint32_t>(fp[ip[W::kDst]]);
  const uint32_t n = Get<uint32_t>(fp[ip[W::kLength]]);
  if (!InBounds(d, n, mem_size)) return false;
  // glibc's AVX-512 memset takes ~150 ns for 0 bytes (measured: 20x a
  // 1-byte fill), which would make empty fills the cheapest way to burn time.
  if (n != 0) std::memset(mem + d, static_cast<uint8_t>(fp[ip[W::kValue]]), n);
  MarkWritten(mem, d, n);
  return true;
}
[[nodiscard]] DYT_ALWAYS_INLINE bool MemoryCopy(const uint32_t* ip,
                                                const uint64_t* fp,
                                                uint8_t* mem,
                                                uint64_t mem_size) {
  using W = op::MemoryCopy;
  const uint32_t d = Get<uint32_t>(fp[ip[W::kDst]]);
  const uint32_t s = Get<uint32_t>(fp[ip[W::kSrc]]);
  const uint32_t n = Get<uint32_t>(fp[ip[W::kLength]]);
  if (!InBounds(d, n, mem_size) || !InBounds(s, n, mem_size)) return false;
  if (n != 0) std::memmove(mem + d, mem + s, n);  // as MemoryFill
  MarkWritten(mem, d, n);
  return true;
}
[[nodiscard]] bool MemoryInit(const uint32_t* ip, const uint64_t* fp,
                              const Instance& inst, uint8_t* mem,
                              uint64_t mem_size);

// Tables; these return the trap kind or nullopt.
[[nodiscard]] std::optional<TrapKind> TableGet(const uint32_t* ip, uint64_t* fp,
                                               const Instance& inst);
[[nodiscard]] std::optional<TrapKind> TableSet(const uint32_t* ip,
                                               const uint64_t* fp,
                                               const Instance& inst);
void TableGrow(const uint32_t* ip, uint64_t* fp, const Instance& inst);
[[nodiscard]] std::optional<TrapKind> TableFill(const uint32_t* ip,
                                                const uint64_t* fp,
                                                const Instance& inst);
[[nodiscard]] std::optional<TrapKind> TableCopy(const uint32_t* ip,
                                                const uint64_t* fp,
                                                const Instance& inst);
[[nodiscard]] std::optional<TrapKind> TableInit(const uint32_t* ip,
                                                const uint64_t* fp,
                                                const Instance& inst);

// The callee of CallIndirect, or the trap.
const FunctionInstance* IndirectCallee(const uint32_t* ip, const uint64_t* fp,
                                       const Instance& inst, TrapKind* trap);

}  // namespace dytallix::internal::handlers

#endif  // DYTALLIX_VM_HANDLERS_H_
