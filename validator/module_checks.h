// Module-level validation rules outside function bodies.
#ifndef DYTALLIX_VALIDATOR_MODULE_CHECKS_H_
#define DYTALLIX_VALIDATOR_MODULE_CHECKS_H_

#include "absl/status/status.h"
#include "base/profile.h"
#include "decoder/module.h"

namespace dytallix::internal {

// Type indices of imported and defined functions, table and memory limits, at
// most one memory, the start function and exports (indices exist, names
// unique). After it succeeds every type, function, table, memory and global
// index outside function bodies and segments is in range.
absl::Status CheckModuleStructure(const Module& module);

// Global initializers and element and data segments (their constant
// expressions, tables, memories and element types).
// REQUIRES: CheckModuleStructure(module) succeeded.
absl::Status CheckInitializers(const Module& module, const Profile& profile);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_MODULE_CHECKS_H_
