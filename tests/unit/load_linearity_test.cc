// Every load phase is linear in the module: for each hostile shape
// (testing/module_gen/hostile_modules.h), the CPU time of decode, validate,
// the contract checks, the static analyzer, compile (Load: decode + validate
// + compile + its post-passes) and instantiate, at size n and at 8n.
//
// The bound is on growth, not speed: a phase may take at most kGrowthBound
// times the byte ratio of the two modules (about 8) longer on the big one,
// plus kSlackMs for timer and cache noise. Linear code grows by about 8;
// quadratic code by about 64, and the bound is 3 x 8 = 24. Thread CPU time,
// the minimum of several runs taken in turns, keeps other processes out, and
// a phase over the bound is measured again (up to kAttempts times), so
// neither a noisy 2-core machine nor a sanitizer build moves a linear phase
// across it, while a quadratic one stays over it in every attempt.
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
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/analyzer.h"
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
constexpr int kRuns = 4;
constexpr int kAttempts = 3;

double ThreadCpuMs() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// The CPU time of one run of `phase`.
double CpuMs(const std::function<void()>& phase) {
  const double start = ThreadCpuMs();
  phase();
  return ThreadCpuMs() - start;
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
         // As a deployment runs them, on the loaded module, whose bodies
         // the analyzer decodes again.
         const internal::Module& module = internal::ModuleOf(*in.loaded);
         ASSERT_THAT(internal::CheckContractModule(module), IsOk());
         const std::string_view wasm(
             reinterpret_cast<const char*>(in.bytes.data()), in.bytes.size());
         ASSERT_THAT(internal::MakeBuiltinAnalyzer(kProfile, nullptr)
                         ->Analyze(module, wasm),
                     IsOk());
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

struct Timing {
  double small_ms = 1e300;
  double big_ms = 1e300;
};

// The least time of several runs of `phase` on each module, taken in turns
// after one run of each that warms caches and the allocator: whatever slows
// the machine for a while (a test beside this one) slows runs of both sizes,
// not only one.
Timing Measure(const Phase& phase, const Input& small, const Input& big) {
  phase.run(small);
  phase.run(big);
  Timing t;
  for (int run = 0; run < kRuns; ++run) {
    t.small_ms = std::min(t.small_ms, CpuMs([&] { phase.run(small); }));
    t.big_ms = std::min(t.big_ms, CpuMs([&] { phase.run(big); }));
  }
  return t;
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
    const auto over_bound = [&](const Timing& t) {
      return t.big_ms > kGrowthBound * bytes_ratio * t.small_ms + kSlackMs;
    };
    // A phase over the bound is measured again: noise that lasts a while
    // (once in CI, all three big decode runs of the sanitizer build took
    // three times their usual CPU time while the small runs took their
    // usual) seldom lasts through several attempts; quadratic code is over
    // the bound in every one.
    Timing t = Measure(phase, small, big);
    for (int attempt = 1; attempt < kAttempts && over_bound(t); ++attempt) {
      std::printf("%-28s %-24s over the bound (%.2f ms, %.2f ms): again\n",
                  std::string(shape.name).c_str(), phase.name, t.small_ms,
                  t.big_ms);
      t = Measure(phase, small, big);
    }
    std::printf("%-28s %-24s %8zu B %8.2f ms %8zu B %8.2f ms\n",
                std::string(shape.name).c_str(), phase.name, small.bytes.size(),
                t.small_ms, big.bytes.size(), t.big_ms);
    EXPECT_FALSE(over_bound(t))
        << phase.name << " of " << shape.name << ": " << small.bytes.size()
        << " bytes took " << t.small_ms << " ms, " << big.bytes.size()
        << " bytes " << t.big_ms << " ms, in each of " << kAttempts
        << " attempts";
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
