// Host ABI v1 (DESIGN.md): the functions a contract may import from module
// "env", and the deploy-time check that a module keeps to the contract
// conventions.
//
// Semantics beyond DESIGN.md's table (host_functions.cc implements them):
//  - Pointers and lengths are i32 arguments read as unsigned. Every range is
//    checked against the caller's memory before anything happens; out of
//    bounds traps with kOutOfBoundsMemoryAccess, the reason naming the
//    function and the range. storage_get checks its whole [val_ptr, val_ptr
//    + val_cap) even when the value is shorter.
//  - Gas (the runtime's GasSchedule::host, vm/gas_schedule.h): each call
//    first charges `call` (+ `nested_call` for call_contract), then
//    byte_moved per byte copied in or out, and byte_stored / byte_of_event /
//    byte_hashed where they apply. Running out inside a host function traps
//    with kOutOfGas.
//  - Storage and event limits (Profile) trap with kHost; the reason names
//    the function and the Profile field. So do state writes (storage_set,
//    storage_remove, emit_event) in a read-only query, and a negative
//    consume_gas amount.
//  - revert stops the call with kHost; the runtime reports it as reverted,
//    with the message as output.
//  - call_contract: the request is "method\0input"; with no 0 byte the whole
//    request is the method name and the input is empty. The callee gets
//    min(max(gas, 0), gas left) and the caller is then charged what the
//    callee used. It returns 0 (ok), 2 (out of gas), 3 (nothing ran: no
//    contract at the address, or it has no such method) or 1 (anything
//    else: reverted, trapped, nested deeper than Profile::max_nested_calls).
//    The callee's caller() is the calling contract; a query's nested calls
//    are read-only too. Afterwards result_len/result_read give the callee's
//    output if it returned ok, its message if it reverted, the reason
//    if it returned 3 ("no contract at this address" or 'the contract has no
//    method "M"', the executor's kNotFound message), and nothing otherwise.
//    Those reasons are consensus data: contracts see them.
//  - Every contract call, nested or not, runs in a fresh instance: memory and
//    globals never carry over between calls, only storage does.
#ifndef DYTALLIX_HOST_ABI_H_
#define DYTALLIX_HOST_ABI_H_

#include <cstddef>
#include <span>
#include <string_view>

#include "absl/status/status.h"
#include "decoder/module.h"
#include "vm/engine.h"
#include "vm/store.h"

namespace dytallix::internal {

inline constexpr std::string_view kAbiModule = "env";
inline constexpr std::string_view kMemoryExport = "memory";
inline constexpr std::string_view kInitExport = "init";

struct AbiFunction {
  std::string_view name;
  FuncType type;
  HostFunctionPtr fn;  // its context is the Executor (host/executor.h)
};

inline constexpr size_t kAbiFunctionCount = 19;

// Every function of the ABI, in DESIGN.md's order. Defined beside the
// implementations (host_functions.cc). Immutable; shared by all threads.
std::span<const AbiFunction> HostAbi();

// The function of HostAbi() named `name`, or null.
const AbiFunction* FindAbiFunction(std::string_view name);

// OK if `module` may be deployed as a contract: it imports only ABI functions,
// each with its exact signature; it exports its memory as "memory"; it has no
// start function (the VM runs start unmetered); and "init", if exported, is a
// function of type () -> (). The error (kInvalidArgument) names the first
// offending import or export.
absl::Status CheckContractModule(const Module& module);

// True if `type` is () -> (), the type of a callable method.
inline bool IsMethodType(const FuncType& type) {
  return type.params.empty() && type.results.empty();
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_ABI_H_
