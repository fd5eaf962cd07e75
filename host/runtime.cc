#include "host/runtime.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "host/abi.h"
#include "state/lt_hash.h"

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
  record.deployer = request.deployer;
  record.deploy_block = request.block.block;
  return call.PutContract(result.address, record);
}

// Runs a top-level call and, if it ended ok, attaches its events.
absl::StatusOr<CallOutcome> RunTopLevel(Executor& executor,
                                        const Invocation& invocation) {
  DYT_ASSIGN_OR_RETURN(CallOutcome outcome, executor.Run(invocation));
  if (outcome.ok()) outcome.events = executor.TakeEvents();
  return outcome;
}

Invocation ToInvocation(const CallRequest& request, bool read_only) {
  return {.caller = request.caller,
          .contract = request.contract,
          .method = request.method,
          .input = request.input,
          .gas_limit = request.gas_limit,
          .read_only = read_only};
}

}  // namespace

Address ContractAddress(const Address& deployer, uint64_t nonce) {
  std::string preimage(deployer.begin(), deployer.end());
  for (int shift = 56; shift >= 0; shift -= 8) {
    preimage.push_back(static_cast<char>((nonce >> shift) & 0xff));
  }
  return Sha256(preimage);
}

Runtime::Runtime(StateStore& state, RuntimeOptions options)
    : state_(state),
      modules_(options.profile),
      debug_log_(std::move(options.debug_log)) {}

absl::StatusOr<DeployResult> Runtime::Deploy(const DeployRequest& request) {
  DeployResult result;
  result.code_hash = Sha256(request.code);
  DYT_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledModule> module,
                       modules_.Compile(request.code, result.code_hash));
  CallState call = state_.BeginCall(request.block);
  DYT_ASSIGN_OR_RETURN(uint64_t nonce, call.GetNonce(request.deployer));
  if (nonce == UINT64_MAX) {
    return absl::ResourceExhaustedError("the deployer's nonce is exhausted");
  }
  result.address = ContractAddress(request.deployer, nonce);
  DYT_RETURN_IF_ERROR(call.SetNonce(request.deployer, nonce + 1));
  DYT_ASSIGN_OR_RETURN(std::optional<ContractRecord> taken,
                       call.GetContract(result.address));
  if (taken.has_value()) {
    return absl::AlreadyExistsError("a contract exists at the new address");
  }
  // The nonce increment stays whatever init does; the rest sits in here.
  CallState::Checkpoint contract = call.Begin();
  DYT_RETURN_IF_ERROR(CreateContract(call, request, result));
  if (ExportsInit(*module)) {
    Executor executor(call, modules_, debug_log_);
    DYT_ASSIGN_OR_RETURN(result.init,
                         RunTopLevel(executor, {.caller = request.deployer,
                                                .contract = result.address,
                                                .method = kInitExport,
                                                .input = request.input,
                                                .gas_limit = request.gas_limit,
                                                .deploying = true}));
  }
  DYT_RETURN_IF_ERROR(result.init.ok() ? call.Commit(contract)
                                       : call.Rollback(contract));
  DYT_RETURN_IF_ERROR(state_.Commit(call));
  return result;
}

absl::StatusOr<CallOutcome> Runtime::Call(const CallRequest& request) {
  CallState call = state_.BeginCall(request.block);
  Executor executor(call, modules_, debug_log_);
  DYT_ASSIGN_OR_RETURN(CallOutcome outcome,
                       RunTopLevel(executor, ToInvocation(request, false)));
  if (outcome.ok()) DYT_RETURN_IF_ERROR(state_.Commit(call));
  return outcome;
}

absl::StatusOr<CallOutcome> Runtime::Query(const CallRequest& request) {
  CallState call = state_.BeginCall(request.block);
  Executor executor(call, modules_, debug_log_);
  return RunTopLevel(executor, ToInvocation(request, /*read_only=*/true));
}

}  // namespace dytallix::internal
