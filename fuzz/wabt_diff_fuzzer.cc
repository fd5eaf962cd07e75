// wabt_diff_fuzzer: ours against a second engine, wabt's interpreter
// (fuzz/wabt_engine.h). The bytes drive the module generator
// (testing/module_gen); the generated module, and the raw bytes when they
// are themselves a module (the seeds are the spec suite's), run in both
// engines, every function export called in turn with arguments from the
// bytes, and results, traps, exported globals and memory must agree after
// every call (fuzz/engine_run.h's CompareRuns says exactly what counts).
//
// Ours runs under Profile::Contract(), metered with kFuzzGasLimit; a call
// that runs out of gas ends the comparison before it (wabt has no gas, and
// never runs a call ours did not finish, so it cannot hang). The contract
// profile's memory and table caps apply to wabt's instance too.
//
// NaNs. Ours canonicalizes arithmetic NaN results; wabt returns what the
// hardware gives (x86's default NaN is negative). Results and globals that
// are NaN in both engines compare equal, but a NaN's bits can also reach
// integers and memory (reinterpret, copysign, a float store), where the spec
// allows the engines to differ. So ours runs twice, canonicalizing and not:
// the calls on which the two agree do not depend on NaN bits, and only those
// are compared with wabt, exactly. A module whose results depend on NaN
// bits is compared up to the first call where they do.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "base/profile.h"
#include "decoder/decoder.h"
#include "fuzz/dytallix_engine.h"
#include "fuzz/engine_run.h"
#include "fuzz/wabt_engine.h"
#include "testing/module_gen/module_gen.h"

namespace {

using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)

// What the comparisons covered, printed at exit: a differential fuzzer that
// skips everything finds nothing.
struct Stats {
  uint64_t modules = 0;              // run by both engines
  uint64_t calls = 0;                // compared
  uint64_t nan_dependent = 0;        // modules compared up to NaN bits
  uint64_t out_of_gas_or_stack = 0;  // modules compared up to either
};
Stats stats;

void PrintStats() {
  std::fprintf(stderr,
               "wabt_diff_fuzzer: %llu modules in both engines, %llu calls "
               "compared; comparisons ended early: %llu on NaN bits, %llu "
               "out of gas or stack\n",
               static_cast<unsigned long long>(stats.modules),
               static_cast<unsigned long long>(stats.calls),
               static_cast<unsigned long long>(stats.nan_dependent),
               static_cast<unsigned long long>(stats.out_of_gas_or_stack));
}

[[noreturn]] void Mismatch(const char* what, const std::string& detail) {
  std::fprintf(stderr, "ours and wabt differ: %s: %s\n", what, detail.c_str());
  std::abort();
}

// Runs `wasm` in both engines and aborts on a difference.
void Compare(std::span<const uint8_t> wasm, std::span<const uint8_t> bytes) {
  const absl::StatusOr<Module> module = Decode(wasm);
  if (!module.ok()) return;
  const CallOptions metered{.metering = true, .gas_limit = kFuzzGasLimit};
  DytallixEngine ours(Profile::Contract(), metered);
  const absl::StatusOr<EngineRun> canonical = RunOn(ours, wasm, *module, bytes);
  if (!canonical.ok()) return;  // beyond the contract profile, or unlinkable

  Profile raw_nans = Profile::Contract();
  raw_nans.canonicalize_nans = false;
  DytallixEngine ours_raw(raw_nans, metered);
  const EngineRun raw = *RunOn(ours_raw, wasm, *module, bytes);
  // The calls before the first that depends on NaN bits, ran out of gas or
  // exhausted a stack: wabt runs only those, so it never loops for ever.
  const Comparison nan_free = CompareRuns(*canonical, raw);
  if (canonical->start_trap != raw.start_trap ||
      canonical->start_trap == TrapKind::kOutOfGas) {
    return;
  }
  const size_t comparable = nan_free.calls;
  ++stats.modules;
  stats.calls += comparable;
  if (!nan_free.difference.empty()) {
    ++stats.nan_dependent;
  } else if (comparable < canonical->calls.size()) {
    ++stats.out_of_gas_or_stack;
  }

  WabtEngine wabt(Profile::Contract());
  const absl::StatusOr<EngineRun> theirs =
      RunOn(wabt, wasm, *module, bytes, comparable);
  if (!theirs.ok()) {
    Mismatch("a module ours runs does not instantiate in wabt",
             theirs.status().ToString());
  }
  EngineRun ours_part = *canonical;
  ours_part.calls.resize(comparable);
  const Comparison c = CompareRuns(ours_part, *theirs);
  if (!c.difference.empty()) Mismatch("run", c.difference);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  std::atexit(PrintStats);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  Compare(dytallix::testing::GenerateModule(bytes), bytes);
  Compare(bytes, bytes);
  return 0;
}
