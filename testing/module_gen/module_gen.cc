#include "testing/module_gen/module_gen.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "testing/module_gen/body_gen.h"
#include "testing/module_gen/choices.h"
#include "testing/module_gen/constants.h"
#include "testing/module_gen/wasm_writer.h"

namespace dytallix::testing {
namespace {

constexpr uint64_t kPageSize = 65536;

enum SectionId : uint8_t {
  kTypeSection = 1,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};

std::vector<internal::ValType> PickTypes(Choices& choices, uint32_t max) {
  std::vector<internal::ValType> types(choices.Below(max + 1));
  for (internal::ValType& t : types) t = PickValType(choices);
  return types;
}

void WriteLimits(const internal::Limits& limits, WasmWriter& out) {
  out.Byte(limits.max ? 1 : 0);
  out.U32(limits.min);
  if (limits.max) out.U32(*limits.max);
}

// `i32.const value end`: an offset expression.
void WriteOffset(uint32_t value, WasmWriter& out) {
  out.Op(internal::Opcode::kI32Const);
  out.S64(static_cast<int32_t>(value));
  out.Op(internal::Opcode::kEnd);
}

class ModuleBuilder {
 public:
  explicit ModuleBuilder(Choices& choices) : choices_(choices) {}

  std::vector<uint8_t> Build();

 private:
  void PickShape();
  internal::Limits PickLimits(uint32_t min, uint32_t max_span);
  WasmWriter Types();
  WasmWriter Functions();
  WasmWriter Tables();
  WasmWriter Memory();
  WasmWriter Globals();
  WasmWriter Exports();
  WasmWriter Elements();
  void Element(internal::ValType type, WasmWriter& out);
  WasmWriter Code();
  WasmWriter Data();

  Choices& choices_;
  ModuleShape shape_;
  internal::Limits memory_;
  bool has_start_ = false;
};

std::vector<uint8_t> ModuleBuilder::Build() {
  PickShape();
  WasmWriter out;
  for (uint8_t b : {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}) {
    out.Byte(b);
  }
  out.Section(kTypeSection, Types());
  out.Section(kFunctionSection, Functions());
  out.Section(kTableSection, Tables());
  out.Section(kMemorySection, Memory());
  out.Section(kGlobalSection, Globals());
  out.Section(kExportSection, Exports());
  if (has_start_) {
    WasmWriter start;
    start.U32(0);
    out.Section(kStartSection, start);
  }
  out.Section(kElementSection, Elements());
  if (shape_.data_segments > 0) {
    WasmWriter count;
    count.U32(shape_.data_segments);
    out.Section(kDataCountSection, count);
  }
  out.Section(kCodeSection, Code());
  out.Section(kDataSection, Data());
  return out.Take();
}

void ModuleBuilder::PickShape() {
  shape_.types.push_back({});  // () -> (), for function 0
  for (uint32_t n = choices_.Below(6); n > 0; --n) {
    shape_.types.push_back({PickTypes(choices_, 3), PickTypes(choices_, 2)});
  }
  shape_.function_types.push_back(0);
  for (uint32_t n = choices_.Below(6); n > 0; --n) {
    shape_.function_types.push_back(choices_.Below(shape_.types.size()));
  }
  for (uint32_t n = choices_.Below(4); n > 0; --n) {
    const bool funcref = shape_.tables.empty() || choices_.Below(2) == 0;
    shape_.tables.push_back(
        {funcref ? internal::ValType::kFuncRef : internal::ValType::kExternRef,
         PickLimits(choices_.Below(16), 32)});
  }
  shape_.has_memory = choices_.Below(8) != 7;
  // Mostly a page or two, so that most accesses can be in bounds.
  memory_ = PickLimits(choices_.Below(8) == 7 ? 0 : 1 + choices_.Below(2), 8);
  for (uint32_t n = choices_.Below(5); n > 0; --n) {
    shape_.globals.push_back({PickValType(choices_), choices_.Below(2) == 1});
  }
  for (uint32_t n = choices_.Below(4); n > 0; --n) {
    shape_.element_types.push_back(choices_.Below(3) == 2
                                       ? internal::ValType::kExternRef
                                       : internal::ValType::kFuncRef);
  }
  // Last, a declarative segment that lets code take ref.func of anything.
  shape_.element_types.push_back(internal::ValType::kFuncRef);
  shape_.data_segments = choices_.Below(4);
  has_start_ = choices_.Below(4) == 1;
}

internal::Limits ModuleBuilder::PickLimits(uint32_t min, uint32_t max_span) {
  internal::Limits limits{min, std::nullopt};
  switch (choices_.Below(4)) {
    case 1:
      limits.max = limits.min + choices_.Below(max_span);
      break;
    case 2:
      limits.max = limits.min;
      break;
    case 3:
      limits.max = 256;
      break;  // the contract profile's page cap
  }
  return limits;
}

WasmWriter ModuleBuilder::Types() {
  WasmWriter out;
  out.U32(shape_.types.size());
  for (const internal::FuncType& type : shape_.types) {
    out.Byte(0x60);
    out.Types(type.params);
    out.Types(type.results);
  }
  return out;
}

WasmWriter ModuleBuilder::Functions() {
  WasmWriter out;
  out.U32(shape_.function_types.size());
  for (uint32_t type : shape_.function_types) out.U32(type);
  return out;
}

WasmWriter ModuleBuilder::Tables() {
  WasmWriter out;
  if (shape_.tables.empty()) return out;
  out.U32(shape_.tables.size());
  for (const internal::TableType& table : shape_.tables) {
    out.Type(table.elem_type);
    WriteLimits(table.limits, out);
  }
  return out;
}

WasmWriter ModuleBuilder::Memory() {
  WasmWriter out;
  if (!shape_.has_memory) return out;
  out.U32(1);
  WriteLimits(memory_, out);
  return out;
}

WasmWriter ModuleBuilder::Globals() {
  WasmWriter out;
  if (shape_.globals.empty()) return out;
  out.U32(shape_.globals.size());
  for (const internal::GlobalType& global : shape_.globals) {
    out.Type(global.type);
    out.Byte(global.is_mutable ? 1 : 0);
    if (global.type == internal::ValType::kFuncRef && choices_.Below(2) == 1) {
      out.Op(internal::Opcode::kRefFunc);
      out.U32(choices_.Below(shape_.function_types.size()));
    } else {
      WriteConstant(global.type, choices_, out);
    }
    out.Op(internal::Opcode::kEnd);
  }
  return out;
}

WasmWriter ModuleBuilder::Exports() {
  struct Entry {
    std::string name;
    internal::ExternKind kind;
    uint32_t index;
  };
  std::vector<Entry> entries;
  for (uint32_t i = 0; i < shape_.function_types.size(); ++i) {
    entries.push_back(
        {absl::StrCat("f", i), internal::ExternKind::kFunction, i});
  }
  if (shape_.has_memory)
    entries.push_back({"memory", internal::ExternKind::kMemory, 0});
  for (uint32_t i = 0; i < shape_.globals.size(); ++i) {
    if (choices_.Below(2) == 1) {
      entries.push_back(
          {absl::StrCat("g", i), internal::ExternKind::kGlobal, i});
    }
  }
  for (uint32_t i = 0; i < shape_.tables.size(); ++i) {
    if (choices_.Below(2) == 1) {
      entries.push_back(
          {absl::StrCat("t", i), internal::ExternKind::kTable, i});
    }
  }
  WasmWriter out;
  out.U32(entries.size());
  for (const Entry& entry : entries) {
    out.Name(entry.name);
    out.Byte(static_cast<uint8_t>(entry.kind));
    out.U32(entry.index);
  }
  return out;
}

WasmWriter ModuleBuilder::Elements() {
  WasmWriter out;
  out.U32(shape_.element_types.size());
  for (size_t i = 0; i + 1 < shape_.element_types.size(); ++i) {
    Element(shape_.element_types[i], out);
  }
  out.Byte(3);  // declarative, function indices
  out.Byte(0);
  out.U32(shape_.function_types.size());
  for (uint32_t f = 0; f < shape_.function_types.size(); ++f) out.U32(f);
  return out;
}

// One segment, in any of the eight encodings that fits `type`: bit 0
// passive/declarative, bit 1 explicit table index (active) or declarative,
// bit 2 expressions instead of function indices.
void ModuleBuilder::Element(internal::ValType type, WasmWriter& out) {
  std::optional<uint32_t> table;
  for (uint32_t i = 0; i < shape_.tables.size(); ++i) {
    if (shape_.tables[i].elem_type == type && choices_.Below(2) == 0) table = i;
  }
  uint32_t count = choices_.Below(5);
  const uint32_t mode = table ? choices_.Below(3) : 1 + choices_.Below(2);
  const bool expressions =
      type == internal::ValType::kExternRef || choices_.Below(2);
  const bool explicit_table = mode == 0 && (*table != 0 || choices_.Below(2));
  uint8_t flags = expressions ? 4 : 0;
  if (mode == 0 && explicit_table) flags |= 2;
  if (mode == 1) flags |= 1;
  if (mode == 2) flags |= 3;
  out.Byte(flags);
  if (mode == 0) {
    const uint32_t size = shape_.tables[*table].limits.min;
    count = std::min(count, size);
    if (explicit_table) out.U32(*table);
    WriteOffset(choices_.Below(size - count + 1), out);
  }
  if (mode != 0 || explicit_table) {
    if (expressions) {
      out.Type(type);
    } else {
      out.Byte(0);  // elemkind funcref
    }
  }
  out.U32(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t f = choices_.Below(shape_.function_types.size());
    if (!expressions) {
      out.U32(f);
      continue;
    }
    if (type == internal::ValType::kFuncRef && choices_.Below(3) != 0) {
      out.Op(internal::Opcode::kRefFunc);
      out.U32(f);
    } else {
      WriteConstant(type, choices_, out);
    }
    out.Op(internal::Opcode::kEnd);
  }
}

WasmWriter ModuleBuilder::Code() {
  WasmWriter out;
  out.U32(shape_.function_types.size());
  for (uint32_t f = 0; f < shape_.function_types.size(); ++f) {
    WasmWriter body;
    GenerateBody(shape_, shape_.types[shape_.function_types[f]],
                 /*terminating=*/has_start_ && f == 0, choices_, body);
    out.Sized(body);
  }
  return out;
}

WasmWriter ModuleBuilder::Data() {
  WasmWriter out;
  if (shape_.data_segments == 0) return out;
  out.U32(shape_.data_segments);
  const uint64_t memory_bytes = uint64_t{memory_.min} * kPageSize;
  for (uint32_t i = 0; i < shape_.data_segments; ++i) {
    uint32_t size = choices_.Below(16);
    const uint32_t mode = shape_.has_memory ? choices_.Below(3) : 1;
    out.Byte(mode);  // 0 active, 1 passive, 2 active with memory index
    if (mode != 1) {
      if (size > memory_bytes) size = 0;
      if (mode == 2) out.U32(0);
      WriteOffset(choices_.Below(memory_bytes - size + 1), out);
    }
    out.U32(size);
    for (uint32_t b = 0; b < size; ++b) out.Byte(choices_.Below(256));
  }
  return out;
}

}  // namespace

std::vector<uint8_t> GenerateModule(std::span<const uint8_t> bytes) {
  Choices choices(bytes);
  return ModuleBuilder(choices).Build();
}

}  // namespace dytallix::testing
