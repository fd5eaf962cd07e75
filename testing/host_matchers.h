// Test vocabulary for the ContractHost: one over an in-memory state
// store (RuntimeTest), byte helpers (U64, Addr, Cat), the example contracts
// (Contract("token")) and matchers over CallOutcome: Succeeds(),
// Reverts(message), Traps(kind, reason matcher), RunsOutOfGas().
#ifndef DYTALLIX_TESTING_HOST_MATCHERS_H_
#define DYTALLIX_TESTING_HOST_MATCHERS_H_

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/coding.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/contract_host.h"
#include "state/mem_kv_store.h"
#include "state/state_store.h"
#include "testing/address.h"
#include "testing/wat.h"

namespace dytallix::internal {

inline void PrintTo(const CallOutcome& o, std::ostream* os) {
  *os << CallStatusName(o.status);
  if (o.trap) *os << " (" << TrapKindName(*o.trap) << ")";
  if (!o.message.empty()) *os << " \"" << o.message << "\"";
  *os << ", output " << o.output.size() << " bytes, gas " << o.gas_used;
}

}  // namespace dytallix::internal

namespace dytallix::testing {

using internal::Address;
using internal::CallOutcome;
using internal::CallStatus;
using internal::TrapKind;

using ::dytallix::testing::Addr;  // all 32 bytes `fill`

inline std::string Bytes(const Address& a) { return {a.begin(), a.end()}; }

// 8 bytes little-endian, the contracts' integer encoding.
inline std::string U64(uint64_t v) {
  std::string out;
  internal::PutFixed<uint64_t>(&out, v);
  return out;
}
// The u64 at byte `at` of `bytes`; fails the test (returning 0) if `bytes`
// ends before it does.
inline uint64_t AsU64(std::string_view bytes, size_t at = 0) {
  if (at > bytes.size() || bytes.size() - at < 8) {
    ADD_FAILURE() << "no u64 at byte " << at << " of " << bytes.size();
    return 0;
  }
  return internal::DecodeFixed<uint64_t>(bytes.data() + at);
}

template <typename... Parts>
std::string Cat(const Parts&... parts) {
  std::string out;
  (out.append(parts), ...);
  return out;
}

// The binary of example contract `name` (contracts/NAME.c, built by CMake).
inline std::string Contract(std::string_view name) {
  std::string path =
      std::string(DYTALLIX_CONTRACTS_DIR) + "/" + std::string(name) + ".wasm";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::abort();
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A module from WAT text, as deployable code.
inline std::string WatCode(std::string_view wat) {
  std::vector<uint8_t> wasm = Wasm(wat);
  return {wasm.begin(), wasm.end()};
}

MATCHER(Succeeds, "succeeds") {
  return arg.status == CallStatus::kOk && !arg.trap;
}

MATCHER_P(Reverts, message, "reverts with \"" + std::string(message) + "\"") {
  return arg.status == CallStatus::kReverted && arg.output == message &&
         arg.events.empty();
}

MATCHER_P2(Traps, kind, reason,
           "traps with " + std::string(internal::TrapKindName(kind))) {
  return arg.status == CallStatus::kTrapped && arg.trap == kind &&
         ::testing::ExplainMatchResult(reason, arg.message, result_listener) &&
         arg.events.empty();
}

MATCHER(RunsOutOfGas, "runs out of gas") {
  return arg.status == CallStatus::kOutOfGas &&
         arg.trap == TrapKind::kOutOfGas && arg.events.empty();
}

inline constexpr uint64_t kGas = 10'000'000;

// A ContractHost over a fresh in-memory store, with helpers that fail the test
// on request errors (absl::Status), so tests state only the outcome they
// expect.
class RuntimeTest : public ::testing::Test {
 protected:
  static constexpr uint8_t kAlice = 0xa1;
  static constexpr uint8_t kBob = 0xb0;
  static constexpr uint8_t kCarol = 0xc0;

  RuntimeTest() { Reopen(internal::Profile::Contract()); }

  void Reopen(const internal::Profile& profile,
              const internal::GasSchedule& schedule =
                  internal::GasSchedule::Default()) {
    runtime_.reset();
    state_.reset();
    kv_ = std::make_unique<internal::MemKvStore>();
    state_ = std::move(internal::StateStore::Open(*kv_, profile)).value();
    runtime_ = std::make_unique<internal::ContractHost>(
        *state_, internal::ContractHostOptions{
                     .profile = profile,
                     .schedule = schedule,
                     .debug_log = [this](const Address&, std::string_view m) {
                       debug_log_.emplace_back(m);
                     }});
  }

  internal::DeployResult Deploy(const std::string& code,
                                const std::string& input = "",
                                uint8_t sender = kAlice, uint64_t gas = kGas) {
    auto result = runtime_->Deploy({.sender = Addr(sender),
                                    .code = code,
                                    .input = input,
                                    .gas_limit = gas,
                                    .context = NextTransaction()});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : internal::DeployResult{};
  }

  // Deploys and requires init to succeed; returns the address.
  Address Deployed(const std::string& code, const std::string& input = "",
                   uint8_t sender = kAlice) {
    internal::DeployResult result = Deploy(code, input, sender);
    EXPECT_THAT(result.init, Succeeds());
    return result.address;
  }

  internal::CallRequest Request(const Address& contract, std::string method,
                                std::string input, uint8_t sender,
                                uint64_t gas) {
    return {.sender = Addr(sender),
            .contract = contract,
            .method = std::move(method),
            .input = std::move(input),
            .gas_limit = gas,
            .context = NextTransaction()};
  }

  // The block context of the next request: same block, next tx index (event
  // positions must be unique).
  internal::CallContext NextTransaction() {
    internal::CallContext context = context_;
    ++context_.tx_index;
    return context;
  }

  CallOutcome Call(const Address& contract, std::string method,
                   std::string input = "", uint8_t sender = kAlice,
                   uint64_t gas = kGas) {
    return Unwrap(runtime_->Call(
        Request(contract, std::move(method), std::move(input), sender, gas)));
  }

  CallOutcome Query(const Address& contract, std::string method,
                    std::string input = "", uint8_t sender = kAlice,
                    uint64_t gas = kGas) {
    return Unwrap(runtime_->Query(
        Request(contract, std::move(method), std::move(input), sender, gas)));
  }

  // The outcome, or an empty one after failing the test.
  static CallOutcome Unwrap(absl::StatusOr<CallOutcome> outcome) {
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *std::move(outcome) : CallOutcome{};
  }

  internal::CallContext context_{.block = 7, .block_timestamp = 1'700'000'000};
  std::unique_ptr<internal::MemKvStore> kv_;
  std::unique_ptr<internal::StateStore> state_;
  std::unique_ptr<internal::ContractHost> runtime_;
  std::vector<std::string> debug_log_;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_HOST_MATCHERS_H_
