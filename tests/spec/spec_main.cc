// dytallix_spec_runner: converts .wast files of the official spec suite with
// wast2json and runs them (see spec_runner.h for what is checked).
//
//   dytallix_spec_runner [--gas-equality] --wast2json PATH --out-dir DIR
//                        FILE.wast...
//
// Without --gas-equality calls run unmetered (RunMode::kUnmetered); with it,
// in per-block and per-instruction sessions whose calls are compared
// (RunMode::kGasEquality). For each file: one line per failure, a summary line
//   <file>: N passed, N failed, N skipped
// (with --gas-equality followed by "; calls agreeing: N with equal gas, N
// traps, N unmetered", see GasTally) and one line per reason for skips. With
// several files, a table and a TOTAL line follow. Each file runs in its own
// child process, so a crash in the VM fails that file (naming the command) and
// the others still run. Exit status: 0 if nothing failed, 1 if anything failed,
// 2 on a usage error.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/spec/isolated_run.h"
#include "tests/spec/spec_runner.h"
#include "tests/spec/spec_script.h"
#include "tests/spec/wast_convert.h"

namespace dytallix::internal {
namespace {

struct Options {
  RunMode mode = RunMode::kUnmetered;
  std::filesystem::path wast2json;
  std::filesystem::path out_dir;
  std::vector<std::filesystem::path> files;
};

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--gas-equality") {
      options.mode = RunMode::kGasEquality;
    } else if ((arg == "--wast2json" || arg == "--out-dir") && i + 1 < argc) {
      (arg == "--wast2json" ? options.wast2json : options.out_dir) = argv[++i];
    } else if (arg.starts_with("--")) {
      return false;
    } else {
      options.files.emplace_back(arg);
    }
  }
  return !options.wast2json.empty() && !options.out_dir.empty() &&
         !options.files.empty();
}

absl::StatusOr<SpecScript> ConvertAndParse(const Options& options,
                                           const std::filesystem::path& wast,
                                           const std::filesystem::path& dir) {
  absl::StatusOr<std::filesystem::path> json =
      ConvertWast(options.wast2json, wast, dir);
  if (!json.ok()) return json.status();
  std::ifstream file(*json, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(file)),
                         std::istreambuf_iterator<char>());
  absl::StatusOr<SpecScript> script = ParseSpecScript(text);
  if (!script.ok()) {
    return absl::Status(
        script.status().code(),
        absl::StrCat(json->string(), ": ", script.status().message()));
  }
  return script;
}

// A file that cannot be converted or parsed counts as one failure.
FileReport RunFile(const Options& options, const std::filesystem::path& wast,
                   const CommandObserver& started) {
  const std::string name = wast.filename().string();
  const std::filesystem::path dir = options.out_dir / wast.stem();
  absl::StatusOr<SpecScript> script = ConvertAndParse(options, wast, dir);
  if (script.ok()) {
    return RunSpecScript(name, *script, dir, options.mode, started);
  }
  FileReport report;
  report.name = name;
  report.failed = 1;
  report.failures.push_back(absl::StrCat(
      name, ": cannot run the script: ", script.status().message()));
  return report;
}

std::string Summary(const FileReport& report, RunMode mode) {
  std::string summary =
      absl::StrFormat("%d passed, %d failed, %d skipped", report.passed,
                      report.failed, report.skipped);
  if (mode == RunMode::kGasEquality) {
    absl::StrAppendFormat(
        &summary, "; calls agreeing: %d with equal gas, %d traps, %d unmetered",
        report.gas.equal_gas, report.gas.traps, report.gas.unmetered);
  }
  return summary;
}

// Prints report.failures[printed..] and advances `printed`.
void PrintNewFailures(const FileReport& report, size_t& printed) {
  for (; printed < report.failures.size(); ++printed) {
    std::printf("%s\n", report.failures[printed].c_str());
  }
  std::fflush(stdout);
}

void PrintSummary(const FileReport& report, RunMode mode) {
  std::printf("%s: %s\n", report.name.c_str(), Summary(report, mode).c_str());
  for (const std::string& note : report.notes) {
    std::printf("  %s\n", note.c_str());
  }
  std::fflush(stdout);
}

// Runs one file, printing each failure line as soon as the next command
// starts, so the lines before a crash are not lost, then the summary.
FileReport RunAndPrint(const Options& options,
                       const std::filesystem::path& wast,
                       const CommandObserver& started) {
  size_t printed = 0;
  FileReport report = RunFile(
      options, wast, [&](const Command& next, const FileReport& so_far) {
        PrintNewFailures(so_far, printed);
        started(next, so_far);
      });
  PrintNewFailures(report, printed);
  PrintSummary(report, options.mode);
  return report;
}

void PrintRow(std::string_view name, const FileReport& report, RunMode mode) {
  std::printf("%-32s %8d %8d %8d", std::string(name).c_str(), report.passed,
              report.failed, report.skipped);
  if (mode == RunMode::kGasEquality) {
    std::printf(" %9d %8d %9d", report.gas.equal_gas, report.gas.traps,
                report.gas.unmetered);
  }
  std::printf("\n");
}

void PrintTable(const std::vector<FileReport>& reports, RunMode mode) {
  std::printf("\n%-32s %8s %8s %8s", "file", "passed", "failed", "skipped");
  if (mode == RunMode::kGasEquality) {
    std::printf(" %9s %8s %9s", "equal gas", "traps", "unmetered");
  }
  std::printf("\n");
  FileReport total;
  for (const FileReport& report : reports) {
    PrintRow(report.name, report, mode);
    total.Add(report);
  }
  PrintRow("TOTAL", total, mode);
  std::printf("TOTAL (%zu files): %s\n", reports.size(),
              Summary(total, mode).c_str());
}

int Main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: %s [--gas-equality] --wast2json PATH --out-dir DIR "
                 "FILE.wast...\n",
                 argv[0]);
    return 2;
  }
  std::vector<FileReport> reports;
  bool any_failed = false;
  for (const std::filesystem::path& wast : options.files) {
    reports.push_back(RunIsolated(wast.filename().string(),
                                  [&](const CommandObserver& started) {
                                    return RunAndPrint(options, wast, started);
                                  }));
    // Only a child that died returns a failure line (its crash), unprinted.
    if (!reports.back().failures.empty()) {
      size_t printed = 0;
      PrintNewFailures(reports.back(), printed);
      PrintSummary(reports.back(), options.mode);
    }
    any_failed |= reports.back().failed > 0;
  }
  if (reports.size() > 1) PrintTable(reports, options.mode);
  return any_failed ? 1 : 0;
}

}  // namespace
}  // namespace dytallix::internal

int main(int argc, char** argv) { return dytallix::internal::Main(argc, argv); }
