// Profile: every structural and resource limit of the runtime, with the
// defaults of DESIGN.md's Limits table, and the feature policy. This header is
// the one place those numbers live.
//
// Two ready profiles:
//   Profile::Contract()  the defaults for contracts (DESIGN.md).
//   Profile::Spec()      only what the WebAssembly spec demands, with generous
//                        implementation limits that still keep memory use
//                        bounded; used by the spec suite.
#ifndef DYTALLIX_BASE_PROFILE_H_
#define DYTALLIX_BASE_PROFILE_H_

#include <cstdint>

namespace dytallix::internal {

struct Profile {
  // Linear memory, in 64 KiB pages: an initial size above this is rejected; an
  // absent or larger maximum acts as this.
  uint32_t max_memory_pages = 256;
  uint32_t max_module_bytes = 1 << 20;
  uint32_t max_functions = 10'000;  // imported + defined
  uint32_t max_imports = 100;
  uint32_t max_exports = 1'000;
  uint32_t max_globals = 1'000;  // imported + defined
  uint32_t max_locals = 1'024;   // params + locals of one function
  uint32_t max_tables = 10;      // imported + defined
  uint32_t max_table_elements = 10'000;
  uint32_t max_br_table_targets = 65'536;
  // Values one branch can carry: the results of every function type, the
  // params and results of every block type. Validating a branch checks each
  // value it carries, so this bounds the work per byte of a module.
  uint32_t max_branch_values = 16;
  uint32_t max_call_depth = 1'024;       // wasm frames
  uint32_t max_value_stack = 1'048'576;  // slots
  uint32_t max_nested_calls = 64;        // contract-to-contract depth
  uint32_t max_storage_key_bytes = 256;
  uint32_t max_storage_value_bytes = 64 * 1024;
  uint32_t max_storage_bytes_per_contract = 1 << 20;  // keys + values
  uint32_t max_event_topic_bytes = 128;
  uint32_t max_event_data_bytes = 16 * 1024;
  uint32_t max_events_per_call = 256;

  // SIMD is not a knob: the decoder rejects it under every profile.
  bool allow_floats = true;  // false: any float type or instruction is rejected
  bool canonicalize_nans = true;  // arithmetic NaN results become canonical

  static Profile Contract() { return Profile{}; }
  static Profile Spec();
};

inline Profile Profile::Spec() {
  Profile p;
  p.max_memory_pages = 65'536;
  p.max_module_bytes = 1u << 30;
  p.max_functions = 1'000'000;
  p.max_imports = 100'000;
  p.max_exports = 100'000;
  p.max_globals = 1'000'000;
  p.max_locals = 50'000;
  p.max_tables = 100'000;
  p.max_table_elements = 10'000'000;
  p.max_br_table_targets = 1'000'000;
  p.max_branch_values = 100'000;
  p.max_call_depth = 10'000;
  p.max_value_stack = 4 * 1'048'576;
  p.canonicalize_nans = false;
  return p;
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_PROFILE_H_
