// PluginAnalyzer: an external analyzer behind the C ABI of
// dytallix/plugin_abi.h, loaded from a shared library by path.
//
// Each Analyze runs dytallix_analyze on a detached worker thread and waits
// at most `timeout`. A timeout, a nonzero return, an out-of-range result or
// too many calls still running (a plugin that hangs keeps its thread) is a
// failure: fail-open accepts the module with score 100 and one
// "analyzer-unavailable" finding (medium) saying why; fail-closed returns
// kUnavailable (kDeadlineExceeded on timeout), which rejects the deployment.
// A plugin never sees or changes runtime state; the library stays loaded
// while any of its calls runs. A timeout depends on the node's speed, so
// where nodes analyze independently the verdict can differ between them:
// the verdict that goes into consensus is the one the deploying node
// records (DESIGN.md), not one recomputed elsewhere.
//
// Thread-safe. Observe is the default no-op.
#ifndef DYTALLIX_ANALYZER_PLUGIN_ANALYZER_H_
#define DYTALLIX_ANALYZER_PLUGIN_ANALYZER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "analyzer/analyzer.h"
#include "dytallix/plugin_abi.h"

namespace dytallix::internal {

struct PluginOptions {
  std::string path;  // of the shared library
  std::chrono::milliseconds timeout{1000};
  bool fail_open = false;
  size_t max_findings = kMaxRecordedFindings;  // the findings buffer's size
  uint32_t max_running = 4;  // calls still running that make the next fail
};

class PluginAnalyzer : public Analyzer {
 public:
  // Loads the library. Errors: kInvalidArgument if it cannot be loaded or
  // lacks dytallix_analyze (with dlerror's text).
  static absl::StatusOr<std::shared_ptr<PluginAnalyzer>> Load(
      PluginOptions options);

  absl::StatusOr<Verdict> Analyze(const Module& module,
                                  std::string_view wasm) override;

  struct Library;  // the dlopen handle and entry point; plugin_analyzer.cc

  PluginAnalyzer(PluginOptions options, std::shared_ptr<Library> library)
      : options_(std::move(options)), library_(std::move(library)) {}

 private:
  absl::StatusOr<Verdict> Failure(const absl::Status& why) const;

  const PluginOptions options_;
  const std::shared_ptr<Library> library_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_ANALYZER_PLUGIN_ANALYZER_H_
