#include "vm/compiled_code_key.h"

#include <vector>

#include "base/coding.h"
#include "base/sha256.h"

namespace dytallix::internal {

Hash256 ProfileHash(const Profile& p) {
  // Binding every field by name: a field added to Profile and not here
  // fails to compile, so the hash can never leave a limit out.
  const auto& [memory_pages, module_bytes, functions, imports, exports, globals,
               locals, tables, table_elements, br_table_targets, branch_values,
               call_depth, value_stack, nested_calls, storage_key_bytes,
               storage_value_bytes, storage_bytes_per_contract,
               event_topic_bytes, event_data_bytes, events_per_call,
               allow_floats, canonicalize_nans] = p;
  std::vector<uint8_t> bytes;
  for (uint32_t v : {memory_pages,
                     module_bytes,
                     functions,
                     imports,
                     exports,
                     globals,
                     locals,
                     tables,
                     table_elements,
                     br_table_targets,
                     branch_values,
                     call_depth,
                     value_stack,
                     nested_calls,
                     storage_key_bytes,
                     storage_value_bytes,
                     storage_bytes_per_contract,
                     event_topic_bytes,
                     event_data_bytes,
                     events_per_call}) {
    PutFixed<uint32_t>(&bytes, v);
  }
  for (bool b : {allow_floats, canonicalize_nans}) bytes.push_back(b ? 1 : 0);
  return Sha256(bytes);
}

Hash256 CodeHash(std::span<const uint8_t> wasm) { return Sha256(wasm); }

}  // namespace dytallix::internal
