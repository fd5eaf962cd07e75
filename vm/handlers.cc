#include "vm/handlers.h"

#include <algorithm>

namespace dytallix::internal::handlers {
namespace {

uint32_t U32(uint64_t slot) { return static_cast<uint32_t>(slot); }

}  // namespace

bool MemoryInit(const uint32_t* ip, const uint64_t* fp, const Instance& inst,
                uint8_t* mem, uint64_t mem_size) {
  using W = op::MemoryInit;
  const uint32_t segment = ip[W::kSegment];
  const uint32_t d = U32(fp[ip[W::kDst]]);
  const uint32_t s = U32(fp[ip[W::kSrc]]);
  const uint32_t n = U32(fp[ip[W::kLength]]);
  const std::vector<uint8_t>& bytes = inst.module().module.data[segment].bytes;
  const uint64_t length = inst.dropped_data[segment] ? 0 : bytes.size();
  if (!InBounds(s, n, length) || !InBounds(d, n, mem_size)) return false;
  if (n > 0) std::memcpy(mem + d, bytes.data() + s, n);
  MarkWritten(mem, d, n);
  return true;
}

std::optional<TrapKind> TableGet(const uint32_t* ip, uint64_t* fp,
                                 const Instance& inst) {
  using W = op::TableGet;
  const TableInstance& table = *inst.tables[ip[W::kTable]];
  const uint32_t i = U32(fp[ip[W::kIndex]]);
  if (i >= table.size()) return TrapKind::kOutOfBoundsTableAccess;
  fp[ip[W::kDst]] = table.elements[i];
  return std::nullopt;
}

std::optional<TrapKind> TableSet(const uint32_t* ip, const uint64_t* fp,
                                 const Instance& inst) {
  using W = op::TableSet;
  TableInstance& table = *inst.tables[ip[W::kTable]];
  const uint32_t i = U32(fp[ip[W::kIndex]]);
  if (i >= table.size()) return TrapKind::kOutOfBoundsTableAccess;
  table.elements[i] = fp[ip[W::kValue]];
  return std::nullopt;
}

void TableGrow(const uint32_t* ip, uint64_t* fp, const Instance& inst) {
  using W = op::TableGrow;
  TableInstance& table = *inst.tables[ip[W::kTable]];
  fp[ip[W::kDst]] = static_cast<uint32_t>(
      table.Grow(U32(fp[ip[W::kDelta]]), fp[ip[W::kInit]]));
}

std::optional<TrapKind> TableFill(const uint32_t* ip, const uint64_t* fp,
                                  const Instance& inst) {
  using W = op::TableFill;
  TableInstance& table = *inst.tables[ip[W::kTable]];
  const uint32_t i = U32(fp[ip[W::kIndex]]);
  const uint32_t n = U32(fp[ip[W::kLength]]);
  if (!InBounds(i, n, table.size())) return TrapKind::kOutOfBoundsTableAccess;
  std::fill_n(table.elements.begin() + i, n, fp[ip[W::kValue]]);
  return std::nullopt;
}

std::optional<TrapKind> TableCopy(const uint32_t* ip, const uint64_t* fp,
                                  const Instance& inst) {
  using W = op::TableCopy;
  TableInstance& dst = *inst.tables[ip[W::kDstTable]];
  const TableInstance& src = *inst.tables[ip[W::kSrcTable]];
  const uint32_t d = U32(fp[ip[W::kDst]]);
  const uint32_t s = U32(fp[ip[W::kSrc]]);
  const uint32_t n = U32(fp[ip[W::kLength]]);
  if (!InBounds(d, n, dst.size()) || !InBounds(s, n, src.size())) {
    return TrapKind::kOutOfBoundsTableAccess;
  }
  if (n > 0) {
    std::memmove(dst.elements.data() + d, src.elements.data() + s,
                 n * sizeof(uint64_t));
  }
  return std::nullopt;
}

std::optional<TrapKind> TableInit(const uint32_t* ip, const uint64_t* fp,
                                  const Instance& inst) {
  using W = op::TableInit;
  TableInstance& table = *inst.tables[ip[W::kTable]];
  const std::vector<uint64_t>& elements = inst.elements[ip[W::kSegment]];
  const uint32_t d = U32(fp[ip[W::kDst]]);
  const uint32_t s = U32(fp[ip[W::kSrc]]);
  const uint32_t n = U32(fp[ip[W::kLength]]);
  if (!InBounds(s, n, elements.size()) || !InBounds(d, n, table.size())) {
    return TrapKind::kOutOfBoundsTableAccess;
  }
  std::copy_n(elements.begin() + s, n, table.elements.begin() + d);
  return std::nullopt;
}

const FunctionInstance* IndirectCallee(const uint32_t* ip, const uint64_t* fp,
                                       const Instance& inst, TrapKind* trap) {
  using W = op::CallIndirect;
  const TableInstance& table = *inst.tables[ip[W::kTable]];
  const uint32_t i = U32(fp[ip[W::kIndex]]);
  if (i >= table.size()) {
    *trap = TrapKind::kUndefinedElement;
    return nullptr;
  }
  const auto* callee = reinterpret_cast<const FunctionInstance*>(
      static_cast<uintptr_t>(table.elements[i]));
  if (callee == nullptr) {
    *trap = TrapKind::kUninitializedElement;
    return nullptr;
  }
  if (callee->type_id != inst.type_ids[ip[W::kType]]) {
    *trap = TrapKind::kIndirectCallTypeMismatch;
    return nullptr;
  }
  return callee;
}

}  // namespace dytallix::internal::handlers
