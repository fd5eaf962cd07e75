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

// One frame of a stack trace: a function of a contract and the byte offset
// in its module of the instruction that stopped (innermost frame) or of the
// call the frame was making.
struct TraceFrame {
  Address contract{};
  uint32_t function_index = 0;
  std::string function;  // Module::FunctionName: module-supplied text
  uint32_t offset = 0;
};

// Where a call's gas went, as node operators know it from wasmvm. What is
// not listed here was spent on the contract's own instructions (the public
// GasReport's `wasm`: gas_used minus these). Running out inside a host
// function counts what was left to that function's kind.
struct GasReport {
  uint64_t limit = 0;
  // code_byte per byte of each contract whose code the call loaded (its own,
  // and nested calls' in `calls`); a deploy's also includes storing it.
  uint64_t loading = 0;
  uint64_t instantiate = 0;  // the fresh instance's charge
  uint64_t storage = 0;      // storage_get, storage_set, storage_remove
  uint64_t events = 0;       // emit_event
  // call_contract, result_len, result_read, and all the gas of the calls
  // they made.
  uint64_t calls = 0;
  uint64_t other_host = 0;  // every other host function
};

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
  GasReport gas_report;
  // kReverted, kTrapped, kOutOfGas in the contract's code or a host function
  // it called: the WebAssembly call stack, innermost first; for kReverted and
  // kOutOfGas after a failed call_contract (the contract's last), that
  // callee's trace first. Empty when it stopped before running (loading,
  // instantiating) or ran ok. For people: never part of consensus data.
  std::vector<TraceFrame> trace;
  // Top-level kOk outcomes only: every event of the call, nested calls
  // included, in emission order with their positions. Empty otherwise.
  std::vector<Event> events;

  bool ok() const { return status == CallStatus::kOk; }
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_CALL_OUTCOME_H_
