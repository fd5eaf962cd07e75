#include "validator/context.h"

namespace dytallix::internal {
namespace {

void DeclareRefs(const ConstExpr& expr, std::vector<bool>& declared) {
  for (const Instr& in : expr.instrs) {
    if (in.op == Opcode::kRefFunc && in.function_index() < declared.size()) {
      declared[in.function_index()] = true;
    }
  }
}

std::vector<bool> DeclaredFunctions(const Module& m) {
  std::vector<bool> declared(m.NumFunctions(), false);
  for (const ElementSegment& seg : m.elements) {
    for (const ConstExpr& init : seg.init) DeclareRefs(init, declared);
  }
  for (const Export& e : m.exports) {
    if (e.kind == ExternKind::kFunction) declared[e.index] = true;
  }
  for (const Global& g : m.globals) DeclareRefs(g.init, declared);
  return declared;
}

}  // namespace

ModuleContext::ModuleContext(const Module& m, const Profile& p)
    : module(m),
      profile(p),
      declared_funcs(DeclaredFunctions(m)),
      has_memory(m.NumMemories() > 0),
      data_count(m.data_count) {
  func_types.reserve(m.NumFunctions());
  for (uint32_t i = 0; i < m.NumFunctions(); ++i) {
    func_types.push_back(&m.FunctionType(i));
  }
  globals.reserve(m.NumGlobals());
  for (uint32_t i = 0; i < m.NumGlobals(); ++i) {
    globals.push_back(m.GlobalTypeOf(i));
  }
  tables.reserve(m.NumTables());
  for (uint32_t i = 0; i < m.NumTables(); ++i) {
    tables.push_back(m.Table(i).elem_type);
  }
}

}  // namespace dytallix::internal
