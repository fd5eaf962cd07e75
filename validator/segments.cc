// Global initializers and element and data segments (declared in
// module_checks.h).
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/const_expr.h"
#include "validator/errors.h"
#include "validator/module_checks.h"

namespace dytallix::internal {
namespace {

absl::Status CheckGlobals(const Module& m, const Profile& p) {
  for (uint32_t i = 0; i < m.globals.size(); ++i) {
    const Global& g = m.globals[i];
    DYT_RETURN_IF_ERROR(
        CheckConstExpr(m, p, g.init, g.type.type,
                       {"global", m.NumImportedGlobals() + i, g.init.offset}));
  }
  return absl::OkStatus();
}

absl::Status CheckActiveElement(const Module& m, const Profile& p,
                                const ElementSegment& seg, const Where& where) {
  if (seg.table_index >= m.NumTables()) {
    return InvalidError(Place(where),
                        absl::StrCat("unknown table ", seg.table_index));
  }
  ValType table_type = m.Table(seg.table_index).elem_type;
  if (table_type != seg.type) {
    return InvalidError(
        Place(where),
        absl::StrCat("type mismatch: segment of ", TypeName(seg.type),
                     " for a table of ", TypeName(table_type)));
  }
  return CheckConstExpr(m, p, seg.offset, ValType::kI32, where);
}

absl::Status CheckElements(const Module& m, const Profile& p) {
  for (uint32_t i = 0; i < m.elements.size(); ++i) {
    const ElementSegment& seg = m.elements[i];
    Where where{"element segment", i, seg.byte_offset};
    if (!IsRefType(seg.type)) {
      return InvalidError(Place(where),
                          "element type must be a reference type");
    }
    if (seg.mode == SegmentMode::kActive) {
      DYT_RETURN_IF_ERROR(CheckActiveElement(m, p, seg, where));
    }
    for (const ConstExpr& init : seg.init) {
      DYT_RETURN_IF_ERROR(CheckConstExpr(m, p, init, seg.type, where));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckData(const Module& m, const Profile& p) {
  for (uint32_t i = 0; i < m.data.size(); ++i) {
    const DataSegment& seg = m.data[i];
    if (seg.mode != SegmentMode::kActive) continue;
    Where where{"data segment", i, seg.byte_offset};
    if (seg.memory_index >= m.NumMemories()) {
      return InvalidError(Place(where),
                          absl::StrCat("unknown memory ", seg.memory_index));
    }
    DYT_RETURN_IF_ERROR(CheckConstExpr(m, p, seg.offset, ValType::kI32, where));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInitializers(const Module& module, const Profile& profile) {
  DYT_RETURN_IF_ERROR(CheckGlobals(module, profile));
  DYT_RETURN_IF_ERROR(CheckElements(module, profile));
  return CheckData(module, profile);
}

}  // namespace dytallix::internal
