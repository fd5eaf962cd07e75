// diff_fuzzer: one generated module, run several ways, must behave the same.
//   1. Two fresh instances, per-block metering, one run with threaded and one
//      with switch dispatch: identical results, traps (kind and place), gas
//      used, exported memory and globals (determinism, and the two run loops
//      agree). A third, gas-profiled run agrees too, and its profile accounts
//      for exactly the gas the calls used.
//   2. Per-block against per-instruction metering (vm/gas_schedule.h's
//      reference mode): a call that completes uses the same gas in both; a
//      call that traps traps the same way, the per-block mode having charged
//      at least as much; when the per-block mode runs out of gas the other
//      runs out too or first reaches another trap, and the runs part there.
//   3. Metered against unmetered, for the calls before the first one that ran
//      out of gas: identical results, traps and state (metering must not
//      change what a program does).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "base/profile.h"
#include "fuzz/exec_harness.h"
#include "testing/module_gen/module_gen.h"
#include "vm/engine.h"

namespace {

using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)

void Check(const std::string& differences, const char* what) {
  if (differences.empty()) return;
  std::fprintf(stderr, "%s: %s\n", what, differences.c_str());
  std::abort();
}

bool OutOfGas(const CallRecord& call) {
  return call.trap && call.trap->kind == TrapKind::kOutOfGas;
}

size_t CallsBeforeOutOfGas(const RunRecord& record) {
  for (size_t i = 0; i < record.calls.size(); ++i) {
    if (OutOfGas(record.calls[i])) return i;
  }
  return record.calls.size();
}

std::shared_ptr<const CompiledModule> LoadOrDie(
    const std::vector<uint8_t>& wasm, GasMetering metering) {
  auto module = Load(wasm, Profile::Contract(), {.metering = metering});
  if (!module.ok()) {
    std::fprintf(stderr, "generator bug, module rejected: %s\n",
                 module.status().ToString().c_str());
    std::abort();
  }
  return *module;
}

// Check 2 above: "" or what differs.
std::string MeteringDifferences(const RunRecord& block,
                                const RunRecord& instr) {
  // A start function's charges part the runs as a call's do.
  const auto start_out_of_gas = [](const std::optional<Trap>& trap) {
    return trap && trap->kind == TrapKind::kOutOfGas;
  };
  if (start_out_of_gas(instr.instantiate_trap) &&
      !start_out_of_gas(block.instantiate_trap)) {
    return "start function: only per-instruction OOG";
  }
  if (start_out_of_gas(block.instantiate_trap)) return "";
  if (block.instantiate_trap != instr.instantiate_trap) {
    return Differences(block, instr, false, false);
  }
  for (size_t i = 0; i < block.calls.size(); ++i) {
    const CallRecord& b = block.calls[i];
    const CallRecord& p = instr.calls[i];
    std::string both = "call " + b.name + ": per-block gas " +
                       std::to_string(b.gas_used) + ", per-instruction " +
                       std::to_string(p.gas_used);
    if (OutOfGas(p) && !OutOfGas(b)) return both + ", only per-instruction OOG";
    if (OutOfGas(b)) return "";  // partial blocks: the states part here
    if (b.trap != p.trap || b.results != p.results) {
      return Differences(block, instr, false, false);
    }
    if (!b.trap && b.gas_used != p.gas_used) return both;
    if (b.trap && b.gas_used < p.gas_used) return both;
  }
  return Differences(block, instr, /*compare_gas=*/false,
                     /*compare_state=*/true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  const std::vector<uint8_t> wasm = dytallix::testing::GenerateModule(bytes);
  const auto block = LoadOrDie(wasm, GasMetering::kPerBlock);
  const CallOptions metered{.metering = true,
                            .gas_limit = kFuzzGasLimit,
                            .dispatch = Dispatch::kThreaded};

  const RunRecord first = *RunExports(block, bytes, metered);
  CallOptions switched = metered;
  switched.dispatch = Dispatch::kSwitch;
  Check(Differences(first, *RunExports(block, bytes, switched),
                    /*compare_gas=*/true, /*compare_state=*/true),
        "threaded and switch dispatch differ");

  GasProfiler profiler;
  CallOptions profiled = metered;
  profiled.gas_profiler = &profiler;
  Check(Differences(first, *RunExports(block, bytes, profiled),
                    /*compare_gas=*/true, /*compare_state=*/true),
        "profiled and plain runs differ");
  uint64_t gas_used = 0;
  for (const CallRecord& call : first.calls) gas_used += call.gas_used;
  if (profiler.total() != gas_used) {
    Check("profile total " + std::to_string(profiler.total()) +
              ", calls used " + std::to_string(gas_used),
          "gas profile");
  }

  const auto instr = LoadOrDie(wasm, GasMetering::kPerInstruction);
  Check(MeteringDifferences(first, *RunExports(instr, bytes, metered)),
        "per-block and per-instruction metering differ");

  const size_t safe = CallsBeforeOutOfGas(first);
  const RunRecord unmetered = *RunExports(block, bytes, {}, safe);
  Check(Differences(first, unmetered, /*compare_gas=*/false,
                    /*compare_state=*/safe == first.calls.size()),
        "metered and unmetered runs differ");
  return 0;
}
