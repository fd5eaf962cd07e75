// CallOutcome: how one contract call ended, as the runtime reports it.
#ifndef DYTALLIX_HOST_CALL_OUTCOME_H_
#define DYTALLIX_HOST_CALL_OUTCOME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/types.h"
#include "vm/value.h"

namespace dytallix::internal {

enum class CallStatus : uint8_t {
  kOk,        // finished; its changes stand
  kReverted,  // the contract called revert; its changes are rolled back
  kTrapped,   // a trap other than out of gas; rolled back
  kOutOfGas,  // ran out of gas; rolled back, gas_used == the gas limit
};

std::string_view CallStatusName(CallStatus status);

struct CallOutcome {
  CallStatus status = CallStatus::kOk;
  // kTrapped: the trap kind; kOutOfGas: TrapKind::kOutOfGas; else nullopt.
  std::optional<TrapKind> trap;
  // kTrapped / kOutOfGas: why it stopped. For a host function's trap this is
  // the host's reason (naming the function and, for limits, the Profile
  // field); otherwise the trap kind and where it happened.
  std::string message;
  // kOk: what the contract passed to return_data (empty if nothing);
  // kReverted: the revert message; otherwise empty.
  std::string output;
  uint64_t gas_used = 0;  // also on failure; the gas limit on kOutOfGas
  // Top-level kOk outcomes only: every event of the call, nested calls
  // included, in emission order with their positions. Empty otherwise.
  std::vector<Event> events;

  bool ok() const { return status == CallStatus::kOk; }
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_CALL_OUTCOME_H_
