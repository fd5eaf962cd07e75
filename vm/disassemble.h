// A readable listing of compiled code, one instruction per line:
//   "<position>: <Name> <operand words...>"
// For tests that pin down the compiler's output shape and for debugging.
#ifndef DYTALLIX_VM_DISASSEMBLE_H_
#define DYTALLIX_VM_DISASSEMBLE_H_

#include <string>
#include <string_view>

#include "vm/code.h"

namespace dytallix::internal {

std::string_view VmOpName(VmOp op);

std::string Disassemble(const CompiledFunction& function);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_DISASSEMBLE_H_
