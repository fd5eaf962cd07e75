// Constant expressions (global initializers, segment offsets, element
// initializers) under the WebAssembly 2.0 rules.
#ifndef DYTALLIX_VALIDATOR_CONST_EXPR_H_
#define DYTALLIX_VALIDATOR_CONST_EXPR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "base/profile.h"
#include "decoder/module.h"
#include "validator/errors.h"

namespace dytallix::internal {

// Checks that `expr` is constant and produces exactly one `expected` value:
// t.const, ref.null t, ref.func x, or global.get of an IMPORTED immutable
// global. Every constant expression of a module is checked in that context
// (the spec suite rejects global.get of a defined global in element and data
// offsets too). `where` names the place in error messages.
absl::Status CheckConstExpr(const Module& module, const Profile& profile,
                            const ConstExpr& expr, ValType expected,
                            const Where& where);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VALIDATOR_CONST_EXPR_H_
