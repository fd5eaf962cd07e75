// DefineSpectest: the `spectest` host module the spec scripts import.
//
//   print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
//   print_f64_f64                  functions that do nothing
//   global_i32, global_i64         immutable, 666
//   global_f32, global_f64         immutable, 666.6
//   table                          funcref, min 10, max 20
//   memory                         min 1, max 2 pages
//
// The objects are created in `store`, which owns them.
#ifndef DYTALLIX_TESTS_SPEC_SPECTEST_HOST_H_
#define DYTALLIX_TESTS_SPEC_SPECTEST_HOST_H_

#include "vm/engine.h"
#include "vm/store.h"

namespace dytallix::internal {

void DefineSpectest(Store& store, Linker& linker);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_SPECTEST_HOST_H_
