// GasProfiler: where a metered call's gas went, per call stack of functions,
// in the folded-stack format flame graph tools read (`dytallix call
// --gas-profile FILE`).
//
// The interpreter reports every function it enters and leaves with the gas
// left at that moment; the gas spent between two reports belongs to the
// innermost function then running ("self" gas). A host function is a frame
// of its own, named by its import, so the gas it charges (including a nested
// contract call's) shows under it. Folded() prints one line per distinct
// stack, outermost frame first: "run;transfer;env.storage_set 1234". The
// self gas of all lines adds up to the gas the interpreter charged.
//
// Frames are named when first entered: an import as "module.name", other
// functions by their name in the module's name section, else their export
// name, else "func[INDEX]". Names are copied, so the profile outlives the
// Store.
//
// Not thread-safe; one profiler serves one call at a time (a host function's
// re-entrant call into the VM is not profiled: its gas shows under the host
// function).
#ifndef DYTALLIX_VM_GAS_PROFILER_H_
#define DYTALLIX_VM_GAS_PROFILER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dytallix::internal {

class Instance;

class GasProfiler {
 public:
  // The interpreter's hooks. `gas_left` is the running call's gas left.
  // A function of `instance` (index in its module's function index space).
  void Enter(const Instance& instance, uint32_t index, int64_t gas_left);
  void Leave(int64_t gas_left);
  // Leaves frames until `depth` remain (a trap unwinds several at once).
  void LeaveTo(size_t depth, int64_t gas_left);
  size_t depth() const { return stack_.size(); }

  // Gas spent outside the interpreter, as a stack of one frame `name`.
  void AddFrame(std::string_view name, uint64_t gas);

  // "frame;frame;... self_gas" lines, sorted, each ending in '\n'; stacks
  // that used no gas are left out.
  std::string Folded() const;
  // The self gas of every stack added up.
  uint64_t total() const { return total_; }

 private:
  // A function of an instance; (null, n) is the n-th AddFrame name.
  using Frame = std::pair<const Instance*, uint32_t>;
  // Charges the gas used since the last report to the current stack.
  void Account(int64_t gas_left);

  std::vector<Frame> stack_;
  std::map<std::vector<Frame>, uint64_t> self_gas_;
  std::map<Frame, std::string> names_;
  int64_t last_gas_left_ = 0;
  uint64_t total_ = 0;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_GAS_PROFILER_H_
