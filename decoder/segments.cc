#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "decoder/expr_decoder.h"
#include "decoder/sections.h"

namespace dytallix::internal {
namespace {

// Element segment flag bits (the binary format's encodings 0..7).
constexpr uint32_t kElemPassiveOrDeclarative = 1;
constexpr uint32_t kElemExplicitTableOrDeclarative = 2;
constexpr uint32_t kElemExpressions = 4;
constexpr uint32_t kElemMaxFlags = 7;
// The only element kind: funcref.
constexpr uint8_t kElemKindFuncRef = 0x00;

// Data segment encodings (0 is active in memory 0).
constexpr uint32_t kDataPassive = 1;
constexpr uint32_t kDataActiveExplicitMemory = 2;

SegmentMode ElemMode(uint32_t flags) {
  if ((flags & kElemPassiveOrDeclarative) == 0) return SegmentMode::kActive;
  return (flags & kElemExplicitTableOrDeclarative) != 0
             ? SegmentMode::kDeclarative
             : SegmentMode::kPassive;
}

// Encodings 0 and 4 imply funcref; the others name an element kind (function
// index lists) or a reference type (expression lists).
absl::Status ReadElemType(Reader& r, uint32_t flags, ElementSegment& seg) {
  if ((flags & ~kElemExpressions) == 0) return absl::OkStatus();
  if ((flags & kElemExpressions) != 0) {
    DYT_ASSIGN_OR_RETURN(seg.type, r.ReadRefType());
    return absl::OkStatus();
  }
  return r.ExpectByte(kElemKindFuncRef, "element kind");
}

absl::Status ReadElemInits(Reader& r, uint32_t flags, ElementSegment& seg) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  seg.init.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    if ((flags & kElemExpressions) != 0) {
      DYT_ASSIGN_OR_RETURN(ConstExpr expr, DecodeConstExpr(r));
      seg.init.push_back(std::move(expr));
      continue;
    }
    Instr ref_func{Opcode::kRefFunc, static_cast<uint32_t>(r.Offset())};
    DYT_ASSIGN_OR_RETURN(const uint32_t function_index, r.ReadU32());
    ref_func.set_function_index(function_index);
    seg.init.push_back(ConstExpr{{ref_func}, ref_func.offset});
  }
  return absl::OkStatus();
}

absl::StatusOr<ElementSegment> ReadElementSegment(Reader& r) {
  ElementSegment seg;
  seg.byte_offset = static_cast<uint32_t>(r.Offset());
  DYT_ASSIGN_OR_RETURN(const uint32_t flags, r.ReadU32());
  if (flags > kElemMaxFlags) {
    return r.Error(
        seg.byte_offset,
        absl::StrFormat("expected element segment flags 0..7, got %u", flags));
  }
  seg.mode = ElemMode(flags);
  if (seg.mode == SegmentMode::kActive) {
    if ((flags & kElemExplicitTableOrDeclarative) != 0) {
      DYT_ASSIGN_OR_RETURN(seg.table_index, r.ReadU32());
    }
    DYT_ASSIGN_OR_RETURN(seg.offset, DecodeConstExpr(r));
  }
  DYT_RETURN_IF_ERROR(ReadElemType(r, flags, seg));
  DYT_RETURN_IF_ERROR(ReadElemInits(r, flags, seg));
  return seg;
}

absl::StatusOr<DataSegment> ReadDataSegment(Reader& r) {
  DataSegment seg;
  seg.byte_offset = static_cast<uint32_t>(r.Offset());
  DYT_ASSIGN_OR_RETURN(const uint32_t flags, r.ReadU32());
  if (flags > kDataActiveExplicitMemory) {
    return r.Error(
        seg.byte_offset,
        absl::StrFormat("expected data segment flags 0..2, got %u", flags));
  }
  if (flags == kDataPassive) {
    seg.mode = SegmentMode::kPassive;
  } else {
    if (flags == kDataActiveExplicitMemory) {
      DYT_ASSIGN_OR_RETURN(seg.memory_index, r.ReadU32());
    }
    DYT_ASSIGN_OR_RETURN(seg.offset, DecodeConstExpr(r));
  }
  DYT_ASSIGN_OR_RETURN(const uint32_t size, r.ReadU32());
  DYT_ASSIGN_OR_RETURN(std::span<const uint8_t> bytes, r.ReadBytes(size));
  seg.bytes.assign(bytes.begin(), bytes.end());
  return seg;
}

}  // namespace

absl::Status DecodeElementSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.elements.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(ElementSegment seg, ReadElementSegment(r));
    m.elements.push_back(std::move(seg));
  }
  return absl::OkStatus();
}

absl::Status DecodeCodeSection(Reader& r, Module& m) {
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  if (count != m.functions.size()) {
    return r.Error(
        start, absl::StrFormat("%u function bodies for %u declared functions "
                               "(function and code section have inconsistent "
                               "lengths)",
                               count, m.functions.size()));
  }
  for (Function& f : m.functions) {
    DYT_RETURN_IF_ERROR(
        DecodeFunctionBody(r, m.data_count.has_value(), !m.bodies_deferred, f));
  }
  return absl::OkStatus();
}

absl::Status DecodeDataSection(Reader& r, Module& m) {
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  if (m.data_count.has_value() && *m.data_count != count) {
    return r.Error(
        start, absl::StrFormat("%u data segments for a data count of %u (data "
                               "count and data section have inconsistent "
                               "lengths)",
                               count, *m.data_count));
  }
  m.data.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(DataSegment seg, ReadDataSegment(r));
    m.data.push_back(std::move(seg));
  }
  return absl::OkStatus();
}

}  // namespace dytallix::internal
