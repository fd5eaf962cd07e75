// Module: the decoded, not yet validated, form of a WebAssembly 2.0 binary.
//
// The decoder fills it; the validator checks it; the VM compiles it. It owns
// all its data (no pointers into the input bytes). Index spaces follow the
// spec: imported functions/tables/memories/globals come first, then the ones
// the module defines.
#ifndef DYTALLIX_DECODER_MODULE_H_
#define DYTALLIX_DECODER_MODULE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decoder/opcode.h"

namespace dytallix::internal {

enum class ValType : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,  // recognised only to be rejected: SIMD is not supported
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

// The value type of one signature letter of opcodes.def: i=i32, l=i64, f=f32,
// d=f64.
constexpr ValType ValTypeOfLetter(char letter) {
  switch (letter) {
    case 'i':
      return ValType::kI32;
    case 'l':
      return ValType::kI64;
    case 'f':
      return ValType::kF32;
    default:
      return ValType::kF64;  // 'd'
  }
}

inline constexpr bool IsRefType(ValType t) {
  return t == ValType::kFuncRef || t == ValType::kExternRef;
}
std::string_view ValTypeName(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

// Limits of a table (in elements) or memory (in 64 KiB pages).
struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem_type = ValType::kFuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t {
  kFunction = 0,
  kTable = 1,
  kMemory = 2,
  kGlobal = 3,
};
std::string_view ExternKindName(ExternKind k);

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunction;
  uint32_t type_index = 0;  // kFunction: index into Module::types
  TableType table;          // kTable
  MemoryType memory;        // kMemory
  GlobalType global;        // kGlobal
  uint32_t offset = 0;      // byte offset of the import entry
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunction;
  uint32_t index = 0;
  uint32_t offset = 0;
};

// One decoded instruction. Immediates by ImmKind:
//   kBlockType     a = 0 empty, 1 value type (b = ValType), 2 type index (b)
//   kLabel, kFunc, kLocal, kGlobal, kTable, kData, kElem
//                  a = the index
//   kBrTable       a = first entry in Function::br_table_targets, b = number
//                  of entries including the default (which is the last)
//   kCallIndirect  a = type index, b = table index
//   kMemArg        a = alignment exponent, b = offset
//   kI32, kI64     b = the value (sign-extended to 64 bits for i32, as bits)
//   kF32, kF64     b = the bit pattern
//   kSelectTypes   a = number of types, b = the first type (ValType) if any
//   kRefType       b = the reference type (ValType)
//   kMemoryInit    a = data index
//   kTableInit     a = element index, b = table index
//   kTableCopy     a = destination table, b = source table
struct Instr {
  Opcode op = Opcode::kNop;
  uint32_t offset = 0;  // byte offset of the opcode in the module binary
  uint32_t a = 0;
  uint64_t b = 0;
};

// A constant expression: the instructions before its final `end` (the end is
// not stored). Only the validator decides whether they are constant.
struct ConstExpr {
  std::vector<Instr> instrs;
  uint32_t offset = 0;  // byte offset of the first instruction
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::kActive;
  uint32_t table_index = 0;  // kActive only
  ConstExpr offset;          // kActive only
  ValType type = ValType::kFuncRef;
  // Each element as a constant expression; the encodings that list function
  // indices become one `ref.func` instruction each.
  std::vector<ConstExpr> init;
  uint32_t byte_offset = 0;  // of the segment in the module binary
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;  // never kDeclarative
  uint32_t memory_index = 0;                // kActive only
  ConstExpr offset;                         // kActive only
  std::vector<uint8_t> bytes;
  uint32_t byte_offset = 0;
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type = ValType::kI32;
};

// A function the module defines (imported ones have only a type index).
struct Function {
  uint32_t type_index = 0;
  std::vector<LocalDecl> locals;  // as declared, not expanded
  uint64_t num_locals = 0;        // sum of the counts (params excluded)
  // The body, ending with the function's final `end`.
  std::vector<Instr> code;
  std::vector<uint32_t> br_table_targets;  // see Instr, kBrTable
  uint32_t body_offset = 0;                // byte offset of the body's size
  uint32_t body_size = 0;
};

struct CustomSection {
  std::string name;
  uint32_t offset = 0;  // byte offset of the contents (after the name)
  uint32_t size = 0;    // bytes of contents
};

struct Module {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> functions;   // defined functions, in index order
  std::vector<TableType> tables;     // defined tables
  std::vector<MemoryType> memories;  // defined memories
  std::vector<Global> globals;       // defined globals
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<uint32_t> data_count;
  std::vector<DataSegment> data;
  std::vector<CustomSection> customs;
  uint32_t size_bytes = 0;  // size of the binary it came from
  // Function names from the "name" custom section's function subsection, by
  // function index. Advisory (profiles, listings): a malformed name section
  // is ignored, as the spec requires of custom sections, and leaves this
  // empty.
  std::map<uint32_t, std::string> function_names;

  // Filled by the decoder: for each kind, the positions in `imports` of the
  // imported items of that kind, in index order.
  std::vector<uint32_t> imported_functions;
  std::vector<uint32_t> imported_tables;
  std::vector<uint32_t> imported_memories;
  std::vector<uint32_t> imported_globals;

  uint32_t NumImportedFunctions() const { return Count(imported_functions); }
  uint32_t NumImportedTables() const { return Count(imported_tables); }
  uint32_t NumImportedMemories() const { return Count(imported_memories); }
  uint32_t NumImportedGlobals() const { return Count(imported_globals); }
  uint32_t NumFunctions() const {
    return NumImportedFunctions() + Count(functions);
  }
  uint32_t NumTables() const { return NumImportedTables() + Count(tables); }
  uint32_t NumMemories() const {
    return NumImportedMemories() + Count(memories);
  }
  uint32_t NumGlobals() const { return NumImportedGlobals() + Count(globals); }

  // Lookups across the whole index space. REQUIRES: index < Num*().
  uint32_t FunctionTypeIndex(uint32_t func_index) const;
  const FuncType& FunctionType(uint32_t func_index) const;
  const TableType& Table(uint32_t table_index) const;
  const MemoryType& Memory(uint32_t memory_index) const;
  const GlobalType& GlobalTypeOf(uint32_t global_index) const;
  // The import entry of the N-th imported item of `kind`. REQUIRES: exists.
  const Import& ImportOf(ExternKind kind, uint32_t index) const;
  // What to call function `func_index` in profiles and stack traces: its
  // import's "module.name", its name-section name, an export's name, or
  // "func[N]". Module-supplied text: escape it before printing. At most
  // `max_bytes` bytes of it (a name section may hold a megabyte-long name).
  std::string FunctionName(uint32_t func_index,
                           size_t max_bytes = SIZE_MAX) const;

 private:
  template <typename T>
  static uint32_t Count(const std::vector<T>& v) {
    return static_cast<uint32_t>(v.size());
  }
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_MODULE_H_
