// RunSpecScript: runs the commands of one converted .wast file against our
// decoder, validator and VM, and counts each command as passed, failed or
// skipped.
//
//   module                    load (decode, validate under Profile::Spec(),
//                             compile) and instantiate; must succeed
//   register                  the module's exports become importable
//   action                    invoke/get; must not trap
//   assert_return             results must match bit-exactly, or the NaN class
//   assert_trap               must trap, with the spec's trap text
//   assert_exhaustion         must exhaust the call or value stack
//   assert_invalid            the decoder or the validator must reject it
//   assert_malformed binary   the decoder or the validator must reject it
//   assert_malformed text     SKIPPED: there is no text-format parser
//   assert_unlinkable         must load, then fail to link
//   assert_uninstantiable     must load and link, then trap while
//                             instantiating (segments or start function)
//
// Nothing is hidden: every command (register included, so a file's total is
// its command count, not spectest-interp's count of tests) lands in exactly
// one count, every failure has a line naming the command and the .wast line,
// and every skip reason is printed with its count.
//
// RunMode::kGasEquality runs each command in two sessions in lockstep, one
// compiled with block charging, each function on its first call
// (Compilation::kOnFirstCall, so that path meets the whole suite too), and
// one with per-instruction charging, at load; every call metered with a
// limit no script reaches. The command must meet the
// spec in both (a failure names the mode), and the calls it made must agree
// (gas_equality.h): same results or trap kind, the same gas used if they
// completed, and never less gas per block than per instruction if they
// trapped. A disagreement fails the command, naming both values.
//
// Thread-safe: no shared state.
#ifndef DYTALLIX_TESTS_SPEC_SPEC_RUNNER_H_
#define DYTALLIX_TESTS_SPEC_SPEC_RUNNER_H_

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "tests/spec/gas_equality.h"
#include "tests/spec/spec_script.h"

namespace dytallix::internal {

struct FileReport {
  std::string name;  // the .wast file's name, e.g. "i32.wast"
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  GasTally gas;  // RunMode::kGasEquality only
  // One line per failure: "<name>:<line>: <command>: <why>".
  std::vector<std::string> failures;
  // Why commands were skipped, one line per reason with its count.
  std::vector<std::string> notes;

  void Add(const FileReport& other);  // sums the counts only
};

enum class RunMode {
  kUnmetered,    // one session, calls unmetered: the suite with metering off
  kGasEquality,  // per-block and per-instruction sessions, compared
};

// Called with each command just before it runs, and the counts so far.
using CommandObserver =
    std::function<void(const Command& next, const FileReport& so_far)>;

// REQUIRES: `dir` holds the module files `script` names.
FileReport RunSpecScript(std::string name, const SpecScript& script,
                         const std::filesystem::path& dir,
                         RunMode mode = RunMode::kUnmetered,
                         const CommandObserver& started = nullptr);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_SPEC_RUNNER_H_
