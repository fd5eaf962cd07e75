// RunIsolated: runs one .wast file's script in a forked child process, so a
// crash in the code under test (a VM bug) becomes one failure of that file,
// naming the command that was running, and the other files of a report still
// run and are counted.
//
// Thread-compatible: forks; call it from a single-threaded program.
#ifndef DYTALLIX_TESTS_SPEC_ISOLATED_RUN_H_
#define DYTALLIX_TESTS_SPEC_ISOLATED_RUN_H_

#include <functional>
#include <string>

#include "tests/spec/spec_runner.h"
#include "tests/spec/spec_script.h"

namespace dytallix::internal {

// `body` runs in the child: it must call `started` before running each
// command, print the file's failure lines and summary itself, and return the
// report. The parent gets back the report's counts only (failures and notes
// stay empty) — or, if the child dies, the counts before the last command
// started plus one failure that names that command and the signal, which the
// caller prints.
FileReport RunIsolated(
    const std::string& name,
    const std::function<FileReport(const CommandObserver& started)>& body);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TESTS_SPEC_ISOLATED_RUN_H_
