#include "host/contract_host.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "dytallix/hex.h"
#include "host/abi.h"
#include "state/layout.h"

namespace dytallix::internal {
namespace {

bool ExportsInit(const CompiledModule& module) {
  const std::vector<Export>& exports = ModuleOf(module).exports;
  return std::any_of(exports.begin(), exports.end(),
                     [](const Export& e) { return e.name == kInitExport; });
}

// Stores the code (unless that code is already stored) and the record.
absl::Status CreateContract(CallState& call, const DeployRequest& request,
                            const DeployResult& result) {
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                       call.GetCode(result.code_hash));
  if (!stored.has_value()) {
    DYT_RETURN_IF_ERROR(call.PutCode(request.code).status());
  }
  ContractRecord record;
  record.code_hash = result.code_hash;
  record.deployer = request.sender;
  record.deploy_block = request.context.block;
  record.verdict = result.verdict;
  return call.PutContract(result.address, record);
}

// Runs a top-level call and, if it ended ok, attaches its events. A request
// for a missing contract or method fails with a message naming the contract
// (nested calls get the bare text instead, as abi.h specifies).
absl::StatusOr<CallOutcome> RunTopLevel(Executor& executor,
                                        const Invocation& invocation) {
  absl::StatusOr<CallOutcome> run = executor.Run(invocation);
  if (absl::IsNotFound(run.status())) {
    return WithContext(run.status(),
                       absl::StrCat("contract ", ToHex(invocation.contract)));
  }
  DYT_ASSIGN_OR_RETURN(CallOutcome outcome, std::move(run));
  if (outcome.ok()) outcome.events = executor.TakeEvents();
  return outcome;
}

// Storage keys the call has changed (net), of any contract.
uint32_t StorageWrites(const CallState& call) {
  uint32_t writes = 0;
  for (const auto& [key, value] : call.CallJournal().Pending()) {
    if (!key.empty() && static_cast<uint8_t>(key[0]) == layout::kStorage) {
      ++writes;
    }
  }
  return writes;
}

Invocation ToInvocation(const CallRequest& request, bool read_only) {
  return {.caller = request.sender,
          .contract = request.contract,
          .method = request.method,
          .input = request.input,
          .gas_limit = request.gas_limit,
          .read_only = read_only,
          .gas_profiler = request.gas_profiler};
}

// The invocation of "init" for a deployment at `address`.
Invocation InitInvocation(const DeployRequest& request, const Address& address,
                          uint64_t gas_limit) {
  return {.caller = request.sender,
          .contract = address,
          .method = kInitExport,
          .input = request.input,
          .gas_limit = gas_limit,
          .deploying = true};
}

}  // namespace

Address ContractAddress(const Address& deployer, uint64_t nonce) {
  std::string preimage(deployer.begin(), deployer.end());
  for (int shift = 56; shift >= 0; shift -= 8) {
    preimage.push_back(static_cast<char>((nonce >> shift) & 0xff));
  }
  return Sha256(preimage);
}

ContractHost::ContractHost(StateStore& state, ContractHostOptions options)
    : state_(state),
      modules_(options.profile, options.schedule, options.cache_bytes),
      debug_log_(std::move(options.debug_log)),
      analyzer_(options.analyzer != nullptr
                    ? std::move(options.analyzer)
                    : MakeBuiltinAnalyzer(options.profile,
                                          std::move(options.anomaly_sink))),
      min_analyzer_score_(options.min_analyzer_score) {}

void ContractHost::Observe(const CallState& call, const Invocation& invocation,
                           const CallOutcome& outcome) const {
  const std::string_view trap =
      outcome.trap.has_value() ? TrapKindName(*outcome.trap) : "";
  analyzer_->Observe({.contract = invocation.contract,
                      .method = invocation.method,
                      .gas_used = outcome.gas_used,
                      .storage_writes = outcome.ok() ? StorageWrites(call) : 0,
                      .events = static_cast<uint32_t>(outcome.events.size()),
                      .trap = trap,
                      .ok = outcome.ok(),
                      .read_only = invocation.read_only});
}

void ContractHost::ObserveDeploy(const CallState& call,
                                 const DeployRequest& request,
                                 const DeployResult& result) const {
  if (!result.ran_init) return;
  // The analyzer sees init's own gas: result.init also counts storing and
  // compiling the code.
  const uint64_t code_gas = DeployCodeGas(request.code.size());
  CallOutcome init = result.init;
  init.gas_used -= code_gas;
  Observe(call,
          InitInvocation(request, result.address, request.gas_limit - code_gas),
          init);
}

void ContractHost::ObserveCall(const CallState& call,
                               const CallRequest& request,
                               const CallOutcome& outcome) const {
  Observe(call, ToInvocation(request, /*read_only=*/false), outcome);
}

absl::Status ContractHost::Pin(const Address& contract) {
  CallState reader = state_.BeginCall({});
  return modules_.Pin(reader, contract);
}

absl::Status ContractHost::Unpin(const Address& contract) {
  CallState reader = state_.BeginCall({});
  return modules_.Unpin(reader, contract);
}

uint64_t ContractHost::DeployCodeGas(uint64_t code_bytes) const {
  const HostGasCosts& costs = modules_.schedule().host;
  return code_bytes * (costs.code_byte + costs.byte_stored);
}

absl::StatusOr<DeployResult> ContractHost::Deploy(
    const DeployRequest& request) {
  CallState call = state_.BeginCall(request.context);
  DYT_ASSIGN_OR_RETURN(DeployResult result, ExecuteDeploy(call, request));
  ObserveDeploy(call, request, result);
  DYT_RETURN_IF_ERROR(state_.Commit(call));
  return result;
}

absl::StatusOr<DeployResult> ContractHost::ExecuteDeploy(
    CallState& call, const DeployRequest& request) {
  DeployResult result;
  result.code_hash = Sha256(request.code);
  // Paid before any work on the code: a deployer that cannot pay gets no
  // decoding, validation, compilation or analysis.
  const uint64_t code_gas = DeployCodeGas(request.code.size());
  std::shared_ptr<const CompiledModule> module;
  if (code_gas <= request.gas_limit) {
    DYT_ASSIGN_OR_RETURN(module,
                         modules_.Compile(request.code, result.code_hash));
    DYT_ASSIGN_OR_RETURN(result.verdict,
                         analyzer_->Analyze(ModuleOf(*module), request.code));
    if (result.verdict.score < min_analyzer_score_) {
      return absl::InvalidArgumentError(
          absl::StrCat("the analyzer scored the module ", result.verdict.score,
                       ", below the threshold ", min_analyzer_score_, ": ",
                       DescribeFindings(result.verdict.findings)));
    }
  }
  DYT_ASSIGN_OR_RETURN(uint64_t nonce, call.GetNonce(request.sender));
  if (nonce == UINT64_MAX) {
    return absl::ResourceExhaustedError("the deployer's nonce is exhausted");
  }
  result.address = ContractAddress(request.sender, nonce);
  DYT_RETURN_IF_ERROR(call.SetNonce(request.sender, nonce + 1));
  DYT_ASSIGN_OR_RETURN(std::optional<ContractRecord> taken,
                       call.GetContract(result.address));
  if (taken.has_value()) {
    return absl::AlreadyExistsError("a contract exists at the new address");
  }
  if (module == nullptr) {
    result.init.status = CallStatus::kOutOfGas;
    result.init.trap = TrapKind::kOutOfGas;
    result.init.message =
        absl::StrCat("out of gas storing and compiling ", request.code.size(),
                     " bytes of code (", code_gas, " gas)");
    result.init.gas_used = request.gas_limit;
    result.init.gas_report = {.limit = request.gas_limit,
                              .loading = request.gas_limit};
    return result;
  }
  // The nonce increment stays whatever init does; the rest sits in here.
  CallState::Checkpoint contract = call.Begin();
  DYT_RETURN_IF_ERROR(CreateContract(call, request, result));
  if (ExportsInit(*module)) {
    Executor executor(call, modules_, debug_log_);
    DYT_ASSIGN_OR_RETURN(
        result.init,
        RunTopLevel(executor, InitInvocation(request, result.address,
                                             request.gas_limit - code_gas)));
    result.ran_init = true;
  }
  result.init.gas_used += code_gas;
  result.init.gas_report.limit = request.gas_limit;
  result.init.gas_report.loading += code_gas;
  DYT_RETURN_IF_ERROR(result.init.ok() ? call.Commit(contract)
                                       : call.Rollback(contract));
  return result;
}

absl::StatusOr<CallOutcome> ContractHost::Call(const CallRequest& request) {
  CallState call = state_.BeginCall(request.context);
  DYT_ASSIGN_OR_RETURN(CallOutcome outcome, ExecuteCall(call, request));
  ObserveCall(call, request, outcome);
  if (outcome.ok()) DYT_RETURN_IF_ERROR(state_.Commit(call));
  return outcome;
}

absl::StatusOr<CallOutcome> ContractHost::ExecuteCall(
    CallState& call, const CallRequest& request) {
  Executor executor(call, modules_, debug_log_);
  return RunTopLevel(executor, ToInvocation(request, /*read_only=*/false));
}

absl::StatusOr<CallOutcome> ContractHost::Query(const CallRequest& request) {
  CallState call = state_.BeginCall(request.context);
  Executor executor(call, modules_, debug_log_);
  const Invocation invocation = ToInvocation(request, /*read_only=*/true);
  DYT_ASSIGN_OR_RETURN(CallOutcome outcome, RunTopLevel(executor, invocation));
  Observe(call, invocation, outcome);
  return outcome;
}

}  // namespace dytallix::internal
