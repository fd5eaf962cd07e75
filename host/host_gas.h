// The gas costs of host calls (DESIGN.md, Gas: "per host call plus per byte it
// moves, per byte stored and per byte of event") and of instantiating a
// contract for each call.
//
// PROVISIONAL: the gas issue merges this table into the versioned, hashed gas
// schedule (vm/gas_schedule.h). Until then every host function reads its
// costs from kHostGas and nowhere else.
#ifndef DYTALLIX_HOST_HOST_GAS_H_
#define DYTALLIX_HOST_HOST_GAS_H_

#include <cstdint>

namespace dytallix::internal {

struct HostGasCosts {
  uint64_t call = 50;          // every host call, before it does anything
  uint64_t byte_moved = 1;     // each byte copied between memory and host
  uint64_t byte_stored = 20;   // each key + value byte of storage_set
  uint64_t byte_of_event = 8;  // each topic + data byte of emit_event
  uint64_t byte_hashed = 2;    // each input byte of sha256 (on top of moving)
  uint64_t nested_call = 700;  // call_contract, on top of `call`
  // Every contract call (top-level or nested) runs in a fresh instance:
  // charged before it runs, per call, per initial memory page and per byte
  // of data segments copied in.
  uint64_t instance = 200;
  uint64_t instance_page = 64;
};

inline constexpr HostGasCosts kHostGas{};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_HOST_GAS_H_
