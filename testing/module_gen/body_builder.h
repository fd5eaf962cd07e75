// BodyBuilder: the state behind GenerateBody (body_gen.h): the operand stack's
// types, the control frames and the instruction budget. body_builder.cc holds
// the stack and control flow, body_ops.cc the instruction families.
#ifndef DYTALLIX_TESTING_MODULE_GEN_BODY_BUILDER_H_
#define DYTALLIX_TESTING_MODULE_GEN_BODY_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "decoder/module.h"
#include "testing/module_gen/body_gen.h"
#include "testing/module_gen/choices.h"
#include "testing/module_gen/wasm_writer.h"

namespace dytallix::testing {

class BodyBuilder {
 public:
  BodyBuilder(const ModuleShape& shape, const internal::FuncType& type,
              bool terminating, Choices& choices, WasmWriter& out);

  void Build();

 private:
  struct Frame {
    internal::Opcode kind;  // kBlock for the function's own frame
    std::vector<internal::ValType> params;
    std::vector<internal::ValType> results;
    size_t height;  // operand stack size at entry, params excluded
    bool unreachable = false;
  };

  // Stack bookkeeping.
  void Op(internal::Opcode op);
  void Push(internal::ValType t) { stack_.push_back(t); }
  void Push(const std::vector<internal::ValType>& types);
  void Pop(size_t n) { stack_.resize(stack_.size() - n); }
  size_t Available() const { return stack_.size() - frames_.back().height; }
  bool TopIs(const std::vector<internal::ValType>& wanted, size_t n) const;
  // Makes the top of the stack `wanted` (reusing values already there, at
  // depth 0 only, or producing fresh ones) and pops them.
  void Take(const std::vector<internal::ValType>& wanted, int depth = 0);
  // Pushes one value of `t`: a constant, variable, load or expression no
  // deeper than the depth limit.
  void Produce(internal::ValType t, int depth);
  void ProduceNumber(internal::ValType t, int depth);
  void ProduceRef(internal::ValType t, int depth);
  // local.get or global.get of `index` if there is one.
  bool GetVariable(internal::Opcode get, std::optional<uint32_t> index,
                   internal::ValType t);
  void I32Const(uint32_t v);
  void Constant(internal::ValType t);
  void SetUnreachable();
  // Drops and produces values until the frame's stack is exactly `results`.
  void Finish(const std::vector<internal::ValType>& results);
  const std::vector<internal::ValType>& LabelTypes(uint32_t depth) const;

  // Control.
  void Sequence();
  void Instruction();
  void Structured(internal::Opcode kind);
  void Branch();
  void ReturnOrUnreachable();
  void Call();
  void CallIndirect();

  // Instruction families (body_ops.cc).
  void Numeric();
  void Select();
  void Drop();
  void LocalOp();
  void GlobalOp();
  void Load(internal::ValType t);
  void MemoryAccess();
  void MemoryBulk();
  void TableOp();
  void TableBulk(uint32_t table);
  void RefOp();
  void Address();
  void Length();
  void MemArg(internal::Opcode op);
  std::optional<uint32_t> PickLocal(internal::ValType t);
  std::optional<uint32_t> PickGlobal(internal::ValType t);
  std::optional<uint32_t> PickTable(internal::ValType t);
  std::optional<uint32_t> PickElement(internal::ValType t);

  const ModuleShape& shape_;
  const internal::FuncType& type_;
  const bool terminating_;
  Choices& choices_;
  WasmWriter& out_;
  int budget_;
  std::vector<internal::ValType> locals_;  // params, then declared locals
  std::vector<internal::ValType> stack_;
  std::vector<Frame> frames_;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_BODY_BUILDER_H_
