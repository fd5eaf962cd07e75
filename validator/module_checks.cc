#include "validator/module_checks.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/place.h"
#include "base/status_macros.h"
#include "validator/errors.h"

namespace dytallix::internal {
namespace {

constexpr uint32_t kMaxMemoryPages = 65536;  // 4 GiB of 64 KiB pages

absl::Status CheckTypeIndex(const Module& m, uint32_t type_index,
                            const Where& where) {
  if (type_index < m.types.size()) return absl::OkStatus();
  return InvalidError(Place(where), absl::StrCat("unknown type ", type_index));
}

absl::Status CheckLimits(const Limits& limits, const Where& where) {
  if (limits.max && *limits.max < limits.min) {
    return InvalidError(Place(where),
                        absl::StrCat("size minimum must not be greater than "
                                     "maximum: min ",
                                     limits.min, ", max ", *limits.max));
  }
  return absl::OkStatus();
}

absl::Status CheckMemoryType(const MemoryType& memory, const Where& where) {
  const Limits& l = memory.limits;
  if (l.min > kMaxMemoryPages || (l.max && *l.max > kMaxMemoryPages)) {
    return InvalidError(Place(where),
                        "memory size must be at most 65536 pages (4GiB)");
  }
  return CheckLimits(l, where);
}

absl::Status CheckImport(const Module& m, uint32_t i) {
  const Import& im = m.imports[i];
  Where where{"import", i, im.offset};
  switch (im.kind) {
    case ExternKind::kFunction:
      return CheckTypeIndex(m, im.type_index, where);
    case ExternKind::kTable:
      return CheckLimits(im.table.limits, where);
    case ExternKind::kMemory:
      return CheckMemoryType(im.memory, where);
    case ExternKind::kGlobal:
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status CheckDefinitions(const Module& m) {
  for (uint32_t i = 0; i < m.imports.size(); ++i) {
    DYT_RETURN_IF_ERROR(CheckImport(m, i));
  }
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    const Function& f = m.functions[i];
    DYT_RETURN_IF_ERROR(CheckTypeIndex(
        m, f.type_index,
        {"function", m.NumImportedFunctions() + i, f.body_offset}));
  }
  for (uint32_t i = 0; i < m.tables.size(); ++i) {
    DYT_RETURN_IF_ERROR(
        CheckLimits(m.tables[i].limits, {"table", m.NumImportedTables() + i}));
  }
  for (uint32_t i = 0; i < m.memories.size(); ++i) {
    DYT_RETURN_IF_ERROR(CheckMemoryType(
        m.memories[i], {"memory", m.NumImportedMemories() + i}));
  }
  if (m.NumMemories() > 1) {
    return InvalidError("module",
                        absl::StrCat("multiple memories: ", m.NumMemories(),
                                     " declared, at most 1"));
  }
  return absl::OkStatus();
}

absl::Status CheckStart(const Module& m) {
  if (!m.start) return absl::OkStatus();
  std::string place = absl::StrCat("start function ", *m.start);
  if (*m.start >= m.NumFunctions()) {
    return InvalidError(place, "unknown function");
  }
  const FuncType& type = m.FunctionType(*m.start);
  if (!type.params.empty() || !type.results.empty()) {
    return InvalidError(place, "start function must have type [] -> []");
  }
  return absl::OkStatus();
}

uint32_t IndexSpaceSize(const Module& m, ExternKind kind) {
  switch (kind) {
    case ExternKind::kFunction:
      return m.NumFunctions();
    case ExternKind::kTable:
      return m.NumTables();
    case ExternKind::kMemory:
      return m.NumMemories();
    case ExternKind::kGlobal:
      return m.NumGlobals();
  }
  return 0;
}

absl::Status CheckExports(const Module& m) {
  std::vector<absl::string_view> names;
  names.reserve(m.exports.size());
  for (const Export& e : m.exports) {
    if (e.index >= IndexSpaceSize(m, e.kind)) {
      return InvalidError(
          absl::StrCat("export '", e.name, "' ", AtOffset(e.offset)),
          absl::StrCat("unknown ", std::string(ExternKindName(e.kind)), " ",
                       e.index));
    }
    names.push_back(e.name);
  }
  std::sort(names.begin(), names.end());
  auto duplicate = std::adjacent_find(names.begin(), names.end());
  if (duplicate != names.end()) {
    return InvalidError(
        "exports", absl::StrCat("duplicate export name '", *duplicate, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckModuleStructure(const Module& module) {
  DYT_RETURN_IF_ERROR(CheckDefinitions(module));
  DYT_RETURN_IF_ERROR(CheckStart(module));
  return CheckExports(module);
}

}  // namespace dytallix::internal
