// The static gas cost of each instruction class, charged per basic block.
//
// PROVISIONAL: 1 per instruction for every class. The gas issue replaces this
// table (and adds the schedule's version, hash and dynamic costs); the
// compiler reads costs only through StaticCost().
#ifndef DYTALLIX_VM_GAS_SCHEDULE_H_
#define DYTALLIX_VM_GAS_SCHEDULE_H_

#include <array>
#include <cstdint>

#include "decoder/opcode.h"

namespace dytallix::internal {

inline constexpr std::array<uint32_t, static_cast<int>(GasClass::kCount)>
    kStaticGasCost = [] {
      std::array<uint32_t, static_cast<int>(GasClass::kCount)> costs{};
      costs.fill(1);
      return costs;
    }();

inline constexpr uint32_t StaticCost(Opcode op) {
  return kStaticGasCost[static_cast<int>(InfoOf(op).gas)];
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_GAS_SCHEDULE_H_
