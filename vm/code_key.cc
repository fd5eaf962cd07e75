#include "vm/code_key.h"

#include <openssl/sha.h>

#include <vector>

namespace dytallix::internal {

GasHash ProfileHash(const Profile& p) {
  std::vector<uint8_t> bytes;
  for (uint32_t v : {p.max_memory_pages, p.max_module_bytes, p.max_functions,
                     p.max_imports, p.max_exports, p.max_globals, p.max_locals,
                     p.max_tables, p.max_table_elements, p.max_br_table_targets,
                     p.max_call_depth, p.max_value_stack, p.max_nested_calls,
                     p.max_storage_key_bytes, p.max_storage_value_bytes,
                     p.max_storage_bytes_per_contract, p.max_event_topic_bytes,
                     p.max_event_data_bytes, p.max_events_per_call}) {
    for (int i = 0; i < 4; ++i)
      bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  for (bool b : {p.allow_simd, p.allow_floats, p.canonicalize_nans}) {
    bytes.push_back(b ? 1 : 0);
  }
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
