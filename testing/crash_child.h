// CrashChild: the test binary started again as a child process, which a
// crash-consistency test kills with SIGKILL at a moment of its choosing. The
// child reports its progress ("acknowledgements", each a fixed-size
// trivially copyable value) through a pipe; the parent reads them while the
// child runs and, after the kill, the ones it left behind.
//
// The child's command line is `/proc/self/exe --crash-child ACK_FD ARGS...`.
// The test's main() recognizes it with ParseCrashChildArgs and runs the
// child's side instead of the tests:
//
//   int main(int argc, char** argv) {
//     if (auto child = dytallix::testing::ParseCrashChildArgs(argc, argv)) {
//       return RunChild(child->args, child->ack_fd);
//     }
//     ...
//
// Not thread-safe: one thread drives a CrashChild.
#ifndef DYTALLIX_TESTING_CRASH_CHILD_H_
#define DYTALLIX_TESTING_CRASH_CHILD_H_

#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace dytallix::testing {

class CrashChild {
 public:
  // Starts the child with `args` after the ack pipe's descriptor. A failure
  // to start is a test failure; the child then reads as having ended.
  explicit CrashChild(const std::vector<std::string>& args);
  // Kills and reaps the child if KillAfter was not called, so that a test
  // that fails early leaves nothing running; closes the pipe.
  ~CrashChild();
  CrashChild(const CrashChild&) = delete;
  CrashChild& operator=(const CrashChild&) = delete;

  // Reads the next acknowledgement, as the child's WriteAck wrote it;
  // blocks until one comes. False at the end of the pipe: the child has
  // ended and every acknowledgement it wrote has been read.
  template <typename Ack>
  bool ReadAck(Ack& ack) {
    static_assert(std::is_trivially_copyable_v<Ack>);
    return ReadBytes(&ack, sizeof ack);
  }

  // Waits `delay`, kills the child with SIGKILL and reaps it; a test
  // failure if it had ended by itself. What it wrote remains to be read.
  void KillAfter(std::chrono::milliseconds delay);

 private:
  bool ReadBytes(void* out, size_t size);

  pid_t pid_ = -1;  // -1 once reaped, or if it never started
  int ack_fd_ = -1;
};

// The child's side: the ack pipe's descriptor and the arguments the parent
// gave CrashChild.
struct CrashChildArgs {
  int ack_fd = -1;
  std::vector<std::string> args;
};

// The child's arguments if `argv` is a command line CrashChild started;
// nullopt otherwise (the binary runs its tests).
std::optional<CrashChildArgs> ParseCrashChildArgs(int argc, char** argv);

// Writes `ack` to the pipe in one write, which is atomic when it is at most
// PIPE_BUF (4096) bytes. False if the write failed (the parent has gone).
template <typename Ack>
bool WriteAck(int ack_fd, const Ack& ack) {
  static_assert(std::is_trivially_copyable_v<Ack>);
  return write(ack_fd, &ack, sizeof ack) == ssize_t{sizeof ack};
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_CRASH_CHILD_H_
