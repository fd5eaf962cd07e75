// The threaded run loops keep a dispatch of their own at the end of every
// handler (DYTALLIX_THREADED_DISPATCH): counted in the disassembly of the
// built VM library, so that a compiler that merges the handlers' computed
// gotos back into one shared indirect jump (clang 19 does this to
// computed-goto code) fails here instead of quietly costing speed.
// Registered only in builds with threaded dispatch and objdump.
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <string>

#include "gtest/gtest.h"
#include "vm/vm_ops.h"

namespace dytallix::internal {
namespace {

struct PipeCloser {
  void operator()(FILE* pipe) const { pclose(pipe); }
};

// Indirect jumps (`jmp *...`) per function of the library at `path`, by
// demangled name.
std::map<std::string, int> IndirectJumpsPerFunction(const std::string& path) {
  const std::string command =
      std::string(DYT_OBJDUMP) + " -d -C --no-show-raw-insn '" + path + "'";
  std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
  EXPECT_NE(pipe, nullptr) << command;
  std::map<std::string, int> jumps;
  if (pipe == nullptr) return jumps;
  static const std::regex kFunction("^[0-9a-f]+ <(.*)>:$");
  static const std::regex kIndirectJump("\\s(notrack\\s+)?jmp\\s+\\*");
  std::string function;
  char line[4096];
  while (std::fgets(line, sizeof(line), pipe.get()) != nullptr) {
    std::string text(line);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    std::smatch match;
    if (std::regex_match(text, match, kFunction)) {
      function = match[1];
    } else if (std::regex_search(text, kIndirectJump)) {
      ++jumps[function];
    }
  }
  return jumps;
}

// The jumps of the one function whose name contains `loop` ("::RunX(").
int JumpsOf(const std::map<std::string, int>& jumps, const std::string& loop) {
  int found = -1;
  for (const auto& [name, count] : jumps) {
    if (name.find(loop) != std::string::npos) {
      EXPECT_EQ(found, -1) << "two functions named like " << loop;
      found = count;
    }
  }
  return found;
}

TEST(VmDispatchTest, EveryHandlerOfTheThreadedLoopsDispatchesItself) {
  const std::map<std::string, int> jumps =
      IndirectJumpsPerFunction(DYT_VM_LIBRARY);
  const int handlers = static_cast<int>(VmOp::kCount);
  // A handler may hold several dispatches (a branch's taken and fall-through
  // paths) and a few hold none (return, traps); merged dispatch leaves a
  // handful for the whole loop.
  for (const std::string loop : {"::RunThreaded(", "::RunProfiled("}) {
    const int count = JumpsOf(jumps, loop);
    ASSERT_GE(count, 0) << loop << " is not in " << DYT_VM_LIBRARY
                        << " (inlined or renamed?)";
    EXPECT_GE(count, handlers * 9 / 10)
        << loop << " has " << count << " indirect jumps for " << handlers
        << " handlers: the compiler merged the handlers' dispatch";
  }
  // The switch loop is the contrast: one shared dispatch.
  EXPECT_LT(JumpsOf(jumps, "::RunSwitch("), handlers / 10);
}

}  // namespace
}  // namespace dytallix::internal
