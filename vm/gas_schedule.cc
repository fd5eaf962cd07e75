#include "vm/gas_schedule.h"

#include <vector>

#include "base/coding.h"
#include "base/sha256.h"

namespace dytallix::internal {

Hash256 GasSchedule::Hash() const {
  std::vector<uint8_t> bytes;
  PutFixed<uint32_t>(&bytes, version);
  PutFixed<uint32_t>(&bytes, static_cast<uint32_t>(kGasClassCount));
  for (uint32_t cost : static_cost) PutFixed<uint32_t>(&bytes, cost);
  PutFixed<uint32_t>(&bytes, local);
  PutFixed<uint32_t>(&bytes, value_moved);
  PutFixed<uint32_t>(&bytes, dynamic.memory_grow_page);
  PutFixed<uint32_t>(&bytes, dynamic.bulk_bytes_per_gas);
  PutFixed<uint32_t>(&bytes, dynamic.table_element);
  // Bound by name: a host price added and not hashed fails to compile.
  const auto& [call, byte_moved, byte_stored, byte_of_event, byte_hashed,
               nested_call, instance, instance_page, code_byte] = host;
  for (uint64_t cost :
       {call, byte_moved, byte_stored, byte_of_event, byte_hashed, nested_call,
        instance, instance_page, code_byte}) {
    PutFixed<uint64_t>(&bytes, cost);
  }
  return Sha256(bytes);
}

}  // namespace dytallix::internal
