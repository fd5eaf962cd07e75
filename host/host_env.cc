#include "host/host_env.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace dytallix::internal {
namespace {

// The GasReport field that host function `function` charges to.
uint64_t& GasReportField(GasReport& report, std::string_view function) {
  if (function.starts_with("storage_")) return report.storage;
  if (function == "emit_event") return report.events;
  if (function == "call_contract" || function.starts_with("result_")) {
    return report.calls;
  }
  return report.other_host;
}

}  // namespace

bool HostEnv::Charge(uint64_t gas) {
  uint64_t& charged = GasReportField(frame_.gas_report, function_);
  const uint64_t left = call_.gas_left();
  if (call_.ConsumeGas(gas)) {
    charged += gas;
    return true;
  }
  charged += left;  // running out takes what was left
  return Fail(TrapKind::kOutOfGas,
              absl::StrCat("out of gas in ", std::string(function_)));
}

bool HostEnv::ChargeCall(uint64_t extra) {
  return Charge(costs().call + extra);
}

bool HostEnv::Range(Value ptr, uint64_t len, std::span<const uint8_t>* out) {
  MemoryInstance* memory = call_.memory();
  const uint64_t size = memory == nullptr ? 0 : memory->size();
  const uint64_t begin = ptr.i32();
  if (begin + len > size) {
    return Fail(
        TrapKind::kOutOfBoundsMemoryAccess,
        absl::StrCat(std::string(function_), ": bytes [", begin, ", ",
                     begin + len, ") are outside memory of ", size, " bytes"));
  }
  *out = memory == nullptr ? std::span<uint8_t>()
                           : memory->bytes().subspan(begin, len);
  return true;
}

bool HostEnv::Read(Value ptr, Value len, std::string_view* out) {
  std::span<const uint8_t> bytes;
  // Lengths are at most 2^32, so the charge cannot overflow.
  if (!Range(ptr, len.i32(), &bytes) ||
      !Charge(bytes.size() * costs().byte_moved)) {
    return false;
  }
  *out = std::string_view(reinterpret_cast<const char*>(bytes.data()),
                          bytes.size());
  return true;
}

bool HostEnv::Write(Value ptr, std::string_view bytes) {
  std::span<const uint8_t> out;
  if (!Range(ptr, bytes.size(), &out) ||
      !Charge(bytes.size() * costs().byte_moved)) {
    return false;
  }
  if (!bytes.empty()) {
    call_.memory()->Write(
        ptr.i32(),
        {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  }
  return true;
}

bool HostEnv::Writable() {
  if (!frame_.read_only) return true;
  return Fail(TrapKind::kHost,
              absl::StrCat(std::string(function_),
                           ": state write in a read-only query"));
}

bool HostEnv::Check(const absl::Status& status) {
  if (status.ok()) return true;
  if (absl::IsResourceExhausted(status)) {
    return Fail(TrapKind::kHost, absl::StrCat(std::string(function_), ": ",
                                              std::string(status.message())));
  }
  frame_.error = status;
  return Fail(TrapKind::kHost, std::string(status.message()));
}

bool HostEnv::Fail(TrapKind kind, std::string_view reason) {
  trap_ = kind;
  frame_.trap_reason = std::string(reason);
  return false;
}

}  // namespace dytallix::internal
