// GenerateBody: one stack-correct function body, chosen by the fuzzer's bytes.
//
// The generator tracks the operand stack's types and the control stack while
// it emits, so every body validates: each instruction's operands are either
// already on the stack or produced just before it by a small expression.
#ifndef DYTALLIX_TESTING_MODULE_GEN_BODY_GEN_H_
#define DYTALLIX_TESTING_MODULE_GEN_BODY_GEN_H_

#include <cstdint>
#include <vector>

#include "decoder/module.h"
#include "testing/module_gen/choices.h"
#include "testing/module_gen/wasm_writer.h"

namespace dytallix::testing {

// What a body may refer to in the module around it.
struct ModuleShape {
  std::vector<internal::FuncType> types;
  std::vector<uint32_t> function_types;  // type index of each function
  std::vector<internal::TableType> tables;
  bool has_memory = false;
  std::vector<internal::GlobalType> globals;
  std::vector<internal::ValType> element_types;  // of each element segment
  uint32_t data_segments = 0;  // the module has a data count section
};

// Appends the body of a function of type `type` (local declarations, code,
// final `end`; no size prefix) to `out`. Every function may be referenced by
// ref.func (the module must declare them all). If `terminating`, the body has
// no loops and no calls, so it ends even without gas metering (the start
// function runs unmetered).
// REQUIRES: `shape` describes the module the body goes into.
void GenerateBody(const ModuleShape& shape, const internal::FuncType& type,
                  bool terminating, Choices& choices, WasmWriter& out);

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_BODY_GEN_H_
