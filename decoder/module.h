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

#include "base/check.h"
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

// How a block, loop or if states its type (ImmKind::kBlockType).
enum class BlockShape : uint8_t { kEmpty, kOneValue, kTypeIndex };

// One decoded instruction: its opcode, where it is, and its immediates. The
// immediates share two 32-bit words whose meaning depends on the opcode's
// ImmKind (a constant's 64 bits take both); they are read and written only
// through the accessors named for what they hold, each of which checks
// (DYT_DCHECK) that the opcode has that immediate. 16 bytes: a module's
// decoded instructions are most of the memory its loading touches.
struct Instr {
  Instr() = default;
  explicit Instr(Opcode opcode, uint32_t at = 0) : op(opcode), offset(at) {}

  Opcode op = Opcode::kNop;
  uint32_t offset = 0;  // byte offset of the opcode in the module binary

  // kBlockType: the shape, then the one result type (kOneValue) or the type
  // index (kTypeIndex).
  BlockShape block_shape() const {
    Expect(ImmKind::kBlockType);
    return static_cast<BlockShape>(narrow_);
  }
  ValType block_value_type() const {
    DYT_DCHECK(block_shape() == BlockShape::kOneValue);
    return static_cast<ValType>(wide_);
  }
  uint32_t block_type_index() const {
    DYT_DCHECK(block_shape() == BlockShape::kTypeIndex);
    return static_cast<uint32_t>(wide_);
  }
  void set_block_empty() { SetWords(ImmKind::kBlockType, 0, 0); }
  void set_block_value_type(ValType type) {
    SetWords(ImmKind::kBlockType, static_cast<uint32_t>(BlockShape::kOneValue),
             static_cast<uint32_t>(type));
  }
  void set_block_type_index(uint32_t index) {
    SetWords(ImmKind::kBlockType, static_cast<uint32_t>(BlockShape::kTypeIndex),
             index);
  }

  // kLabel: the label depth.
  uint32_t label_depth() const { return Narrow(ImmKind::kLabel); }
  void set_label_depth(uint32_t depth) { SetWords(ImmKind::kLabel, depth, 0); }

  // kBrTable: the entries [br_table_first, br_table_first + br_table_count)
  // of Function::br_table_targets; the default is the last.
  uint32_t br_table_first() const { return Narrow(ImmKind::kBrTable); }
  uint32_t br_table_count() const { return Wide32(ImmKind::kBrTable); }
  void set_br_table(uint32_t first, uint32_t count) {
    SetWords(ImmKind::kBrTable, first, count);
  }

  // kFunc (call, ref.func): the function index.
  uint32_t function_index() const { return Narrow(ImmKind::kFunc); }
  void set_function_index(uint32_t index) {
    SetWords(ImmKind::kFunc, index, 0);
  }

  // kCallIndirect: the type index (the table is table_index()).
  uint32_t type_index() const { return Narrow(ImmKind::kCallIndirect); }
  void set_call_indirect(uint32_t type, uint32_t table) {
    SetWords(ImmKind::kCallIndirect, type, table);
  }

  // kLocal, kGlobal: the index.
  uint32_t local_index() const { return Narrow(ImmKind::kLocal); }
  void set_local_index(uint32_t index) { SetWords(ImmKind::kLocal, index, 0); }
  uint32_t global_index() const { return Narrow(ImmKind::kGlobal); }
  void set_global_index(uint32_t index) {
    SetWords(ImmKind::kGlobal, index, 0);
  }

  // The table of kTable, kCallIndirect and kTableInit; the destination of
  // kTableCopy, whose source is source_table_index().
  uint32_t table_index() const {
    return Wide32(ImmKind::kTable, ImmKind::kCallIndirect, ImmKind::kTableInit,
                  ImmKind::kTableCopy);
  }
  void set_table_index(uint32_t index) { SetWords(ImmKind::kTable, 0, index); }
  uint32_t source_table_index() const { return Narrow(ImmKind::kTableCopy); }
  void set_table_copy(uint32_t destination, uint32_t source) {
    SetWords(ImmKind::kTableCopy, source, destination);
  }

  // The data segment of kData and kMemoryInit; the element segment of kElem
  // and kTableInit (whose table is table_index()).
  uint32_t segment_index() const {
    return Narrow(ImmKind::kData, ImmKind::kMemoryInit, ImmKind::kElem,
                  ImmKind::kTableInit);
  }
  void set_segment_index(uint32_t index) {
    Expect(ImmKind::kData, ImmKind::kMemoryInit, ImmKind::kElem);
    narrow_ = index;
  }
  void set_table_init(uint32_t segment, uint32_t table) {
    SetWords(ImmKind::kTableInit, segment, table);
  }

  // kMemArg: the alignment exponent and the static offset.
  uint32_t align_log2() const { return Narrow(ImmKind::kMemArg); }
  uint32_t memory_offset() const { return Wide32(ImmKind::kMemArg); }
  void set_mem_arg(uint32_t align_exponent, uint32_t static_offset) {
    SetWords(ImmKind::kMemArg, align_exponent, static_offset);
  }

  // kI32, kI64, kF32, kF64: the constant's bits (an i32 sign-extended to 64).
  uint64_t bits() const {
    Expect(ImmKind::kI32, ImmKind::kI64, ImmKind::kF32, ImmKind::kF64);
    return uint64_t{wide_} << 32 | narrow_;
  }
  void set_bits(uint64_t bits) {
    Expect(ImmKind::kI32, ImmKind::kI64, ImmKind::kF32, ImmKind::kF64);
    narrow_ = static_cast<uint32_t>(bits);
    wide_ = static_cast<uint32_t>(bits >> 32);
  }

  // kSelectTypes: how many types, and the first (if any). kRefType: the
  // reference type.
  uint32_t select_type_count() const { return Narrow(ImmKind::kSelectTypes); }
  void set_select_types(uint32_t count, ValType first) {
    SetWords(ImmKind::kSelectTypes, count, static_cast<uint32_t>(first));
  }
  ValType value_type() const {
    Expect(ImmKind::kSelectTypes, ImmKind::kRefType);
    return static_cast<ValType>(wide_);
  }
  void set_ref_type(ValType type) {
    SetWords(ImmKind::kRefType, 0, static_cast<uint32_t>(type));
  }

 private:
  // Checks that the opcode's immediate is one of `kinds`.
  template <typename... Kinds>
  void Expect(Kinds... kinds) const {
    DYT_DCHECK(((InfoOf(op).imm == kinds) || ...));
  }
  // The words, for an opcode whose immediate is one of `kinds`.
  template <typename... Kinds>
  uint32_t Narrow(Kinds... kinds) const {
    Expect(kinds...);
    return narrow_;
  }
  template <typename... Kinds>
  uint32_t Wide32(Kinds... kinds) const {
    Expect(kinds...);
    return wide_;
  }
  void SetWords(ImmKind kind, uint32_t a, uint32_t b) {
    Expect(kind);
    narrow_ = a;
    wide_ = b;
  }

  // An index, depth, count, shape or alignment; a constant's low 32 bits.
  uint32_t narrow_ = 0;
  // A table, offset, count or type; a constant's high 32 bits.
  uint32_t wide_ = 0;
};
static_assert(sizeof(Instr) == 16);

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
  // The body, ending with the function's final `end`; empty while the
  // module's bodies are deferred (Module::bodies_deferred).
  std::vector<Instr> code;
  std::vector<uint32_t> br_table_targets;  // see Instr, kBrTable
  uint32_t body_offset = 0;                // byte offset of the body's size
  uint32_t body_size = 0;
  // The instructions' bytes: after the size and the locals, to the body's
  // end.
  uint32_t code_offset = 0;
  uint32_t code_size = 0;
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
  // Decoded with Bodies::kDeferred (decoder/decoder.h): every Function::code
  // is empty, and DecodeBody decodes one from the binary when needed.
  bool bodies_deferred = false;
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
