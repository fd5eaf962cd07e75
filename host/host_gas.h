// The gas costs of host calls and of instantiating a contract for each call:
// the `host` part of the default gas schedule (vm/gas_schedule.h), which
// defines and documents them. Every host function reads its costs from
// kHostGas and nowhere else.
#ifndef DYTALLIX_HOST_HOST_GAS_H_
#define DYTALLIX_HOST_HOST_GAS_H_

#include "vm/gas_schedule.h"

namespace dytallix::internal {

inline constexpr HostGasCosts kHostGas = GasSchedule::Default().host;

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_HOST_GAS_H_
