#include "decoder/module.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/check.h"

namespace dytallix::internal {

std::string_view ValTypeName(ValType t) {
  switch (t) {
    case ValType::kI32:
      return "i32";
    case ValType::kI64:
      return "i64";
    case ValType::kF32:
      return "f32";
    case ValType::kF64:
      return "f64";
    case ValType::kV128:
      return "v128";
    case ValType::kFuncRef:
      return "funcref";
    case ValType::kExternRef:
      return "externref";
  }
  return "unknown";
}

std::string_view ExternKindName(ExternKind k) {
  switch (k) {
    case ExternKind::kFunction:
      return "function";
    case ExternKind::kTable:
      return "table";
    case ExternKind::kMemory:
      return "memory";
    case ExternKind::kGlobal:
      return "global";
  }
  return "unknown";
}

std::string Module::FunctionName(uint32_t func_index, size_t max_bytes) const {
  const auto prefix = [max_bytes](std::string_view name) {
    return std::string(name.substr(0, max_bytes));
  };
  if (func_index < NumImportedFunctions()) {
    const Import& import = ImportOf(ExternKind::kFunction, func_index);
    return prefix(absl::StrCat(import.module, ".", import.name));
  }
  if (auto it = function_names.find(func_index); it != function_names.end()) {
    return prefix(it->second);
  }
  for (const Export& e : exports) {
    if (e.kind == ExternKind::kFunction && e.index == func_index) {
      return prefix(e.name);
    }
  }
  return prefix(absl::StrCat("func[", func_index, "]"));
}

const Import& Module::ImportOf(ExternKind kind, uint32_t index) const {
  const std::vector<uint32_t>* positions = &imported_functions;
  switch (kind) {
    case ExternKind::kFunction:
      positions = &imported_functions;
      break;
    case ExternKind::kTable:
      positions = &imported_tables;
      break;
    case ExternKind::kMemory:
      positions = &imported_memories;
      break;
    case ExternKind::kGlobal:
      positions = &imported_globals;
      break;
  }
  DYT_DCHECK(index < positions->size());
  return imports[(*positions)[index]];
}

uint32_t Module::FunctionTypeIndex(uint32_t func_index) const {
  DYT_DCHECK(func_index < NumFunctions());
  if (func_index < NumImportedFunctions()) {
    return ImportOf(ExternKind::kFunction, func_index).type_index;
  }
  return functions[func_index - NumImportedFunctions()].type_index;
}

const FuncType& Module::FunctionType(uint32_t func_index) const {
  return types[FunctionTypeIndex(func_index)];
}

const TableType& Module::Table(uint32_t table_index) const {
  DYT_DCHECK(table_index < NumTables());
  if (table_index < NumImportedTables()) {
    return ImportOf(ExternKind::kTable, table_index).table;
  }
  return tables[table_index - NumImportedTables()];
}

const MemoryType& Module::Memory(uint32_t memory_index) const {
  DYT_DCHECK(memory_index < NumMemories());
  if (memory_index < NumImportedMemories()) {
    return ImportOf(ExternKind::kMemory, memory_index).memory;
  }
  return memories[memory_index - NumImportedMemories()];
}

const GlobalType& Module::GlobalTypeOf(uint32_t global_index) const {
  DYT_DCHECK(global_index < NumGlobals());
  if (global_index < NumImportedGlobals()) {
    return ImportOf(ExternKind::kGlobal, global_index).global;
  }
  return globals[global_index - NumImportedGlobals()].type;
}

}  // namespace dytallix::internal
