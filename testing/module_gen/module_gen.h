// GenerateModule: a valid WebAssembly 2.0 module chosen by arbitrary bytes,
// for structure-aware fuzzing of the VM.
//
// The module has types (multi-value included), up to six functions whose
// bodies cover every non-SIMD instruction kind (body_gen.h), up to three
// tables, usually one memory (at most 256 pages, as Profile::Contract()
// allows), globals, active/passive/declarative element segments, active and
// passive data segments, and sometimes a start function (which never loops or
// calls, because the start function runs unmetered). Its segments fit their
// table or memory, so instantiation does not trap on them.
//
// Exports: every function i as "f<i>" (function 0 has type () -> ()), the
// memory as "memory", and some globals and tables as "g<i>" and "t<i>".
//
// Guarantees: the result decodes and validates under Profile::Contract()
// (anything else is a generator bug); the same bytes give the same module;
// the module stays within a few KB whatever the input size.
#ifndef DYTALLIX_TESTING_MODULE_GEN_MODULE_GEN_H_
#define DYTALLIX_TESTING_MODULE_GEN_MODULE_GEN_H_

#include <cstdint>
#include <span>
#include <vector>

namespace dytallix::testing {

std::vector<uint8_t> GenerateModule(std::span<const uint8_t> bytes);

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_MODULE_GEN_H_
