#include "decoder/sections.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "decoder/expr_decoder.h"

namespace dytallix::internal {
namespace {

constexpr uint8_t kFuncTypeForm = 0x60;

absl::Status ReadValTypes(Reader& r, std::vector<ValType>& out) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(const ValType type, r.ReadValType());
    out.push_back(type);
  }
  return absl::OkStatus();
}

absl::StatusOr<Limits> ReadLimits(Reader& r) {
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint8_t flags, r.ReadByte());
  if (flags > 1) {
    return r.Error(
        start, absl::StrFormat("expected limits flags 0x00 or 0x01, got 0x%02x",
                               flags));
  }
  Limits limits;
  DYT_ASSIGN_OR_RETURN(limits.min, r.ReadU32());
  if (flags == 1) {
    DYT_ASSIGN_OR_RETURN(limits.max, r.ReadU32());
  }
  return limits;
}

absl::StatusOr<TableType> ReadTableType(Reader& r) {
  TableType table;
  DYT_ASSIGN_OR_RETURN(table.elem_type, r.ReadRefType());
  DYT_ASSIGN_OR_RETURN(table.limits, ReadLimits(r));
  return table;
}

absl::StatusOr<GlobalType> ReadGlobalType(Reader& r) {
  GlobalType global;
  DYT_ASSIGN_OR_RETURN(global.type, r.ReadValType());
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint8_t mutability, r.ReadByte());
  if (mutability > 1) {
    return r.Error(
        start, absl::StrFormat("expected mutability 0x00 or 0x01, got 0x%02x",
                               mutability));
  }
  global.is_mutable = mutability == 1;
  return global;
}

absl::StatusOr<ExternKind> ReadExternKind(Reader& r) {
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint8_t kind, r.ReadByte());
  if (kind > static_cast<uint8_t>(ExternKind::kGlobal)) {
    return r.Error(
        start, absl::StrFormat(
                   "expected an external kind 0x00..0x03, got 0x%02x", kind));
  }
  return static_cast<ExternKind>(kind);
}

// Reads the kind-specific part of an import and records its position.
absl::Status ReadImportDesc(Reader& r, Import& import, uint32_t position,
                            Module& m) {
  switch (import.kind) {
    case ExternKind::kFunction: {
      m.imported_functions.push_back(position);
      DYT_ASSIGN_OR_RETURN(import.type_index, r.ReadU32());
      return absl::OkStatus();
    }
    case ExternKind::kTable: {
      m.imported_tables.push_back(position);
      DYT_ASSIGN_OR_RETURN(import.table, ReadTableType(r));
      return absl::OkStatus();
    }
    case ExternKind::kMemory: {
      m.imported_memories.push_back(position);
      DYT_ASSIGN_OR_RETURN(import.memory.limits, ReadLimits(r));
      return absl::OkStatus();
    }
    case ExternKind::kGlobal: {
      m.imported_globals.push_back(position);
      DYT_ASSIGN_OR_RETURN(import.global, ReadGlobalType(r));
      return absl::OkStatus();
    }
  }
  return r.Error("unknown import kind");
}

// The function subsection (id 1) of a name section: a vector of (index,
// name); other subsections are skipped.
absl::Status DecodeFunctionNames(Reader& r,
                                 std::map<uint32_t, std::string>& names) {
  constexpr uint8_t kFunctionNames = 1;
  while (!r.AtEnd()) {
    DYT_ASSIGN_OR_RETURN(const uint8_t id, r.ReadByte());
    DYT_ASSIGN_OR_RETURN(Reader sub, r.ReadSized("name subsection"));
    if (id != kFunctionNames) continue;
    DYT_ASSIGN_OR_RETURN(const uint32_t count, sub.ReadU32());
    for (uint32_t i = 0; i < count; ++i) {
      DYT_ASSIGN_OR_RETURN(const uint32_t index, sub.ReadU32());
      DYT_ASSIGN_OR_RETURN(names[index], sub.ReadName());
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status DecodeCustomSection(Reader& r, Module& m) {
  CustomSection custom;
  DYT_ASSIGN_OR_RETURN(custom.name, r.ReadName());
  custom.offset = static_cast<uint32_t>(r.Offset());
  custom.size = static_cast<uint32_t>(r.Remaining());
  if (custom.name == "name") {
    Reader names = r;
    if (!DecodeFunctionNames(names, m.function_names).ok()) {
      m.function_names.clear();
    }
  }
  m.customs.push_back(std::move(custom));
  return r.ReadBytes(static_cast<uint32_t>(r.Remaining())).status();
}

absl::Status DecodeTypeSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.types.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_RETURN_IF_ERROR(r.ExpectByte(kFuncTypeForm, "function type form"));
    FuncType type;
    DYT_RETURN_IF_ERROR(ReadValTypes(r, type.params));
    DYT_RETURN_IF_ERROR(ReadValTypes(r, type.results));
    m.types.push_back(std::move(type));
  }
  return absl::OkStatus();
}

absl::Status DecodeImportSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.imports.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Import import;
    import.offset = static_cast<uint32_t>(r.Offset());
    DYT_ASSIGN_OR_RETURN(import.module, r.ReadName());
    DYT_ASSIGN_OR_RETURN(import.name, r.ReadName());
    DYT_ASSIGN_OR_RETURN(import.kind, ReadExternKind(r));
    DYT_RETURN_IF_ERROR(ReadImportDesc(r, import, i, m));
    m.imports.push_back(std::move(import));
  }
  return absl::OkStatus();
}

absl::Status DecodeFunctionSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.functions.resize(count);
  for (Function& f : m.functions) {
    DYT_ASSIGN_OR_RETURN(f.type_index, r.ReadU32());
  }
  return absl::OkStatus();
}

absl::Status DecodeTableSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.tables.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(TableType table, ReadTableType(r));
    m.tables.push_back(table);
  }
  return absl::OkStatus();
}

absl::Status DecodeMemorySection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.memories.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(Limits limits, ReadLimits(r));
    m.memories.push_back(MemoryType{limits});
  }
  return absl::OkStatus();
}

absl::Status DecodeGlobalSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.globals.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Global global;
    DYT_ASSIGN_OR_RETURN(global.type, ReadGlobalType(r));
    DYT_ASSIGN_OR_RETURN(global.init, DecodeConstExpr(r));
    m.globals.push_back(std::move(global));
  }
  return absl::OkStatus();
}

absl::Status DecodeExportSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  m.exports.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Export e;
    e.offset = static_cast<uint32_t>(r.Offset());
    DYT_ASSIGN_OR_RETURN(e.name, r.ReadName());
    DYT_ASSIGN_OR_RETURN(e.kind, ReadExternKind(r));
    DYT_ASSIGN_OR_RETURN(e.index, r.ReadU32());
    m.exports.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status DecodeStartSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(m.start, r.ReadU32());
  return absl::OkStatus();
}

absl::Status DecodeDataCountSection(Reader& r, Module& m) {
  DYT_ASSIGN_OR_RETURN(m.data_count, r.ReadU32());
  return absl::OkStatus();
}

}  // namespace dytallix::internal
