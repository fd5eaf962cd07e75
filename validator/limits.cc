#include "validator/limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "validator/errors.h"

namespace dytallix::internal {
namespace {

absl::Status CheckCount(absl::string_view field, absl::string_view what,
                        uint64_t count, uint32_t limit) {
  if (count <= limit) return absl::OkStatus();
  return LimitError(field, absl::StrCat("module has ", count, " ", what),
                    limit);
}

absl::Status CheckCounts(const Module& m, const Profile& p) {
  DYT_RETURN_IF_ERROR(CheckCount("max_module_bytes", "bytes", m.size_bytes,
                                 p.max_module_bytes));
  DYT_RETURN_IF_ERROR(CheckCount("max_functions", "functions", m.NumFunctions(),
                                 p.max_functions));
  DYT_RETURN_IF_ERROR(
      CheckCount("max_imports", "imports", m.imports.size(), p.max_imports));
  DYT_RETURN_IF_ERROR(
      CheckCount("max_exports", "exports", m.exports.size(), p.max_exports));
  DYT_RETURN_IF_ERROR(
      CheckCount("max_globals", "globals", m.NumGlobals(), p.max_globals));
  return CheckCount("max_tables", "tables", m.NumTables(), p.max_tables);
}

absl::Status CheckMemoryPages(const Module& m, const Profile& p) {
  for (uint32_t i = 0; i < m.NumMemories(); ++i) {
    uint32_t pages = m.Memory(i).limits.min;
    if (pages > p.max_memory_pages) {
      return LimitError(
          "max_memory_pages",
          absl::StrCat("memory ", i, " declares ", pages, " initial pages"),
          p.max_memory_pages);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTableElements(const Module& m, const Profile& p) {
  for (uint32_t i = 0; i < m.NumTables(); ++i) {
    uint32_t elements = m.Table(i).limits.min;
    if (elements > p.max_table_elements) {
      return LimitError("max_table_elements",
                        absl::StrCat("table ", i, " declares ", elements,
                                     " initial elements"),
                        p.max_table_elements);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTypes(const std::vector<ValType>& types, const Profile& p,
                        const Where& where) {
  for (ValType t : types) DYT_RETURN_IF_ERROR(CheckValTypeAllowed(t, p, where));
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckModuleLimits(const Module& module, const Profile& profile) {
  DYT_RETURN_IF_ERROR(CheckCounts(module, profile));
  DYT_RETURN_IF_ERROR(CheckMemoryPages(module, profile));
  return CheckTableElements(module, profile);
}

absl::Status CheckLocalCount(uint64_t count, const Profile& profile,
                             const Where& where) {
  if (count <= profile.max_locals) return absl::OkStatus();
  return LimitError(
      "max_locals",
      absl::StrCat(Place(where), ": ", count, " params and locals"),
      profile.max_locals);
}

absl::Status CheckBranchValues(size_t count, absl::string_view what,
                               const Profile& profile, const Where& where) {
  if (count <= profile.max_branch_values) return absl::OkStatus();
  return LimitError("max_branch_values",
                    absl::StrCat(Place(where), ": ", count, " ", what),
                    profile.max_branch_values);
}

absl::Status CheckDeclaredTypes(const Module& module, const Profile& profile) {
  for (uint32_t i = 0; i < module.types.size(); ++i) {
    Where where{"type", i};
    DYT_RETURN_IF_ERROR(CheckTypes(module.types[i].params, profile, where));
    DYT_RETURN_IF_ERROR(CheckTypes(module.types[i].results, profile, where));
    DYT_RETURN_IF_ERROR(CheckBranchValues(module.types[i].results.size(),
                                          "results", profile, where));
  }
  for (uint32_t i = 0; i < module.NumGlobals(); ++i) {
    DYT_RETURN_IF_ERROR(CheckValTypeAllowed(module.GlobalTypeOf(i).type,
                                            profile, {"global", i}));
  }
  for (uint32_t i = 0; i < module.functions.size(); ++i) {
    const Function& f = module.functions[i];
    for (const LocalDecl& decl : f.locals) {
      DYT_RETURN_IF_ERROR(CheckValTypeAllowed(
          decl.type, profile,
          {"function", module.NumImportedFunctions() + i, f.body_offset}));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckValTypeAllowed(ValType type, const Profile& profile,
                                 const Where& where) {
  if (type == ValType::kV128) {
    // The decoder never yields v128; a Module built by hand may.
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported: SIMD (value type v128) at ", Place(where)));
  }
  if (!profile.allow_floats &&
      (type == ValType::kF32 || type == ValType::kF64)) {
    return FeatureError("allow_floats",
                        absl::StrCat(Place(where), ": uses ", TypeName(type)),
                        "floats are disabled by the profile");
  }
  return absl::OkStatus();
}

absl::Status FloatInstrError(Opcode op, const Where& where) {
  return FeatureError("allow_floats",
                      absl::StrCat(Place(where), ": ", OpName(op)),
                      "floats are disabled by the profile");
}

absl::Status CheckBrTableTargets(uint32_t num_targets, const Profile& profile,
                                 const Where& where) {
  if (num_targets <= profile.max_br_table_targets) return absl::OkStatus();
  return LimitError(
      "max_br_table_targets",
      absl::StrCat(Place(where), ": br_table has ", num_targets, " targets"),
      profile.max_br_table_targets);
}

}  // namespace dytallix::internal
