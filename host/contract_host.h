// ContractHost: hosts contracts over a StateStore it does not own: deploys
// them and runs calls and queries (and the transactions of a block, block.h).
// The public dytallix::Runtime (include/dytallix/runtime.h, api/runtime.cc)
// wraps one, adding the storage backend, transaction positions and the
// public types.
//
//   MemKvStore kv;
//   auto state = StateStore::Open(kv, Profile::Contract());
//   ContractHost host(**state);
//   auto deployed = host.Deploy({.sender = alice, .code = wasm,
//                                .gas_limit = 1'000'000});
//   auto outcome = host.Call({.sender = alice,
//                             .contract = deployed->address,
//                             .method = "increment",
//                             .gas_limit = 100'000});
//
// Two error channels: absl::Status for requests that cannot run at all (an
// invalid module, no such contract or method, a backend failure, a commit
// conflict: nothing is written), and CallOutcome for calls that ran, however
// they ended.
//
// Gas: each request has its own limit; the outcome reports gas used, also on
// failure (the limit when out of gas). Each contract call first pays for its
// fresh instance, then for its instructions and host calls, all at the
// prices of ContractHostOptions::schedule. Loading a contract's code is charged
// per byte by every call (cached or not) and by deploy (DeployCodeGas).
//
// Thread-safety: a ContractHost may be used from many threads at once, as its
// StateStore may; calls that touch the same contract concurrently can fail
// to commit with kAborted (see state_store.h). The debug_log sink, the
// analyzer and the anomaly sink are then called from those threads. The
// StateStore must outlive the ContractHost.
//
// Event positions: each request's CallContext (block, tx_index) must be
// unique among the requests that commit, as the state store orders and keys
// events by (block, tx_index, event_index).
#ifndef DYTALLIX_HOST_CONTRACT_HOST_H_
#define DYTALLIX_HOST_CONTRACT_HOST_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "analyzer/analyzer.h"
#include "base/profile.h"
#include "host/call_outcome.h"
#include "host/executor.h"
#include "host/module_cache.h"
#include "state/call_state.h"
#include "state/state_store.h"
#include "state/types.h"

namespace dytallix::internal {

struct ContractHostOptions {
  // Validation limits, execution limits and max_nested_calls. The storage
  // and event limits are the StateStore's profile's; pass the same one.
  Profile profile = Profile::Contract();
  // Every price: instructions, host calls, loading and storing code. Part of
  // consensus, like the profile.
  GasSchedule schedule = GasSchedule::Default();
  // The compiled-code cache's budget for unpinned code (module_cache.h).
  uint64_t cache_bytes = kDefaultCacheBytes;
  DebugLogSink debug_log{};  // debug_log output; discarded if empty
  // Scores each module at deploy (the verdict is stored with the contract)
  // and observes every finished call, query and init. Null: the built-in
  // analyzer (analyzer.h) over `profile`, reporting to `anomaly_sink`.
  std::shared_ptr<Analyzer> analyzer{};
  // Deploy rejects a module whose score is below this; 0 rejects nothing.
  uint8_t min_analyzer_score = 0;
  // The built-in analyzer's anomaly findings; discarded if empty. Advisory:
  // never affects results, gas or state.
  FindingSink anomaly_sink{};
};

// `sender`: the account that signed the request (the public API's word too);
// the contract it deploys records it as its deployer. Inside a contract,
// `caller` is the immediate caller (Invocation::caller): the sender for the
// top-level call, the calling contract for a nested one.
struct DeployRequest {
  Address sender{};
  std::string code{};      // the module's binary
  std::string input{};     // the input of "init"
  uint64_t gas_limit = 0;  // for "init"
  CallContext context{};
};

struct DeployResult {
  // SHA-256(sender ‖ sender's nonce as 8 bytes big-endian).
  Address address{};
  Hash256 code_hash{};
  // How "init" ended (kOk if the module has no "init"); its gas_used
  // includes DeployCodeGas. Not kOk: the contract was not created (see
  // Deploy).
  CallOutcome init;
  // The analyzer's verdict, as stored in the contract record.
  Verdict verdict;
  bool ran_init = false;  // the module exports "init", and it ran
};

struct CallRequest {
  Address sender{};
  Address contract{};
  std::string method{};  // an exported function of type () -> (), not "init"
  std::string input{};
  uint64_t gas_limit = 0;
  CallContext context{};
  // Non-null: where the call's gas went, per function (vm/gas_profiler.h).
  // Nested contract calls show as one frame, env.call_contract; the charge
  // for instantiating the contract as a frame "(instantiate)". Not owned.
  GasProfiler* gas_profiler = nullptr;
};

class ContractHost {
 public:
  explicit ContractHost(StateStore& state, ContractHostOptions options = {});
  ContractHost(const ContractHost&) = delete;
  ContractHost& operator=(const ContractHost&) = delete;

  // Deploys `request.code`: first charges DeployCodeGas(code size) from
  // request.gas_limit (too little: an out-of-gas outcome, and nothing is
  // done with the code), then validates it under the profile and the contract
  // conventions (abi.h), stores the code under its hash (once per distinct
  // code), creates the contract record, increments the sender's nonce and
  // runs "init" if exported, all committed in one batch.
  // If the code charge or init runs out of gas, or init reverts or traps, the
  // deployment leaves no trace
  // but the nonce increment: no code, record, storage or events, and the
  // next deployment by the same sender gets the next address.
  // Errors: kInvalidArgument (and the VM's Load messages) for a module that
  // may not be deployed, naming the offending import, export or limit;
  // kAlreadyExists if the address is taken; backend and commit errors.
  // The analyzer's errors (e.g. a fail-closed plugin's), and
  // kInvalidArgument listing the findings when the analyzer's score is below
  // ContractHostOptions::min_analyzer_score. Nothing is written on error.
  absl::StatusOr<DeployResult> Deploy(const DeployRequest& request);

  // What deploying `code_bytes` bytes of code costs before init runs: the
  // schedule's code_byte (loading) plus byte_stored (keeping it) per byte.
  // A deploy that fails validation has done at most this much work.
  uint64_t DeployCodeGas(uint64_t code_bytes) const;

  // Runs `request.method` of `request.contract`. Committed atomically if the
  // outcome is kOk; otherwise nothing of it remains. Errors: kNotFound (no
  // such contract or method), backend and commit errors.
  absl::StatusOr<CallOutcome> Call(const CallRequest& request);

  // Deploy and Call up to their commit: they run in `call` (a fresh
  // CallState, over committed state or a block's view of it), which holds
  // what committing would write, and tell the analyzer nothing. Deploy's
  // changes stand whenever it returns a result; Call's when the outcome is
  // ok. Errors as Deploy's and Call's, but no commit errors.
  absl::StatusOr<DeployResult> ExecuteDeploy(CallState& call,
                                             const DeployRequest& request);
  absl::StatusOr<CallOutcome> ExecuteCall(CallState& call,
                                          const CallRequest& request);
  // Tell the analyzer how an ExecuteDeploy or ExecuteCall in `call` ended.
  void ObserveDeploy(const CallState& call, const DeployRequest& request,
                     const DeployResult& result) const;
  void ObserveCall(const CallState& call, const CallRequest& request,
                   const CallOutcome& outcome) const;

  // Like Call, but never commits: a read of committed state. State writes
  // (storage_set, storage_remove, emit_event), here or in nested calls, trap.
  absl::StatusOr<CallOutcome> Query(const CallRequest& request);

  // Keeps the compiled code of `contract` cached until Unpin (ModuleCache's
  // Pin and Unpin, over committed state). Never changes gas or results.
  absl::Status Pin(const Address& contract);
  absl::Status Unpin(const Address& contract);
  CacheMetrics cache_metrics() const { return modules_.Metrics(); }
  StateStore& state() const { return state_; }

 private:
  // Tells the analyzer how a top-level execution over `call` ended.
  void Observe(const CallState& call, const Invocation& invocation,
               const CallOutcome& outcome) const;

  StateStore& state_;
  ModuleCache modules_;
  DebugLogSink debug_log_;
  std::shared_ptr<Analyzer> analyzer_;
  uint8_t min_analyzer_score_;
};

// The address of the contract `deployer` deploys with nonce `nonce`.
Address ContractAddress(const Address& deployer, uint64_t nonce);

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_CONTRACT_HOST_H_
