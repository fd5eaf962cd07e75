#include "vm/gas_schedule.h"

#include <openssl/sha.h>

#include <vector>

namespace dytallix::internal {
namespace {

void AppendLe(std::vector<uint8_t>& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

}  // namespace

GasHash GasSchedule::Hash() const {
  std::vector<uint8_t> bytes;
  AppendLe(bytes, version, 4);
  AppendLe(bytes, kGasClassCount, 4);
  for (uint32_t cost : static_cost) AppendLe(bytes, cost, 4);
  AppendLe(bytes, local, 4);
  AppendLe(bytes, value_moved, 4);
  AppendLe(bytes, dynamic.memory_grow_page, 4);
  AppendLe(bytes, dynamic.bulk_bytes_per_gas, 4);
  AppendLe(bytes, dynamic.table_element, 4);
  // Bound by name: a host price added and not hashed fails to compile.
  const auto& [call, byte_moved, byte_stored, byte_of_event, byte_hashed,
               nested_call, instance, instance_page, code_byte] = host;
  for (uint64_t cost :
       {call, byte_moved, byte_stored, byte_of_event, byte_hashed, nested_call,
        instance, instance_page, code_byte}) {
    AppendLe(bytes, cost, 8);
  }
  GasHash hash;
  SHA256(bytes.data(), bytes.size(), hash.data());
  return hash;
}

}  // namespace dytallix::internal
