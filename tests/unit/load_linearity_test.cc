// Every load phase is linear in the module: for each hostile shape
// (testing/module_gen/hostile_modules.h), the CPU time of decode, validate,
// the contract checks, the static analyzer, compile (Load: decode + validate
// + compile + its post-passes) and instantiate, at size n and at 8n.
//
// The bound is on growth, not speed: a phase may take at most kGrowthBound
// times the byte ratio of the two modules (about 8) longer on the big one,
// plus kSlackMs for timer and cache noise. Linear code grows by about 8;
// quadratic code by about 64, and the bound is 3 x 8 = 24, so neither a
// noisy 2-core machine nor a sanitizer build can move a phase across it.
// Thread CPU time, minimum of several runs, keeps other processes out.
//
// Regression: compile time was quadratic in nesting (charge folding walked
// the chain of empty blocks again for each branch; a 1 MiB module of nested
// `if`s took 12 s to load and was charged 3 gas), and in operand-stack
// depth (every block entry and local.set scanned the whole stack).
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/static_analysis.h"
#include "base/profile.h"
#include "decoder/decoder.h"
#include "gtest/gtest.h"
#include "host/abi.h"
#include "testing/module_gen/hostile_modules.h"
#include "testing/status_matchers.h"
#include "validator/validator.h"
#include "vm/engine.h"

namespace dytallix::testing {
namespace {

constexpr double kGrowthBound = 3.0;
constexpr double kSlackMs = 2.0;

double ThreadCpuMs() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// The least CPU time of `runs` runs of `phase`.
double MinCpuMs(int runs, const std::function<void()>& phase) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const double start = ThreadCpuMs();
    phase();
    best = std::min(best, ThreadCpuMs() - start);
  }
  return best;
}

// One module, as bytes and loaded.
struct Input {
  std::vector<uint8_t> bytes;
  std::shared_ptr<const internal::CompiledModule> loaded;
};

struct Phase {
  const char* name;
  std::function<void(const Input&)> run;
};

const internal::Profile kProfile = internal::Profile::Contract();

std::vector<Phase> Phases() {
  return {
      {"decode",
       [](const Input& in) {
         ASSERT_THAT(internal::Decode(in.bytes), IsOk());
       }},
      {"decode+validate",
       [](const Input& in) {
         auto module = internal::Decode(in.bytes);
         ASSERT_THAT(module, IsOk());
         ASSERT_THAT(internal::Validate(*module, kProfile), IsOk());
       }},
      {"contract checks+analyzer",
       [](const Input& in) {
         const internal::Module& module = internal::ModuleOf(*in.loaded);
         ASSERT_THAT(internal::CheckContractModule(module), IsOk());
         internal::StaticFindings(module, kProfile);
       }},
      {"load",
       [](const Input& in) {
         ASSERT_THAT(internal::Load(in.bytes, kProfile), IsOk());
       }},
      {"instantiate",
       [](const Input& in) {
         internal::Store store(kProfile);
         auto instance = internal::Instantiate(store, in.loaded, {});
         ASSERT_THAT(instance, IsOk());
         ASSERT_FALSE(instance->trap.has_value());
       }},
  };
}

class LoadLinearityTest : public ::testing::TestWithParam<HostileShape> {};

Input Prepare(std::vector<uint8_t> bytes) {
  Input in{std::move(bytes), nullptr};
  auto loaded = internal::Load(in.bytes, kProfile);
  EXPECT_THAT(loaded, IsOk());
  if (loaded.ok()) in.loaded = *std::move(loaded);
  return in;
}

TEST_P(LoadLinearityTest, EveryPhaseGrowsLinearly) {
  const HostileShape& shape = GetParam();
  const Input small = Prepare(shape.make(shape.max_n / 8));
  const Input big = Prepare(shape.make(shape.max_n));
  ASSERT_LE(big.bytes.size(), kProfile.max_module_bytes);
  ASSERT_TRUE(small.loaded && big.loaded);
  const double bytes_ratio =
      static_cast<double>(big.bytes.size()) / small.bytes.size();
  for (const Phase& phase : Phases()) {
    const double small_ms = MinCpuMs(5, [&] { phase.run(small); });
    const double big_ms = MinCpuMs(3, [&] { phase.run(big); });
    std::printf("%-28s %-24s %8zu B %8.2f ms %8zu B %8.2f ms\n",
                std::string(shape.name).c_str(), phase.name, small.bytes.size(),
                small_ms, big.bytes.size(), big_ms);
    EXPECT_LE(big_ms, kGrowthBound * bytes_ratio * small_ms + kSlackMs)
        << phase.name << " of " << shape.name << ": " << small.bytes.size()
        << " bytes took " << small_ms << " ms, " << big.bytes.size()
        << " bytes " << big_ms << " ms";
  }
}

INSTANTIATE_TEST_SUITE_P(
    HostileShapes, LoadLinearityTest,
    ::testing::ValuesIn(HostileShapes().begin(), HostileShapes().end()),
    [](const ::testing::TestParamInfo<HostileShape>& shape) {
      return std::string(shape.param.name);
    });

}  // namespace
}  // namespace dytallix::testing
