#include "vm/disassemble.h"

#include "absl/strings/str_cat.h"

namespace dytallix::internal {
namespace {

constexpr std::string_view kNames[] = {
#define DYT_VM_UNARY(Name, R, A) #Name,
#define DYT_VM_BINARY(Name, R, A) #Name,
#define DYT_VM_UNARY_TRAP(Name, R, A) #Name,
#define DYT_VM_BINARY_TRAP(Name, R, A) #Name,
#define DYT_VM_LOAD(Name, R, M) #Name, #Name "Add",
#define DYT_VM_STORE(Name, V, M) #Name,
#define DYT_VM_OTHER(Name, ...) #Name,
#include "vm/vm_ops.def"
};

}  // namespace

std::string_view VmOpName(VmOp op) { return kNames[static_cast<int>(op)]; }

std::string Disassemble(const CompiledFunction& function) {
  std::string out;
  const std::vector<uint32_t>& code = function.code;
  for (size_t pos = 0; pos < code.size();) {
    const VmOp op = static_cast<VmOp>(code[pos]);
    const size_t size = InstructionSize(&code[pos]);
    absl::StrAppend(&out, pos, ": ", std::string(VmOpName(op)));
    for (size_t i = 1; i < size; ++i) absl::StrAppend(&out, " ", code[pos + i]);
    absl::StrAppend(&out, "\n");
    pos += size;
  }
  return out;
}

}  // namespace dytallix::internal
