// Constants the generator picks: boundary values that exercise traps, NaN
// handling and sign/zero extension, or raw bits from the fuzzer.
#ifndef DYTALLIX_TESTING_MODULE_GEN_CONSTANTS_H_
#define DYTALLIX_TESTING_MODULE_GEN_CONSTANTS_H_

#include "decoder/module.h"
#include "testing/module_gen/choices.h"
#include "testing/module_gen/wasm_writer.h"

namespace dytallix::testing {

// Writes one constant instruction of numeric type `t` (t.const and its
// immediate), or `ref.null t` for a reference type.
void WriteConstant(internal::ValType t, Choices& choices, WasmWriter& out);

// A value type; numeric types are likelier than references.
internal::ValType PickValType(Choices& choices);
internal::ValType PickNumType(Choices& choices);

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_CONSTANTS_H_
