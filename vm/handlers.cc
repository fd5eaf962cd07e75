#include "vm/handlers.h"

#include <algorithm>

namespace dytallix::internal::handlers {
namespace {

uint32_t U32(uint64_t slot) { return static_cast<uint32_t>(slot); }

}  // namespace

bool MemoryInit(const uint32_t* ip, const uint64_t* fp, const Instance& inst,
                uint8_t* mem, uint64_t mem_size) {
  const uint32_t segment = ip[1];
  const uint32_t d = U32(fp[ip[2]]);
  const uint32_t s = U32(fp[ip[3]]);
  const uint32_t n = U32(fp[ip[4]]);
  const std::vector<uint8_t>& bytes = inst.module().module.data[segment].bytes;
  const uint64_t length = inst.dropped_data[segment] ? 0 : bytes.size();
  if (!InBounds(s, n, length) || !InBounds(d, n, mem_size)) return false;
  if (n > 0) std::memcpy(mem + d, bytes.data() + s, n);
  return true;
}

std::optional<TrapKind> TableGet(const uint32_t* ip, uint64_t* fp,
                                 const Instance& inst) {
  const TableInstance& table = *inst.tables[ip[2]];
  const uint32_t i = U32(fp[ip[3]]);
  if (i >= table.size()) return TrapKind::kOutOfBoundsTableAccess;
  fp[ip[1]] = table.elements[i];
  return std::nullopt;
}

std::optional<TrapKind> TableSet(const uint32_t* ip, const uint64_t* fp,
                                 const Instance& inst) {
  TableInstance& table = *inst.tables[ip[1]];
  const uint32_t i = U32(fp[ip[2]]);
  if (i >= table.size()) return TrapKind::kOutOfBoundsTableAccess;
  table.elements[i] = fp[ip[3]];
  return std::nullopt;
}

void TableGrow(const uint32_t* ip, uint64_t* fp, const Instance& inst) {
  TableInstance& table = *inst.tables[ip[2]];
  fp[ip[1]] = static_cast<uint32_t>(table.Grow(U32(fp[ip[4]]), fp[ip[3]]));
}

std::optional<TrapKind> TableFill(const uint32_t* ip, const uint64_t* fp,
                                  const Instance& inst) {
  TableInstance& table = *inst.tables[ip[1]];
  const uint32_t i = U32(fp[ip[2]]);
  const uint32_t n = U32(fp[ip[4]]);
  if (!InBounds(i, n, table.size())) return TrapKind::kOutOfBoundsTableAccess;
  std::fill_n(table.elements.begin() + i, n, fp[ip[3]]);
  return std::nullopt;
}

std::optional<TrapKind> TableCopy(const uint32_t* ip, const uint64_t* fp,
                                  const Instance& inst) {
  TableInstance& dst = *inst.tables[ip[1]];
  const TableInstance& src = *inst.tables[ip[2]];
  const uint32_t d = U32(fp[ip[3]]);
  const uint32_t s = U32(fp[ip[4]]);
  const uint32_t n = U32(fp[ip[5]]);
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
  TableInstance& table = *inst.tables[ip[1]];
  const std::vector<uint64_t>& elements = inst.elements[ip[2]];
  const uint32_t d = U32(fp[ip[3]]);
  const uint32_t s = U32(fp[ip[4]]);
  const uint32_t n = U32(fp[ip[5]]);
  if (!InBounds(s, n, elements.size()) || !InBounds(d, n, table.size())) {
    return TrapKind::kOutOfBoundsTableAccess;
  }
  std::copy_n(elements.begin() + s, n, table.elements.begin() + d);
  return std::nullopt;
}

const FunctionInstance* IndirectCallee(const uint32_t* ip, const uint64_t* fp,
                                       const Instance& inst, TrapKind* trap) {
  const TableInstance& table = *inst.tables[ip[2]];
  const uint32_t i = U32(fp[ip[3]]);
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
  if (callee->type_id != inst.type_ids[ip[1]]) {
    *trap = TrapKind::kIndirectCallTypeMismatch;
    return nullptr;
  }
  return callee;
}

}  // namespace dytallix::internal::handlers
