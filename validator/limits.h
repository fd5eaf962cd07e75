// The Profile's structural limits and feature policy (base/profile.h), checked
// where each applies. Every error names the Profile field.
#ifndef DYTALLIX_VALIDATOR_LIMITS_H_
#define DYTALLIX_VALIDATOR_LIMITS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/profile.h"
#include "decoder/module.h"
#include "validator/errors.h"

namespace dytallix::internal {

// Module size, item counts, initial memory pages and initial table elements.
// A declared maximum above the limit (or none) is accepted: the VM caps growth
// at the limit, so such a module still runs within it.
// Runs before the function bodies are checked, so that checking never
// allocates by an over-limit count. REQUIRES: CheckModuleStructure succeeded.
absl::Status CheckModuleLimits(const Module& module, const Profile& profile);

// Params + locals of one function, before the checker expands them.
absl::Status CheckLocalCount(uint64_t count, const Profile& profile,
                             const Where& where);

// `count` values carried by one label (`what`: "results", "block params")
// against Profile::max_branch_values.
absl::Status CheckBranchValues(size_t count, absl::string_view what,
                               const Profile& profile, const Where& where);

// Rejects v128 always and f32/f64 when !profile.allow_floats, in every type
// the module declares (function types, imported and defined globals, locals),
// and function types with more results than max_branch_values.
absl::Status CheckDeclaredTypes(const Module& module, const Profile& profile);

// The same policy for one type met at `where` (block and select types).
absl::Status CheckValTypeAllowed(ValType type, const Profile& profile,
                                 const Where& where);

// The error for an instruction whose operands or results are floats when the
// profile disallows floats (callers test profile.allow_floats first, so the
// hot path builds no message).
absl::Status FloatInstrError(Opcode op, const Where& where);

// `num_targets` counts every label of one br_table, the default included.
absl::Status CheckBrTableTargets(uint32_t num_targets, const Profile& profile,
                                 const Where& where);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_LIMITS_H_
