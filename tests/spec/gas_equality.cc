#include "tests/spec/gas_equality.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace dytallix::internal {
namespace {

bool SameResult(const Value& a, const Value& b) {
  if (a.type() == ValType::kFuncRef && b.type() == ValType::kFuncRef) {
    return a.is_null() == b.is_null();
  }
  return a == b;
}

bool SameResults(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameResult(a[i], b[i])) return false;
  }
  return true;
}

std::string Describe(const CallRecord& call) {
  if (call.trap.has_value()) {
    return absl::StrCat("trapped \"", std::string(TrapKindName(*call.trap)),
                        "\"");
  }
  return absl::StrCat(
      "returned [",
      absl::StrJoin(call.results, ", ",
                    [](std::string* out, const Value& value) {
                      absl::StrAppend(
                          out, std::string(ValTypeName(value.type())), ":",
                          absl::Hex(value.slot(), absl::kZeroPad16));
                    }),
      "]");
}

// Why two records of the same call differ in what the call did, or nullopt.
std::optional<std::string> DifferentOutcome(const CallRecord& per_block,
                                            const CallRecord& per_instruction) {
  const std::string& what = per_block.what;
  if (what != per_instruction.what) {
    return absl::StrCat("calls differ: ", what, " per block, ",
                        per_instruction.what, " per instruction");
  }
  if (per_block.gas_used.has_value() != per_instruction.gas_used.has_value()) {
    return absl::StrCat(what, ": metered in one mode only");
  }
  if (per_block.trap != per_instruction.trap ||
      !SameResults(per_block.results, per_instruction.results)) {
    return absl::StrCat(what, ": ", Describe(per_block), " per block, ",
                        Describe(per_instruction), " per instruction");
  }
  return std::nullopt;
}

// Why the gas of two records with the same outcome disagrees, or nullopt
// (then the call is counted in `tally`).
std::optional<std::string> DifferentGas(const CallRecord& per_block,
                                        const CallRecord& per_instruction,
                                        GasTally& tally) {
  if (!per_block.gas_used.has_value()) {
    ++tally.unmetered;
    return std::nullopt;
  }
  const std::string& what = per_block.what;
  const uint64_t block = *per_block.gas_used;
  const uint64_t instruction = *per_instruction.gas_used;
  if (per_block.trap.has_value()) {
    // A trap can stop a basic block midway: block charging has charged the
    // whole block before it ran, the reference mode only the instructions
    // that ran. So a trapped call's gas need not be equal (its trap kind
    // must, above), but block charging never charges later than the
    // reference mode, so it cannot have used less.
    if (block < instruction) {
      return absl::StrCat(what, ": trapped after using ", block,
                          " gas per block, less than ", instruction,
                          " per instruction");
    }
    ++tally.traps;
    return std::nullopt;
  }
  if (block != instruction) {
    return absl::StrCat(what, ": gas used ", block, " per block, ", instruction,
                        " per instruction");
  }
  ++tally.equal_gas;
  return std::nullopt;
}

}  // namespace

void GasTally::Add(const GasTally& other) {
  equal_gas += other.equal_gas;
  traps += other.traps;
  unmetered += other.unmetered;
}

std::optional<std::string> CompareCalls(
    std::span<const CallRecord> per_block,
    std::span<const CallRecord> per_instruction, GasTally& tally) {
  if (per_block.size() != per_instruction.size()) {
    return absl::StrFormat("made %d calls per block, %d per instruction",
                           per_block.size(), per_instruction.size());
  }
  for (size_t i = 0; i < per_block.size(); ++i) {
    auto why = DifferentOutcome(per_block[i], per_instruction[i]);
    if (!why) why = DifferentGas(per_block[i], per_instruction[i], tally);
    if (why) return why;
  }
  return std::nullopt;
}

}  // namespace dytallix::internal
