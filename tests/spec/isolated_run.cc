#include "tests/spec/isolated_run.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dytallix::internal {
namespace {

// The child tells the parent, one line each, where <counts> is
// "<passed> <failed> <skipped> <equal gas> <traps> <unmetered>" (GasTally):
//   "L <counts> <line> <command type>"  a command starts
//   "C <counts>"                        the file is done
void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<size_t>(n));
  }
}

std::string Counts(const FileReport& report) {
  return absl::StrFormat("%d %d %d %d %d %d", report.passed, report.failed,
                         report.skipped, report.gas.equal_gas, report.gas.traps,
                         report.gas.unmetered);
}

[[noreturn]] void RunChild(
    int fd, const std::function<FileReport(const CommandObserver&)>& body) {
  const FileReport report =
      body([fd](const Command& command, const FileReport& so_far) {
        WriteAll(
            fd, absl::StrCat("L ", Counts(so_far), " ", command.line, " ",
                             std::string(CommandTypeName(command.type)), "\n"));
      });
  WriteAll(fd, absl::StrCat("C ", Counts(report), "\n"));
  std::fflush(stdout);
  _exit(0);
}

struct ChildMessages {
  FileReport counts;         // before the last command started, or final
  std::string last_started;  // "<line>: <command type>", or empty
  bool finished = false;
};

void ParseMessage(const std::string& line, ChildMessages& messages) {
  char kind = 0;
  FileReport counts;
  int consumed = 0;
  if (std::sscanf(line.c_str(), "%c %d %d %d %d %d %d%n", &kind, &counts.passed,
                  &counts.failed, &counts.skipped, &counts.gas.equal_gas,
                  &counts.gas.traps, &counts.gas.unmetered, &consumed) != 7) {
    return;
  }
  messages.counts = counts;
  messages.finished = kind == 'C';
  if (kind == 'L') {
    const std::string rest = line.substr(static_cast<size_t>(consumed) + 1);
    const size_t space = rest.find(' ');
    messages.last_started =
        absl::StrCat(rest.substr(0, space), ": ", rest.substr(space + 1));
  }
}

ChildMessages ParseMessages(const std::string& text) {
  ChildMessages messages;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) ParseMessage(line, messages);
  return messages;
}

std::string DescribeDeath(int status) {
  if (WIFSIGNALED(status)) {
    return absl::StrCat("crashed (signal ", WTERMSIG(status), ": ",
                        strsignal(WTERMSIG(status)), ")");
  }
  return absl::StrCat("exited with status ", WEXITSTATUS(status),
                      " before finishing");
}

// `counts` plus one failure.
FileReport Failure(FileReport counts, const std::string& name,
                   std::string failure) {
  counts.name = name;
  ++counts.failed;
  counts.failures.push_back(std::move(failure));
  return counts;
}

}  // namespace

FileReport RunIsolated(
    const std::string& name,
    const std::function<FileReport(const CommandObserver& started)>& body) {
  int fds[2];
  if (pipe(fds) != 0) {
    return Failure(
        {}, name,
        absl::StrCat(name, ": cannot create a pipe: ", std::strerror(errno)));
  }
  std::fflush(stdout);  // or the child would print the parent's buffer again
  const pid_t pid = fork();
  if (pid < 0) {
    return Failure({}, name,
                   absl::StrCat(name, ": cannot fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    close(fds[0]);
    RunChild(fds[1], body);
  }
  close(fds[1]);
  const ChildMessages messages = ParseMessages(ReadAll(fds[0]));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && messages.finished) {
    FileReport report = messages.counts;
    report.name = name;
    return report;
  }
  const std::string place =
      messages.last_started.empty()
          ? name
          : absl::StrCat(name, ":", messages.last_started);
  return Failure(messages.counts, name,
                 absl::StrCat(place, ": ", DescribeDeath(status),
                              "; the file's later commands did not run"));
}

}  // namespace dytallix::internal
