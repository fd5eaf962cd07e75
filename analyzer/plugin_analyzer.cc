#include "analyzer/plugin_analyzer.h"

#include <dlfcn.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "base/mutex.h"

namespace dytallix::internal {

struct PluginAnalyzer::Library {
  void* handle = nullptr;
  dytallix_analyze_fn analyze = nullptr;
  std::atomic<uint32_t> running{0};  // calls started and not yet returned
  ~Library() {
    if (handle != nullptr) dlclose(handle);
  }
};

namespace {

// One call's inputs and outputs, shared by the waiting caller and the worker
// (which may outlive the wait).
struct Job {
  std::shared_ptr<PluginAnalyzer::Library> library;
  std::string wasm;
  uint8_t score = 0;
  std::vector<dytallix_finding> findings;
  size_t findings_len = 0;
  Mutex mu;
  CondVar answered;  // signalled when done becomes true
  int rc ABSL_GUARDED_BY(mu) = -1;
  bool done ABSL_GUARDED_BY(mu) = false;
};

void RunJob(const std::shared_ptr<Job>& job) {
  const int rc =
      job->library->analyze(reinterpret_cast<const uint8_t*>(job->wasm.data()),
                            job->wasm.size(), &job->score, job->findings.data(),
                            job->findings.size(), &job->findings_len);
  job->library->running.fetch_sub(1);
  MutexLock lock(&job->mu);
  job->rc = rc;
  job->done = true;
  job->answered.Signal();
}

// Now + `timeout`, saturating: a timeout too long to add waits forever.
CondVar::Clock::time_point DeadlineAfter(std::chrono::milliseconds timeout) {
  using Time = CondVar::Clock::time_point;
  const Time now = CondVar::Clock::now();
  if (timeout >= std::chrono::duration_cast<std::chrono::milliseconds>(
                     Time::max() - now)) {
    return Time::max();
  }
  return now + timeout;
}

std::string BoundedString(const char* chars, size_t cap) {
  return std::string(chars, strnlen(chars, cap));
}

absl::StatusOr<Verdict> ToVerdict(const Job& job)
    ABSL_SHARED_LOCKS_REQUIRED(job.mu) {
  if (job.rc != 0) {
    return absl::UnavailableError(
        absl::StrCat("the plugin returned error ", job.rc));
  }
  if (job.score > 100 || job.findings_len > job.findings.size()) {
    return absl::UnavailableError(absl::StrCat(
        "the plugin returned score ", job.score, " and ", job.findings_len,
        " findings (cap ", job.findings.size(), ")"));
  }
  Verdict verdict;
  verdict.score = job.score;
  for (size_t i = 0; i < job.findings_len; ++i) {
    const dytallix_finding& f = job.findings[i];
    if (f.severity > kMaxSeverity) {
      return absl::UnavailableError(
          absl::StrCat("the plugin returned severity ", f.severity));
    }
    verdict.findings.push_back(
        {.severity = static_cast<Severity>(f.severity),
         .code = BoundedString(f.code, sizeof(f.code)),
         .message = BoundedString(f.message, sizeof(f.message)),
         .place = f.has_place != 0
                      ? std::optional(CodePlace{f.function, f.offset})
                      : std::nullopt});
  }
  return verdict;
}

}  // namespace

absl::StatusOr<std::shared_ptr<PluginAnalyzer>> PluginAnalyzer::Load(
    PluginOptions options) {
  auto library = std::make_shared<Library>();
  library->handle = dlopen(options.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library->handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot load analyzer plugin: ", dlerror()));
  }
  library->analyze = reinterpret_cast<dytallix_analyze_fn>(
      dlsym(library->handle, DYTALLIX_ANALYZE_SYMBOL));
  if (library->analyze == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analyzer plugin ", options.path, " has no ", DYTALLIX_ANALYZE_SYMBOL));
  }
  return std::make_shared<PluginAnalyzer>(std::move(options),
                                          std::move(library));
}

absl::StatusOr<Verdict> PluginAnalyzer::Analyze(const Module& module,
                                                std::string_view wasm) {
  if (library_->running.fetch_add(1) >= options_.max_running) {
    library_->running.fetch_sub(1);
    return Failure(absl::UnavailableError(
        absl::StrCat(options_.max_running, " plugin calls still running")));
  }
  auto job = std::make_shared<Job>();
  job->library = library_;
  job->wasm = std::string(wasm);
  job->findings.resize(options_.max_findings);
  // Detached: a plugin that hangs keeps only its own thread and job.
  std::thread([job] { RunJob(job); }).detach();
  MutexLock lock(&job->mu);
  const CondVar::Clock::time_point deadline = DeadlineAfter(options_.timeout);
  while (!job->done) {
    if (!job->answered.WaitUntil(&job->mu, deadline)) break;
  }
  if (!job->done) {
    return Failure(absl::DeadlineExceededError(absl::StrCat(
        "the plugin did not answer within ", options_.timeout.count(), " ms")));
  }
  absl::StatusOr<Verdict> verdict = ToVerdict(*job);
  if (!verdict.ok()) return Failure(verdict.status());
  return verdict;
}

absl::StatusOr<Verdict> PluginAnalyzer::Failure(const absl::Status& why) const {
  if (!options_.fail_open) {
    return absl::Status(why.code(),
                        absl::StrCat("external analyzer ", options_.path, ": ",
                                     why.message(), " (fail-closed)"));
  }
  // The verdict is recorded, so it leaves out node-local facts (the path).
  Verdict verdict;
  verdict.score = 100;
  verdict.findings.push_back(
      {.severity = Severity::kMedium,
       .code = "analyzer-unavailable",
       .message =
           absl::StrCat("external analyzer: ", why.message(), " (fail-open)"),
       .place = std::nullopt});
  return verdict;
}

}  // namespace dytallix::internal
