// Gas equality: the spec harness's check that block charging (the production
// mode) and the per-instruction reference mode (GasMetering in
// vm/gas_schedule.h) agree on every call of the spec suite. The runner drives
// one session per mode in lockstep (spec_runner.h, RunMode::kGasEquality);
// each session records the calls a command makes, and the two records are
// compared here.
//
// Thread-safe: pure functions.
#ifndef DYTALLIX_TESTS_SPEC_GAS_EQUALITY_H_
#define DYTALLIX_TESTS_SPEC_GAS_EQUALITY_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vm/value.h"

namespace dytallix::internal {

// What one call made by a spec command did: an invoke, a global get, or an
// instantiation (segments and start function). The initializers let
// designated initializers leave fields out.
struct CallRecord {
  std::string what;                 // for failure lines, e.g. "invoke \"add\""
  std::vector<Value> results = {};  // empty if trapped
  std::optional<TrapKind> trap = std::nullopt;
  std::optional<uint64_t> gas_used = std::nullopt;  // iff the call was metered
};

// How many calls agreed, by kind.
struct GasTally {
  int equal_gas = 0;  // metered calls that completed: same results, same gas
  int traps = 0;      // metered calls that trapped: same kind, gas bounded
  int unmetered = 0;  // gets and instantiations: same results or trap kind

  void Add(const GasTally& other);
};

// Why the calls one command made in the per-block session differ from those
// it made in the per-instruction session, naming the call and, for gas, both
// values; nullopt if they agree. Each agreeing call (up to the first
// disagreement) is counted in `tally`.
//
// Calls agree when both completed with the same results and, if metered, the
// same gas used; or both trapped with the same trap kind and, if metered,
// block charging used at least the reference mode's gas (it charges a whole
// basic block before running it, so a trap midway through a block leaves the
// two apart). A function reference is a pointer into each session's own
// Store, so only its nullness is compared.
std::optional<std::string> CompareCalls(
    std::span<const CallRecord> per_block,
    std::span<const CallRecord> per_instruction, GasTally& tally);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_GAS_EQUALITY_H_
