#include "tests/spec/wast_convert.h"

#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dytallix::internal {
namespace {

// Runs `argv` without a shell (paths need no quoting); returns its exit code,
// or -1 if it could not run or died of a signal.
int RunProgram(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

absl::Status ResetDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  if (!error) std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", dir.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::filesystem::path> ConvertWast(
    const std::filesystem::path& wast2json, const std::filesystem::path& wast,
    const std::filesystem::path& out_dir) {
  if (absl::Status status = ResetDirectory(out_dir); !status.ok()) {
    return status;
  }
  std::filesystem::path json = out_dir / wast.stem();
  json += ".json";
  const int exit_code =
      RunProgram({wast2json.string(), wast.string(), "-o", json.string()});
  if (exit_code != 0) {
    return absl::InternalError(absl::StrCat(wast2json.string(), " ",
                                            wast.string(), " failed (exit ",
                                            exit_code, ")"));
  }
  return json;
}

}  // namespace dytallix::internal
