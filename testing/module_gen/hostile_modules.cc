#include "testing/module_gen/hostile_modules.h"

#include <string>
#include <utility>

#include "decoder/module.h"
#include "decoder/opcode.h"
#include "testing/module_gen/wasm_writer.h"

namespace dytallix::testing {
namespace {

constexpr uint8_t kVoidBlock = 0x40;
constexpr uint32_t kMaxLocals = 1'024;     // Profile::Contract().max_locals
constexpr uint32_t kMaxBranchValues = 16;  // ... .max_branch_values

using Signature =
    std::pair<std::vector<internal::ValType>, std::vector<internal::ValType>>;

// A function body: its i32 locals and code (without the final `end`).
struct Body {
  uint32_t type = 0;
  uint32_t i32_locals = 0;
  WasmWriter code;
};

// A module with one memory and the exports `memory` and `m`; everything else
// optional. Sections are assembled in the binary format's order.
struct Parts {
  std::vector<Signature> types = {{{}, {}}};  // type 0 is () -> ()
  std::vector<Body> bodies;
  uint32_t method = 0;  // the function exported as `m`, a () -> ()
  uint32_t table_size = 0;
  uint32_t element_count = 0;
  WasmWriter elements;
  uint32_t data_count = 0;
  WasmWriter data;
  uint32_t name_count = 0;
  WasmWriter names;  // the function-name map's entries
};

WasmWriter Vector(uint32_t count, const WasmWriter& entries) {
  WasmWriter out;
  out.U32(count);
  out.Append(entries);
  return out;
}

std::vector<uint8_t> Assemble(Parts& parts) {
  WasmWriter out;
  for (uint8_t b : {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}) {
    out.Byte(b);
  }
  WasmWriter types;
  for (const auto& [params, results] : parts.types) {
    types.Byte(0x60);
    types.Types(params);
    types.Types(results);
  }
  out.Section(1, Vector(static_cast<uint32_t>(parts.types.size()), types));
  WasmWriter functions;
  for (const Body& body : parts.bodies) functions.U32(body.type);
  out.Section(3, Vector(static_cast<uint32_t>(parts.bodies.size()), functions));
  if (parts.table_size > 0) {
    WasmWriter table;
    table.Type(internal::ValType::kFuncRef);
    table.Byte(0x01);
    table.U32(parts.table_size);
    table.U32(parts.table_size);
    out.Section(4, Vector(1, table));
  }
  WasmWriter memory;
  memory.Byte(0x00);
  memory.U32(1);
  out.Section(5, Vector(1, memory));
  WasmWriter exports;
  exports.Name("memory");
  exports.Byte(0x02);
  exports.U32(0);
  exports.Name("m");
  exports.Byte(0x00);
  exports.U32(parts.method);
  out.Section(7, Vector(2, exports));
  if (parts.element_count > 0) {
    out.Section(9, Vector(parts.element_count, parts.elements));
  }
  if (parts.data_count > 0) {
    WasmWriter count;
    count.U32(parts.data_count);
    out.Section(12, count);
  }
  WasmWriter code;
  for (Body& body : parts.bodies) {
    WasmWriter function;
    if (body.i32_locals > 0) {
      function.U32(1);
      function.U32(body.i32_locals);
      function.Type(internal::ValType::kI32);
    } else {
      function.U32(0);
    }
    function.Append(body.code);
    function.Op(internal::Opcode::kEnd);
    code.Sized(function);
  }
  out.Section(10, Vector(static_cast<uint32_t>(parts.bodies.size()), code));
  if (parts.data_count > 0) {
    out.Section(11, Vector(parts.data_count, parts.data));
  }
  if (parts.name_count > 0) {
    WasmWriter function_names;
    function_names.Append(Vector(parts.name_count, parts.names));
    WasmWriter custom;
    custom.Name("name");
    custom.Byte(1);  // the function-names subsection
    custom.Sized(function_names);
    out.Section(0, custom);
  }
  return out.Take();
}

// A module whose only function is the method `m`, with `body`.
std::vector<uint8_t> OneMethod(Body body) {
  Parts parts;
  parts.bodies.push_back(std::move(body));
  return Assemble(parts);
}

void I32Const(WasmWriter& w, int32_t v) {
  w.Op(internal::Opcode::kI32Const);
  w.S64(v);
}

void LocalGet(WasmWriter& w, uint32_t local) {
  w.Op(internal::Opcode::kLocalGet);
  w.U32(local);
}

void BrIf(WasmWriter& w, uint32_t depth) {
  w.Op(internal::Opcode::kBrIf);
  w.U32(depth);
}

void Repeat(WasmWriter& w, uint32_t n, internal::Opcode op) {
  for (uint32_t i = 0; i < n; ++i) w.Op(op);
}

// `n` nested ifs, never taken: `i32.const 0; if ... end`.
std::vector<uint8_t> NestedIfs(uint32_t n) {
  Body body;
  for (uint32_t i = 0; i < n; ++i) {
    I32Const(body.code, 0);
    body.code.Op(internal::Opcode::kIf);
    body.code.Byte(kVoidBlock);
  }
  Repeat(body.code, n, internal::Opcode::kEnd);
  return OneMethod(std::move(body));
}

// `n` nested blocks or loops, each starting with `i32.const 0; br_if 0`.
std::vector<uint8_t> NestedWithBrIf(uint32_t n, internal::Opcode kind) {
  Body body;
  for (uint32_t i = 0; i < n; ++i) {
    body.code.Op(kind);
    body.code.Byte(kVoidBlock);
    I32Const(body.code, 0);
    BrIf(body.code, 0);
  }
  Repeat(body.code, n, internal::Opcode::kEnd);
  return OneMethod(std::move(body));
}

// `n` nested blocks or loops, and in the innermost a `br_if` to every depth.
std::vector<uint8_t> BranchesToEveryDepth(uint32_t n, internal::Opcode kind) {
  Body body;
  for (uint32_t i = 0; i < n; ++i) {
    body.code.Op(kind);
    body.code.Byte(kVoidBlock);
  }
  for (uint32_t depth = 0; depth < n; ++depth) {
    I32Const(body.code, 0);
    BrIf(body.code, depth);
  }
  Repeat(body.code, n, internal::Opcode::kEnd);
  return OneMethod(std::move(body));
}

// `n` nested blocks and `n / 8 + 1` br_tables inside them, each with
// kTargets targets spread over every depth.
std::vector<uint8_t> BrTablesToDeepLabels(uint32_t n) {
  constexpr uint32_t kTargets = 256;
  Body body;
  const uint32_t depth = n;
  const uint32_t tables = n / 8 + 1;
  for (uint32_t i = 0; i < depth; ++i) {
    body.code.Op(internal::Opcode::kBlock);
    body.code.Byte(kVoidBlock);
  }
  for (uint32_t t = 0; t < tables; ++t) {
    I32Const(body.code, 0);
    body.code.Op(internal::Opcode::kBrTable);
    body.code.U32(kTargets);
    for (uint32_t i = 0; i < kTargets; ++i) {
      body.code.U32((t * kTargets + i * 7919) % depth);
    }
    body.code.U32(depth - 1);
  }
  Repeat(body.code, depth, internal::Opcode::kEnd);
  return OneMethod(std::move(body));
}

// `n` operands on the stack, then `n` empty blocks (each materializes the
// whole stack at entry), then `n` drops.
std::vector<uint8_t> DeepStackThenBlocks(uint32_t n) {
  Body body;
  body.i32_locals = 1;
  for (uint32_t i = 0; i < n; ++i) {
    LocalGet(body.code, 0);
  }
  for (uint32_t i = 0; i < n; ++i) {
    body.code.Op(internal::Opcode::kBlock);
    body.code.Byte(kVoidBlock);
    body.code.Op(internal::Opcode::kEnd);
  }
  Repeat(body.code, n, internal::Opcode::kDrop);
  return OneMethod(std::move(body));
}

// `n` times `local.get 0; local.set 1` on a growing stack of reads of 1:
// every set must find the pending reads of the local it writes.
std::vector<uint8_t> SetsOverPendingReads(uint32_t n) {
  Body body;
  body.i32_locals = 2;
  for (uint32_t i = 0; i < n; ++i) {
    LocalGet(body.code, 1);
    LocalGet(body.code, 0);
    body.code.Op(internal::Opcode::kLocalSet);
    body.code.U32(1);
  }
  Repeat(body.code, n, internal::Opcode::kDrop);
  return OneMethod(std::move(body));
}

// `n` functions with the most locals allowed, each calling the next.
std::vector<uint8_t> ManyLocalsManyCalls(uint32_t n) {
  Parts parts;
  for (uint32_t i = 0; i < n; ++i) {
    Body body;
    body.i32_locals = kMaxLocals;
    if (i + 1 < n) {
      body.code.Op(internal::Opcode::kCall);
      body.code.U32(i + 1);
    }
    parts.bodies.push_back(std::move(body));
  }
  return Assemble(parts);
}

// A callee of kMaxLocals - 1 i32 parameters, called `n` times.
std::vector<uint8_t> WideCalls(uint32_t n) {
  Parts parts;
  parts.types.push_back(
      {std::vector<internal::ValType>(kMaxLocals - 1, internal::ValType::kI32),
       {}});
  Body method;
  method.i32_locals = 1;
  for (uint32_t c = 0; c < n; ++c) {
    for (uint32_t i = 0; i + 1 < kMaxLocals; ++i) {
      LocalGet(method.code, 0);
    }
    method.code.Op(internal::Opcode::kCall);
    method.code.U32(1);
  }
  parts.bodies.push_back(std::move(method));
  Body callee;
  callee.type = 1;
  parts.bodies.push_back(std::move(callee));
  return Assemble(parts);
}

// A block type of the most results allowed, and `n` branches out of it,
// each carrying them all.
std::vector<uint8_t> WideBranches(uint32_t n) {
  Parts parts;
  parts.types.push_back({{},
                         std::vector<internal::ValType>(
                             kMaxBranchValues, internal::ValType::kI32)});
  Body body;
  body.i32_locals = 1;
  body.code.Op(internal::Opcode::kBlock);
  body.code.S64(1);  // the block type: type index 1
  for (uint32_t i = 0; i < kMaxBranchValues; ++i) {
    LocalGet(body.code, 0);
  }
  for (uint32_t b = 0; b < n; ++b) {
    LocalGet(body.code, 0);
    BrIf(body.code, 0);
  }
  body.code.Op(internal::Opcode::kEnd);
  Repeat(body.code, kMaxBranchValues, internal::Opcode::kDrop);
  parts.bodies.push_back(std::move(body));
  return Assemble(parts);
}

// `n` data segments of one byte, and `n` element segments of one function.
std::vector<uint8_t> ManySegments(uint32_t n) {
  Parts parts;
  parts.bodies.emplace_back();
  parts.table_size = 1;
  for (uint32_t i = 0; i < n; ++i) {
    parts.data.U32(0);  // active, memory 0
    I32Const(parts.data, static_cast<int32_t>(i % 65536));
    parts.data.Op(internal::Opcode::kEnd);
    parts.data.U32(1);
    parts.data.Byte(0xAB);
    parts.elements.U32(0);  // active, table 0, funcref indices
    I32Const(parts.elements, 0);
    parts.elements.Op(internal::Opcode::kEnd);
    parts.elements.U32(1);
    parts.elements.U32(0);
  }
  parts.data_count = n;
  parts.element_count = n;
  return Assemble(parts);
}

// `n` functions, each named in the name section.
std::vector<uint8_t> ManyNamedFunctions(uint32_t n) {
  Parts parts;
  for (uint32_t i = 0; i < n; ++i) {
    parts.bodies.emplace_back();
    parts.names.U32(i);
    parts.names.Name("function_" + std::to_string(i));
  }
  parts.name_count = n;
  return Assemble(parts);
}

// `unreachable`, then `n` nested blocks and branches to every depth: the
// validator's and compiler's unreachable-code paths.
std::vector<uint8_t> UnreachableNest(uint32_t n) {
  Body body;
  body.code.Op(internal::Opcode::kUnreachable);
  for (uint32_t i = 0; i < n; ++i) {
    body.code.Op(internal::Opcode::kBlock);
    body.code.Byte(kVoidBlock);
  }
  for (uint32_t depth = 0; depth < n; ++depth) {
    body.code.Op(internal::Opcode::kBr);
    body.code.U32(depth);
  }
  Repeat(body.code, n, internal::Opcode::kEnd);
  return OneMethod(std::move(body));
}

constexpr HostileShape kShapes[] = {
    {"nested_ifs", NestedIfs, 200'000},
    {"nested_blocks_br_if",
     [](uint32_t n) { return NestedWithBrIf(n, internal::Opcode::kBlock); },
     140'000},
    {"nested_loops_br_if",
     [](uint32_t n) { return NestedWithBrIf(n, internal::Opcode::kLoop); },
     140'000},
    {"blocks_branch_to_every_depth",
     [](uint32_t n) {
       return BranchesToEveryDepth(n, internal::Opcode::kBlock);
     },
     115'000},
    {"loops_branch_to_every_depth",
     [](uint32_t n) {
       return BranchesToEveryDepth(n, internal::Opcode::kLoop);
     },
     115'000},
    {"br_tables_to_deep_labels", BrTablesToDeepLabels, 12'000},
    {"deep_stack_then_blocks", DeepStackThenBlocks, 160'000},
    {"sets_over_pending_reads", SetsOverPendingReads, 140'000},
    {"many_locals_many_calls", ManyLocalsManyCalls, 10'000},
    {"wide_calls", WideCalls, 500},
    {"wide_branches", WideBranches, 240'000},
    {"many_segments", ManySegments, 75'000},
    {"many_named_functions", ManyNamedFunctions, 9'000},
    {"unreachable_nest", UnreachableNest, 150'000},
};

}  // namespace

std::span<const HostileShape> HostileShapes() { return kShapes; }

}  // namespace dytallix::testing
