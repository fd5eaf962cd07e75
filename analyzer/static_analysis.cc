#include "analyzer/static_analysis.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "analyzer/analyzer.h"
#include "base/check.h"

namespace dytallix::internal {
namespace {

// What a call to an imported env function means to the rules.
enum class HostRole : uint8_t {
  kOther,
  kCallContract,
  kConsumeGas,
  kStorageWrite,
  kRevert,
};

HostRole RoleOf(const Import& import) {
  if (import.module != "env") return HostRole::kOther;
  if (import.name == "call_contract") return HostRole::kCallContract;
  if (import.name == "consume_gas") return HostRole::kConsumeGas;
  if (import.name == "storage_set" || import.name == "storage_remove") {
    return HostRole::kStorageWrite;
  }
  if (import.name == "revert") return HostRole::kRevert;
  return HostRole::kOther;
}

bool AtLeastFraction(uint64_t value, uint64_t limit, uint64_t num,
                     uint64_t den) {
  return value * den >= limit * num;
}

bool UsesFloat(const Instr& instr) {
  const OpcodeInfo& info = InfoOf(instr.op);
  for (const char* sig : {info.params, info.results}) {
    if (sig != nullptr &&
        std::string_view(sig).find_first_of("fd") != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// A block, loop, if or the function body, while the scan is inside it.
struct ControlFrame {
  bool is_loop = false;
  uint32_t offset = 0;
  bool back_edge = false;     // an unconditional br to this loop
  bool exit_visible = false;  // something in the body may leave it
  bool storage_write = false;
};

// Scans one function body; appends its findings.
class FunctionScan {
 public:
  FunctionScan(const Module& module, const Profile& profile,
               const std::vector<HostRole>& roles, uint32_t index,
               std::vector<Finding>& out)
      : module_(module),
        profile_(profile),
        roles_(roles),
        index_(index),
        out_(out) {}

  void Run(const Function& function) {
    CheckShape(function);
    frames_.push_back({});
    bool float_reported = false;
    for (const Instr& instr : function.code) {
      if (!float_reported && UsesFloat(instr)) {
        Add(Severity::kLow, "float", instr.offset,
            "uses floating point; results are NaN-canonicalized but float "
            "logic is error-prone in contracts");
        float_reported = true;
      }
      Step(instr);
    }
  }

 private:
  void CheckShape(const Function& function) {
    if (function.body_size >= kLargeFunctionBytes) {
      Add(Severity::kLow, "large-function", function.body_offset,
          absl::StrCat("body of ", function.body_size, " bytes"));
    }
    const uint64_t locals =
        module_.FunctionType(index_).params.size() + function.num_locals;
    if (AtLeastFraction(locals, profile_.max_locals, 3, 4)) {
      Add(Severity::kLow, "near-local-limit", function.body_offset,
          absl::StrCat(locals, " params and locals; the limit is ",
                       profile_.max_locals));
    }
  }

  void Step(const Instr& instr) {
    switch (instr.op) {
      case Opcode::kBlock:
      case Opcode::kIf:
      case Opcode::kLoop:
        if (instr.op == Opcode::kIf) Top().exit_visible = true;
        frames_.push_back(
            {.is_loop = instr.op == Opcode::kLoop, .offset = instr.offset});
        break;
      case Opcode::kEnd:
        EndFrame();
        break;
      case Opcode::kBr:
        Branch(instr.label_depth());
        break;
      case Opcode::kBrIf:
      case Opcode::kReturn:
      case Opcode::kUnreachable:
        Top().exit_visible = true;
        break;
      case Opcode::kBrTable:
        Top().exit_visible = true;
        CheckBrTable(instr);
        break;
      case Opcode::kCall:
        Call(instr);
        break;
      case Opcode::kCallIndirect:
        Add(Severity::kLow, "indirect-call", instr.offset,
            "call_indirect: the callee is chosen at run time");
        break;
      case Opcode::kMemoryGrow:
        if (InLoop()) {
          Add(Severity::kMedium, "grow-in-loop", instr.offset,
              "memory.grow inside a loop");
        }
        break;
      default:
        break;
    }
  }

  void EndFrame() {
    const ControlFrame frame = frames_.back();
    frames_.pop_back();
    if (frame.is_loop && frame.back_edge && !frame.exit_visible &&
        !frame.storage_write) {
      Add(Severity::kHigh, "unbounded-loop", frame.offset,
          "heuristic: a loop with an unconditional back edge and no visible "
          "exit test or storage write (callees not inspected)");
    }
    if (frames_.empty()) return;  // the function's final end
    Top().exit_visible |= frame.exit_visible;
    Top().storage_write |= frame.storage_write;
  }

  void Branch(uint32_t depth) {
    ControlFrame& target = frames_[frames_.size() - 1 - depth];
    if (target.is_loop) {
      target.back_edge = true;
    } else {
      Top().exit_visible = true;
    }
  }

  void Call(const Instr& instr) {
    const uint32_t function = instr.function_index();
    if (function >= roles_.size()) return;  // a defined function
    switch (roles_[function]) {
      case HostRole::kCallContract:
        Add(Severity::kMedium, "calls-contract", instr.offset,
            "calls another contract, which runs arbitrary code (reentrancy)");
        break;
      case HostRole::kConsumeGas:
        Add(Severity::kLow, "consumes-gas", instr.offset,
            "charges extra gas with consume_gas");
        break;
      case HostRole::kStorageWrite:
        Top().storage_write = true;
        break;
      case HostRole::kRevert:
        Top().exit_visible = true;
        break;
      case HostRole::kOther:
        break;
    }
  }

  void CheckBrTable(const Instr& instr) {
    const uint64_t targets = instr.br_table_count();
    if (AtLeastFraction(targets, profile_.max_br_table_targets, 3, 4)) {
      Add(Severity::kMedium, "huge-br-table", instr.offset,
          absl::StrCat("br_table with ", targets, " targets; the limit is ",
                       profile_.max_br_table_targets));
    } else if (targets >= kHugeBrTable) {
      Add(Severity::kLow, "huge-br-table", instr.offset,
          absl::StrCat("br_table with ", targets, " targets"));
    }
  }

  bool InLoop() const {
    return std::any_of(frames_.begin(), frames_.end(),
                       [](const ControlFrame& f) { return f.is_loop; });
  }
  ControlFrame& Top() { return frames_.back(); }

  void Add(Severity severity, std::string code, uint32_t offset,
           std::string message) {
    out_.push_back({.severity = severity,
                    .code = std::move(code),
                    .message = std::move(message),
                    .place = CodePlace{index_, offset}});
  }

  const Module& module_;
  const Profile& profile_;
  const std::vector<HostRole>& roles_;
  const uint32_t index_;
  std::vector<Finding>& out_;
  std::vector<ControlFrame> frames_;
};

// A finding about the whole module: no place.
Finding ModuleFinding(Severity severity, std::string code,
                      std::string message) {
  return {.severity = severity,
          .code = std::move(code),
          .message = std::move(message),
          .place = std::nullopt};
}

void ModuleWide(const Module& module, const Profile& profile,
                std::vector<Finding>& out) {
  const uint64_t size = module.size_bytes;
  if (AtLeastFraction(size, profile.max_module_bytes, 1, 4)) {
    const bool half = AtLeastFraction(size, profile.max_module_bytes, 1, 2);
    out.push_back(
        ModuleFinding(half ? Severity::kMedium : Severity::kLow, "large-module",
                      absl::StrCat("module of ", size, " bytes; the limit is ",
                                   profile.max_module_bytes)));
  }
  uint64_t data_bytes = 0;
  for (const DataSegment& segment : module.data) {
    data_bytes += segment.bytes.size();
  }
  if (data_bytes >= kLargeDataBytes) {
    const bool huge = data_bytes >= 8 * kLargeDataBytes;
    out.push_back(
        ModuleFinding(huge ? Severity::kMedium : Severity::kLow, "large-data",
                      absl::StrCat(module.data.size(), " data segments of ",
                                   data_bytes, " bytes in total")));
  }
  if (AtLeastFraction(module.NumFunctions(), profile.max_functions, 3, 4)) {
    out.push_back(ModuleFinding(
        Severity::kMedium, "near-function-limit",
        absl::StrCat(module.NumFunctions(), " functions; the limit is ",
                     profile.max_functions)));
  }
}

}  // namespace

std::vector<Finding> StaticFindings(const Module& module,
                                    const Profile& profile) {
  DYT_DCHECK(!module.bodies_deferred);
  std::vector<Finding> out;
  ModuleWide(module, profile, out);
  std::vector<HostRole> roles;
  for (uint32_t i = 0; i < module.NumImportedFunctions(); ++i) {
    roles.push_back(RoleOf(module.ImportOf(ExternKind::kFunction, i)));
  }
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    const uint32_t index = module.NumImportedFunctions() + i;
    FunctionScan(module, profile, roles, index, out).Run(module.functions[i]);
  }
  return out;
}

Verdict StaticVerdict(const Module& module, const Profile& profile) {
  std::vector<Finding> findings = StaticFindings(module, profile);
  Verdict verdict;
  verdict.score = ScoreOf(findings);
  if (findings.size() > kMaxRecordedFindings) {
    const size_t dropped = findings.size() - kMaxRecordedFindings;
    findings.resize(kMaxRecordedFindings);
    findings.push_back(
        ModuleFinding(Severity::kInfo, "findings-truncated",
                      absl::StrCat(dropped, " more findings not recorded")));
  }
  verdict.findings = std::move(findings);
  return verdict;
}

}  // namespace dytallix::internal
