// The functions of Host ABI v1 (DESIGN.md; the details are in abi.h). Each
// one charges the schedule's host `call` price first, checks each range it
// touches before charging for the bytes it moves, then acts; a failed step
// traps with the reason recorded in the Frame.
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "base/check.h"
#include "base/sha256.h"
#include "host/abi.h"
#include "host/host_env.h"

namespace dytallix::internal {
namespace {

using Args = std::span<const Value>;
using Results = std::span<Value>;
using Result = std::optional<TrapKind>;

// Addresses and hashes as the bytes host functions copy out.
std::string_view AsText(const std::array<uint8_t, 32>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Result ConsumeGas(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "consume_gas");
  const int64_t amount = static_cast<int64_t>(args[0].i64());
  if (amount < 0) {
    env.Fail(TrapKind::kHost, "consume_gas: negative amount");
    return env.Trap();
  }
  if (!env.ChargeCall() || !env.Charge(amount)) return env.Trap();
  return std::nullopt;
}

Result GasLeft(void* ctx, HostCall& call, Args, Results results) {
  HostEnv env(ctx, call, "gas_left");
  if (!env.ChargeCall()) return env.Trap();
  results[0] = Value::I64(call.gas_left());
  return std::nullopt;
}

Result StorageGet(void* ctx, HostCall& call, Args args, Results results) {
  HostEnv env(ctx, call, "storage_get");
  std::string_view key;
  std::span<const uint8_t> out;
  if (!env.ChargeCall() || !env.Read(args[0], args[1], &key) ||
      !env.Range(args[2], args[3].i32(), &out)) {
    return env.Trap();
  }
  auto value = env.executor().State().GetStorage(env.frame().self, key);
  if (!env.Check(value.status())) return env.Trap();
  if (!value->has_value()) {
    results[0] = Value::I32(static_cast<uint32_t>(-1));
    return std::nullopt;
  }
  const std::string_view bytes = **value;
  if (!env.Write(args[2], bytes.substr(0, out.size()))) return env.Trap();
  results[0] = Value::I32(static_cast<uint32_t>(bytes.size()));
  return std::nullopt;
}

Result StorageSet(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "storage_set");
  std::string_view key, value;
  if (!env.Writable() || !env.ChargeCall() ||
      !env.Read(args[0], args[1], &key) ||
      !env.Read(args[2], args[3], &value) ||
      !env.Charge((key.size() + value.size()) * env.costs().byte_stored) ||
      !env.Check(
          env.executor().State().SetStorage(env.frame().self, key, value))) {
    return env.Trap();
  }
  return std::nullopt;
}

Result StorageRemove(void* ctx, HostCall& call, Args args, Results results) {
  HostEnv env(ctx, call, "storage_remove");
  std::string_view key;
  if (!env.Writable() || !env.ChargeCall() ||
      !env.Read(args[0], args[1], &key)) {
    return env.Trap();
  }
  auto existed = env.executor().State().RemoveStorage(env.frame().self, key);
  if (!env.Check(existed.status())) return env.Trap();
  results[0] = Value::I32(*existed ? 1 : 0);
  return std::nullopt;
}

Result EmitEvent(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "emit_event");
  std::string_view topic, data;
  if (!env.Writable() || !env.ChargeCall() ||
      !env.Read(args[0], args[1], &topic) ||
      !env.Read(args[2], args[3], &data) ||
      !env.Charge((topic.size() + data.size()) * env.costs().byte_of_event) ||
      !env.Check(env.executor().EmitEvent(topic, data))) {
    return env.Trap();
  }
  return std::nullopt;
}

Result BlockNumber(void* ctx, HostCall& call, Args, Results results) {
  HostEnv env(ctx, call, "block_number");
  if (!env.ChargeCall()) return env.Trap();
  results[0] = Value::I64(env.executor().State().Context().block);
  return std::nullopt;
}

Result BlockTimestamp(void* ctx, HostCall& call, Args, Results results) {
  HostEnv env(ctx, call, "block_timestamp");
  if (!env.ChargeCall()) return env.Trap();
  results[0] = Value::I64(env.executor().State().Context().block_timestamp);
  return std::nullopt;
}

Result Caller(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "caller");
  if (!env.ChargeCall() || !env.Write(args[0], AsText(env.frame().caller))) {
    return env.Trap();
  }
  return std::nullopt;
}

Result SelfAddress(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "self_address");
  if (!env.ChargeCall() || !env.Write(args[0], AsText(env.frame().self))) {
    return env.Trap();
  }
  return std::nullopt;
}

Result InputLen(void* ctx, HostCall& call, Args, Results results) {
  HostEnv env(ctx, call, "input_len");
  if (!env.ChargeCall()) return env.Trap();
  results[0] = Value::I32(static_cast<uint32_t>(env.frame().input.size()));
  return std::nullopt;
}

Result InputRead(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "input_read");
  if (!env.ChargeCall() || !env.Write(args[0], env.frame().input)) {
    return env.Trap();
  }
  return std::nullopt;
}

Result ReturnData(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "return_data");
  std::string_view data;
  if (!env.ChargeCall() || !env.Read(args[0], args[1], &data)) {
    return env.Trap();
  }
  env.frame().output = std::string(data);
  return std::nullopt;
}

Result Revert(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "revert");
  std::string_view message;
  if (!env.ChargeCall() || !env.Read(args[0], args[1], &message)) {
    return env.Trap();
  }
  env.frame().output = std::string(message);
  env.frame().reverted = true;
  env.Fail(TrapKind::kHost, "revert");
  return env.Trap();
}

// The status call_contract returns for a finished nested call.
// call_contract's status when no contract or method was found (abi.h).
constexpr uint32_t kNothingRan = 3;

uint32_t NestedStatusCode(CallStatus status) {
  switch (status) {
    case CallStatus::kOk:
      return 0;
    case CallStatus::kOutOfGas:
      return 2;
    default:
      return 1;
  }
}

// Splits "method\0input"; without a 0 byte the whole request is the method.
Invocation NestedInvocation(const Frame& frame, std::string_view address,
                            std::string_view request) {
  Invocation nested{.caller = frame.self, .read_only = frame.read_only};
  std::copy(address.begin(), address.end(), nested.contract.begin());
  const size_t split = std::min(request.find('\0'), request.size());
  nested.method = request.substr(0, split);
  nested.input = request.substr(std::min(split + 1, request.size()));
  return nested;
}

Result CallContract(void* ctx, HostCall& call, Args args, Results results) {
  HostEnv env(ctx, call, "call_contract");
  std::string_view address, request;
  if (!env.ChargeCall(env.costs().nested_call) ||
      !env.Read(args[0], Value::I32(sizeof(Address)), &address) ||
      !env.Read(args[1], args[2], &request)) {
    return env.Trap();
  }
  // The views stay valid during the nested call: the callee runs in its own
  // instance, and a memory's bytes never move (vm/store.h).
  Invocation nested = NestedInvocation(env.frame(), address, request);
  const int64_t asked = static_cast<int64_t>(args[3].i64());
  nested.gas_limit = std::min<uint64_t>(
      static_cast<uint64_t>(std::max<int64_t>(asked, 0)), call.gas_left());
  absl::StatusOr<CallOutcome> outcome = env.executor().Run(nested);
  if (absl::IsNotFound(outcome.status())) {
    env.frame().last_result = std::string(outcome.status().message());
    env.frame().callee_trace.clear();
    results[0] = Value::I32(kNothingRan);
    return std::nullopt;
  }
  if (!env.Check(outcome.status())) return env.Trap();
  // Cannot fail: the callee's gas limit was at most what was left.
  const bool charged = env.Charge(outcome->gas_used);
  DYT_DCHECK(charged);
  env.frame().last_result = std::move(outcome->output);
  env.frame().callee_trace = std::move(outcome->trace);
  results[0] = Value::I32(NestedStatusCode(outcome->status));
  return std::nullopt;
}

Result ResultLen(void* ctx, HostCall& call, Args, Results results) {
  HostEnv env(ctx, call, "result_len");
  if (!env.ChargeCall()) return env.Trap();
  results[0] =
      Value::I32(static_cast<uint32_t>(env.frame().last_result.size()));
  return std::nullopt;
}

Result ResultRead(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "result_read");
  if (!env.ChargeCall() || !env.Write(args[0], env.frame().last_result)) {
    return env.Trap();
  }
  return std::nullopt;
}

Result Sha256Of(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "sha256");
  std::string_view data;
  if (!env.ChargeCall() || !env.Read(args[0], args[1], &data) ||
      !env.Charge(data.size() * env.costs().byte_hashed)) {
    return env.Trap();
  }
  // Hashed before writing: the output may overlap the input.
  const Hash256 digest = Sha256(data);
  if (!env.Write(args[2], AsText(digest))) return env.Trap();
  return std::nullopt;
}

Result DebugLog(void* ctx, HostCall& call, Args args, Results) {
  HostEnv env(ctx, call, "debug_log");
  std::string_view message;
  if (!env.ChargeCall() || !env.Read(args[0], args[1], &message)) {
    return env.Trap();
  }
  env.executor().DebugLog(message);
  return std::nullopt;
}

constexpr ValType kI32 = ValType::kI32;
constexpr ValType kI64 = ValType::kI64;

}  // namespace

std::span<const AbiFunction> HostAbi() {
  static const auto* const kAbi =
      new std::array<AbiFunction, kAbiFunctionCount>{{
          {"consume_gas", {{kI64}, {}}, ConsumeGas},
          {"gas_left", {{}, {kI64}}, GasLeft},
          {"storage_get", {{kI32, kI32, kI32, kI32}, {kI32}}, StorageGet},
          {"storage_set", {{kI32, kI32, kI32, kI32}, {}}, StorageSet},
          {"storage_remove", {{kI32, kI32}, {kI32}}, StorageRemove},
          {"emit_event", {{kI32, kI32, kI32, kI32}, {}}, EmitEvent},
          {"block_number", {{}, {kI64}}, BlockNumber},
          {"block_timestamp", {{}, {kI64}}, BlockTimestamp},
          {"caller", {{kI32}, {}}, Caller},
          {"self_address", {{kI32}, {}}, SelfAddress},
          {"input_len", {{}, {kI32}}, InputLen},
          {"input_read", {{kI32}, {}}, InputRead},
          {"return_data", {{kI32, kI32}, {}}, ReturnData},
          {"revert", {{kI32, kI32}, {}}, Revert},
          {"call_contract", {{kI32, kI32, kI32, kI64}, {kI32}}, CallContract},
          {"result_len", {{}, {kI32}}, ResultLen},
          {"result_read", {{kI32}, {}}, ResultRead},
          {"sha256", {{kI32, kI32, kI32}, {}}, Sha256Of},
          {"debug_log", {{kI32, kI32}, {}}, DebugLog},
      }};
  return *kAbi;
}

}  // namespace dytallix::internal
