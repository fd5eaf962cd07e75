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
  for (uint64_t cost : {host.call, host.byte_moved, host.byte_stored,
                        host.byte_of_event, host.byte_hashed, host.nested_call,
                        host.instance, host.instance_page}) {
    AppendLe(bytes, cost, 8);
  }
  GasHash hash;
  SHA256(bytes.data(), bytes.size(), hash.data());
  return hash;
}

}  // namespace dytallix::internal
