#include "vm/code_key.h"

#include <openssl/sha.h>

#include <type_traits>
#include <vector>

namespace dytallix::internal {

GasHash ProfileHash(const Profile& p) {
  // Binding every field by name: a field added to Profile and not here
  // fails to compile, so the hash can never leave a limit out.
  const auto& [memory_pages, module_bytes, functions, imports, exports, globals,
               locals, tables, table_elements, br_table_targets, branch_values,
               call_depth, value_stack, nested_calls, storage_key_bytes,
               storage_value_bytes, storage_bytes_per_contract,
               event_topic_bytes, event_data_bytes, events_per_call,
               allow_floats, canonicalize_nans] = p;
  std::vector<uint8_t> bytes;
  auto put = [&bytes](auto v) {
    static_assert(std::is_same_v<decltype(v), uint32_t> ||
                  std::is_same_v<decltype(v), bool>);
    for (size_t i = 0; i < sizeof(v); ++i) {
      bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
  };
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
    put(v);
  }
  for (bool b : {allow_floats, canonicalize_nans}) put(b);
  GasHash hash;
  SHA256(bytes.data(), bytes.size(), hash.data());
  return hash;
}

GasHash CodeHash(std::span<const uint8_t> wasm) {
  GasHash hash;
  SHA256(wasm.data(), wasm.size(), hash.data());
  return hash;
}

}  // namespace dytallix::internal
