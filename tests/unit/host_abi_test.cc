// Host ABI v1: the deploy-time import and export checks, bounds checks on
// every pointer, storage and event limits as traps naming the limit, and the
// gas each host call charges.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/abi.h"
#include "testing/host_matchers.h"
#include "testing/status_matchers.h"

namespace dytallix::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class HostAbiTest : public RuntimeTest {
 protected:
  absl::Status DeployStatus(std::string_view wat) {
    return runtime_
        ->Deploy(
            {.sender = Addr(kAlice), .code = WatCode(wat), .gas_limit = kGas})
        .status();
  }
};

TEST_F(HostAbiTest, TheAbiHasEveryFunctionOfTheDesign) {
  std::vector<std::string> names;
  for (const internal::AbiFunction& f : internal::HostAbi()) {
    names.emplace_back(f.name);
  }
  EXPECT_THAT(names,
              ::testing::ElementsAre(
                  "consume_gas", "gas_left", "storage_get", "storage_set",
                  "storage_remove", "emit_event", "block_number",
                  "block_timestamp", "caller", "self_address", "input_len",
                  "input_read", "return_data", "revert", "call_contract",
                  "result_len", "result_read", "sha256", "debug_log"));
}

TEST_F(HostAbiTest, DeployRejectsAnImportOutsideTheAbi) {
  EXPECT_THAT(DeployStatus(R"((module
      (import "env" "launch_missiles" (func))
      (memory (export "memory") 1)))"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("env.launch_missiles"),
                             HasSubstr("not a function of host ABI v1"))));
  EXPECT_THAT(
      DeployStatus(R"((module
      (import "wasi" "fd_write" (func))
      (memory (export "memory") 1)))"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("wasi.fd_write")));
  EXPECT_THAT(DeployStatus(R"((module
      (import "env" "gas_left" (global i64))
      (memory (export "memory") 1)))"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("env.gas_left"),
                             HasSubstr("must be a function"))));
}

TEST_F(HostAbiTest, DeployRejectsAnAbiFunctionWithTheWrongSignature) {
  EXPECT_THAT(DeployStatus(R"((module
      (import "env" "storage_get" (func (param i32 i32 i32) (result i32)))
      (memory (export "memory") 1)))"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("env.storage_get"),
                             HasSubstr("(i32, i32, i32) -> (i32)"),
                             HasSubstr("(i32, i32, i32, i32) -> (i32)"))));
  EXPECT_THAT(
      DeployStatus(R"((module
      (import "env" "gas_left" (func (result i32)))
      (memory (export "memory") 1)))"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("env.gas_left")));
}

TEST_F(HostAbiTest, DeployRequiresTheContractConventions) {
  EXPECT_THAT(
      DeployStatus("(module (func (export \"run\")))"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"memory\"")));
  EXPECT_THAT(DeployStatus(R"((module (memory (export "memory") 1)
      (func $s) (start $s)))"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("start function")));
  EXPECT_THAT(
      DeployStatus(R"((module (memory (export "memory") 1)
      (func (export "init") (param i32))))"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"init\"")));
  // The validator's profile applies: floats are fine, SIMD is not.
  EXPECT_FALSE(DeployStatus(R"((module (memory (export "memory") 1)
      (func (export "run") (drop (v128.const i64x2 0 0)))))")
                   .ok());
}

TEST_F(HostAbiTest, EveryAbiFunctionIsImportable) {
  std::string imports;
  for (const internal::AbiFunction& f : internal::HostAbi()) {
    std::string params, results;
    for (internal::ValType t : f.type.params) {
      absl::StrAppend(&params, " ", std::string(internal::ValTypeName(t)));
    }
    for (internal::ValType t : f.type.results) {
      absl::StrAppend(&results, " ", std::string(internal::ValTypeName(t)));
    }
    absl::StrAppend(&imports, "(import \"env\" \"", std::string(f.name),
                    "\" (func (param", params, ") (result", results, ")))\n");
  }
  EXPECT_THAT(DeployStatus(absl::StrCat("(module ", imports,
                                        "(memory (export \"memory\") 1))")),
              IsOk());
}

// One method per pointer argument of the ABI, each out of bounds of the
// one-page memory (or, for `huge`, with a length of 2^32 - 1).
constexpr std::string_view kOutOfBoundsWat = R"(
  (module
    (import "env" "storage_get" (func $get (param i32 i32 i32 i32) (result i32)))
    (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
    (import "env" "storage_remove" (func $remove (param i32 i32) (result i32)))
    (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
    (import "env" "caller" (func $caller (param i32)))
    (import "env" "self_address" (func $self (param i32)))
    (import "env" "input_read" (func $input_read (param i32)))
    (import "env" "return_data" (func $return (param i32 i32)))
    (import "env" "revert" (func $revert (param i32 i32)))
    (import "env" "call_contract" (func $call (param i32 i32 i32 i64) (result i32)))
    (import "env" "result_read" (func $result_read (param i32)))
    (import "env" "sha256" (func $sha256 (param i32 i32 i32)))
    (import "env" "debug_log" (func $log (param i32 i32)))
    (memory (export "memory") 1)
    (func (export "get_key") (drop (call $get (i32.const 65530) (i32.const 7) (i32.const 0) (i32.const 0))))
    (func (export "get_value") (drop (call $get (i32.const 0) (i32.const 1) (i32.const 65535) (i32.const 2))))
    (func (export "set_key") (call $set (i32.const 65536) (i32.const 1) (i32.const 0) (i32.const 1)))
    (func (export "set_value") (call $set (i32.const 0) (i32.const 1) (i32.const -1) (i32.const 1)))
    (func (export "remove") (drop (call $remove (i32.const 65535) (i32.const 2))))
    (func (export "emit_topic") (call $emit (i32.const 65500) (i32.const 100) (i32.const 0) (i32.const 0)))
    (func (export "emit_data") (call $emit (i32.const 0) (i32.const 1) (i32.const 60000) (i32.const 6000)))
    (func (export "caller") (call $caller (i32.const 65505)))
    (func (export "self_address") (call $self (i32.const 65505)))
    (func (export "input_read") (call $input_read (i32.const 65535)))
    (func (export "return_data") (call $return (i32.const 1) (i32.const 65536)))
    (func (export "revert") (call $revert (i32.const 65536) (i32.const 1)))
    (func (export "call_address") (drop (call $call (i32.const 65530) (i32.const 0) (i32.const 0) (i64.const 0))))
    (func (export "call_input") (drop (call $call (i32.const 0) (i32.const 65000) (i32.const 1000) (i64.const 0))))
    (func (export "result_read") (call $result_read (i32.const 65537)))
    (func (export "sha256_data") (call $sha256 (i32.const 65535) (i32.const 2) (i32.const 0)))
    (func (export "sha256_out") (call $sha256 (i32.const 0) (i32.const 2) (i32.const 65505)))
    (func (export "debug_log") (call $log (i32.const 65536) (i32.const 1)))
    (func (export "huge") (call $log (i32.const 0) (i32.const -1))))
)";

TEST_F(HostAbiTest, OutOfBoundsPointersTrapAndNameTheFunction) {
  Address contract = Deployed(WatCode(kOutOfBoundsWat));
  const std::pair<const char*, const char*> cases[] = {
      {"get_key", "storage_get"},
      {"get_value", "storage_get"},
      {"set_key", "storage_set"},
      {"set_value", "storage_set"},
      {"remove", "storage_remove"},
      {"emit_topic", "emit_event"},
      {"emit_data", "emit_event"},
      {"caller", "caller"},
      {"self_address", "self_address"},
      {"input_read", "input_read"},
      {"return_data", "return_data"},
      {"revert", "revert"},
      {"call_address", "call_contract"},
      {"call_input", "call_contract"},
      {"result_read", "result_read"},
      {"sha256_data", "sha256"},
      {"sha256_out", "sha256"},
      {"debug_log", "debug_log"},
      {"huge", "debug_log"},
  };
  for (const auto& [method, function] : cases) {
    SCOPED_TRACE(method);
    EXPECT_THAT(Call(contract, method, "xy"),
                Traps(TrapKind::kOutOfBoundsMemoryAccess,
                      AllOf(HasSubstr(function),
                            HasSubstr("outside memory of 65536 bytes"))));
  }
}

// `write` stores input-sized values under input-sized keys from memory 0;
// `emit` emits an event whose topic and data are the first N and M bytes.
constexpr std::string_view kLimitsWat = R"(
  (module
    (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
    (import "env" "emit_event" (func $emit (param i32 i32 i32 i32)))
    (import "env" "input_read" (func $input_read (param i32)))
    (memory (export "memory") 2)
    ;; input: key_len i32, value_len i32, key_byte i32
    (func (export "write")
      (call $input_read (i32.const 0))
      (i32.store8 (i32.const 12) (i32.load (i32.const 8)))
      (call $set (i32.const 12) (i32.load (i32.const 0))
                 (i32.const 12) (i32.load (i32.const 4))))
    ;; input: topic_len i32, data_len i32, count i32
    (func (export "emit") (local $n i32)
      (call $input_read (i32.const 0))
      (local.set $n (i32.load (i32.const 8)))
      (loop $again
        (call $emit (i32.const 12) (i32.load (i32.const 0))
                    (i32.const 12) (i32.load (i32.const 4)))
        (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
)";

std::string Ints(uint32_t a, uint32_t b, uint32_t c) {
  std::string out;
  for (uint32_t v : {a, b, c}) out += U64(v).substr(0, 4);
  return out;
}

TEST_F(HostAbiTest, StorageLimitsTrapNamingTheLimit) {
  Address contract = Deployed(WatCode(kLimitsWat));
  EXPECT_THAT(Call(contract, "write", Ints(256, 10, 'a')), Succeeds());
  EXPECT_THAT(
      Call(contract, "write", Ints(257, 10, 'a')),
      Traps(TrapKind::kHost, AllOf(HasSubstr("storage_set"),
                                   HasSubstr("max_storage_key_bytes"))));
  EXPECT_THAT(Call(contract, "write", Ints(1, 65536, 'b')), Succeeds());
  EXPECT_THAT(Call(contract, "write", Ints(1, 65537, 'b')),
              Traps(TrapKind::kHost, HasSubstr("max_storage_value_bytes")));
}

TEST_F(HostAbiTest, PerContractStorageLimitTrapsAndRollsBack) {
  internal::Profile profile = internal::Profile::Contract();
  profile.max_storage_bytes_per_contract = 100;
  Reopen(profile);
  Address contract = Deployed(WatCode(kLimitsWat));
  EXPECT_THAT(Call(contract, "write", Ints(1, 59, 'a')), Succeeds());
  EXPECT_THAT(
      Call(contract, "write", Ints(1, 59, 'b')),
      Traps(TrapKind::kHost, HasSubstr("max_storage_bytes_per_contract")));
  // Overwriting in place stays within the limit.
  EXPECT_THAT(Call(contract, "write", Ints(1, 99, 'a')), Succeeds());
}

TEST_F(HostAbiTest, EventLimitsTrapNamingTheLimit) {
  Address contract = Deployed(WatCode(kLimitsWat));
  CallOutcome most = Call(contract, "emit", Ints(128, 16384, 256), kAlice,
                          /*gas=*/1'000'000'000);
  ASSERT_THAT(most, Succeeds());
  EXPECT_EQ(most.events.size(), 256u);
  EXPECT_EQ(most.events.back().position.event_index, 255u);
  EXPECT_THAT(
      Call(contract, "emit", Ints(129, 0, 1)),
      Traps(TrapKind::kHost, AllOf(HasSubstr("emit_event"),
                                   HasSubstr("max_event_topic_bytes"))));
  EXPECT_THAT(Call(contract, "emit", Ints(1, 16385, 1)),
              Traps(TrapKind::kHost, HasSubstr("max_event_data_bytes")));
  EXPECT_THAT(Call(contract, "emit", Ints(1, 1, 257)),
              Traps(TrapKind::kHost, HasSubstr("max_events_per_call")));
}

// `store` writes a value of the input's length; `nothing` makes the same
// calls with an empty value. The difference is exactly the per-byte costs.
TEST_F(HostAbiTest, StorageWritesChargePerByteMovedAndStored) {
  Address contract = Deployed(WatCode(R"(
    (module
      (import "env" "storage_set" (func $set (param i32 i32 i32 i32)))
      (import "env" "input_len" (func $input_len (result i32)))
      (memory (export "memory") 1)
      (func (export "store")
        (call $set (i32.const 0) (i32.const 1) (i32.const 0) (call $input_len))))
  )"));
  const uint64_t small = Call(contract, "store", std::string(10, 'x')).gas_used;
  const uint64_t large =
      Call(contract, "store", std::string(110, 'x')).gas_used;
  EXPECT_EQ(large - small,
            100 * (internal::GasSchedule::Default().host.byte_moved +
                   internal::GasSchedule::Default().host.byte_stored));
}

TEST_F(HostAbiTest, ConsumeGasChargesAndRejectsNegativeAmounts) {
  Address contract = Deployed(WatCode(R"(
    (module
      (import "env" "consume_gas" (func $consume (param i64)))
      (import "env" "gas_left" (func $gas_left (result i64)))
      (import "env" "return_data" (func $return (param i32 i32)))
      (import "env" "input_read" (func $input_read (param i32)))
      (memory (export "memory") 1)
      (func (export "consume")
        (call $input_read (i32.const 0))
        (i64.store (i32.const 8) (call $gas_left))
        (call $consume (i64.load (i32.const 0)))
        (i64.store (i32.const 8) (i64.sub (i64.load (i32.const 8)) (call $gas_left)))
        (call $return (i32.const 8) (i32.const 8))))
  )"));
  CallOutcome outcome = Call(contract, "consume", U64(5000));
  ASSERT_THAT(outcome, Succeeds());
  // consume_gas and the second gas_left each cost one host call, plus a few
  // instructions in between.
  EXPECT_GE(AsU64(outcome.output),
            5000 + 2 * internal::GasSchedule::Default().host.call);
  EXPECT_LT(AsU64(outcome.output),
            5000 + 2 * internal::GasSchedule::Default().host.call + 20);
  EXPECT_THAT(Call(contract, "consume", U64(-1)),
              Traps(TrapKind::kHost, HasSubstr("negative")));
  EXPECT_THAT(Call(contract, "consume", U64(kGas)), RunsOutOfGas());
}

// Every call instantiates the contract afresh and pays for it first: per
// initial memory page and per byte of data segments.
TEST_F(HostAbiTest, InstantiationIsChargedPerPageAndDataByte) {
  auto module = [](int pages, int data_bytes) {
    return WatCode(absl::StrCat("(module (memory (export \"memory\") ", pages,
                                ") (data (i32.const 0) \"",
                                std::string(data_bytes, 'x'),
                                "\") (func (export \"run\")))"));
  };
  const uint64_t base = Call(Deployed(module(1, 10)), "run").gas_used;
  // 100 more bytes of data: copied in, and 100 more bytes of code to load.
  const internal::HostGasCosts costs = internal::GasSchedule::Default().host;
  EXPECT_EQ(Call(Deployed(module(1, 110)), "run").gas_used - base,
            100 * (costs.byte_moved + costs.code_byte));
  EXPECT_EQ(Call(Deployed(module(3, 10)), "run").gas_used - base,
            2 * internal::GasSchedule::Default().host.instance_page);
  CallOutcome starved = Call(Deployed(module(1, 10)), "run", "", kAlice, 100);
  EXPECT_THAT(starved, RunsOutOfGas());
  EXPECT_EQ(starved.gas_used, 100u);
}

}  // namespace
}  // namespace dytallix::testing
