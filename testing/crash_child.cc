#include "testing/crash_child.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <thread>

#include "gtest/gtest.h"

extern char** environ;

namespace dytallix::testing {
namespace {

constexpr char kFlag[] = "--crash-child";

}  // namespace

CrashChild::CrashChild(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) {
    ADD_FAILURE() << "pipe for the crash child failed";
    return;
  }
  // The child inherits only the write end.
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ack_fd_ = fds[0];
  std::string self = "/proc/self/exe", flag = kFlag,
              fd = std::to_string(fds[1]);
  std::vector<std::string> words = args;
  std::vector<char*> argv = {self.data(), flag.data(), fd.data()};
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int error =
      posix_spawn(&pid_, self.c_str(), nullptr, nullptr, argv.data(), environ);
  close(fds[1]);
  if (error != 0) {
    ADD_FAILURE() << "posix_spawn of the crash child failed: error " << error;
    pid_ = -1;
  }
}

CrashChild::~CrashChild() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (ack_fd_ >= 0) close(ack_fd_);
}

bool CrashChild::ReadBytes(void* out, size_t size) {
  if (ack_fd_ < 0) return false;
  auto* bytes = static_cast<char*>(out);
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(ack_fd_, bytes + got, size - got);
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

void CrashChild::KillAfter(std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay);
  // Never kill(-1, ...): that would signal every process we may.
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  EXPECT_TRUE(WIFSIGNALED(status))
      << "the child stopped by itself, exit code " << WEXITSTATUS(status);
}

std::optional<CrashChildArgs> ParseCrashChildArgs(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != kFlag) return std::nullopt;
  return CrashChildArgs{
      .ack_fd = std::atoi(argv[2]),
      .args = std::vector<std::string>(argv + 3, argv + argc)};
}

}  // namespace dytallix::testing
