// HostEnv: what one host function call works with — the Executor and the
// running call's Frame, gas, and bounds-checked views of the caller's memory —
// and how it fails. Used only by host_functions.cc.
//
// Every failing step records why in the Frame (trap_reason, or error for a
// backend failure) and returns false; the host function then returns Trap().
// Pointers and lengths are the i32 arguments read as unsigned, checked with
// 64-bit arithmetic, so no argument can reach outside the memory. Bounds are
// checked before the per-byte charge, so a wild length traps as out of
// bounds rather than out of gas.
#ifndef DYTALLIX_HOST_HOST_ENV_H_
#define DYTALLIX_HOST_HOST_ENV_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "host/executor.h"
#include "vm/store.h"
#include "vm/value.h"

namespace dytallix::internal {

class HostEnv {
 public:
  // `function` is the ABI name, for trap reasons.
  HostEnv(void* executor, HostCall& call, std::string_view function)
      : executor_(*static_cast<Executor*>(executor)),
        frame_(executor_.CurrentFrame()),
        call_(call),
        function_(function) {}

  Executor& executor() { return executor_; }
  Frame& frame() { return frame_; }
  HostCall& call() { return call_; }

  // Charges `gas`: false (kOutOfGas) if less is left.
  [[nodiscard]] bool Charge(uint64_t gas);
  // The host-call prices of the running schedule.
  const HostGasCosts& costs() const { return executor_.host_gas(); }
  // Charges costs().call + `extra`: the first step of every host function.
  [[nodiscard]] bool ChargeCall(uint64_t extra = 0);
  // Bytes [ptr, ptr + len) of the caller's memory; false if out of bounds.
  // Bounds only: charges nothing.
  [[nodiscard]] bool Range(Value ptr, uint64_t len,
                           std::span<const uint8_t>* out);
  // Reads bytes [ptr, ptr + len) and charges for moving them.
  [[nodiscard]] bool Read(Value ptr, Value len, std::string_view* out);
  // Copies `bytes` to [ptr, ptr + size) and charges for moving them.
  [[nodiscard]] bool Write(Value ptr, std::string_view bytes);
  // False (a kHost trap) in a read-only query.
  [[nodiscard]] bool Writable();
  // OK -> true. A limit (kResourceExhausted) -> a kHost trap naming it; any
  // other error aborts the top-level call.
  [[nodiscard]] bool Check(const absl::Status& status);
  // Records `reason` for a trap of `kind`; returns false.
  bool Fail(TrapKind kind, std::string_view reason);

  // The trap the failed step chose.
  std::optional<TrapKind> Trap() const { return trap_; }

 private:
  Executor& executor_;
  Frame& frame_;
  HostCall& call_;
  std::string_view function_;
  std::optional<TrapKind> trap_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_HOST_ENV_H_
