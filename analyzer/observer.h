// ExecutionObserver: flags anomalous executions from a small in-memory
// running statistic per contract. Advisory only: findings go to the sink,
// never into results, gas or state, and the statistics are not persisted.
//
// Rule "gas-spike" (medium): once a contract has `min_samples` finished
// executions on record, an execution whose gas exceeds both
// mean + spike_sigmas * stddev and spike_ratio * mean of its history. Every
// execution then joins the history (Welford's running mean and variance).
// At most `max_contracts` contracts are tracked; executions of others are
// not judged.
//
// Thread-safe (one mutex); the sink is called without the lock held.
#ifndef DYTALLIX_ANALYZER_OBSERVER_H_
#define DYTALLIX_ANALYZER_OBSERVER_H_

#include <cstdint>
#include <map>

#include "absl/base/thread_annotations.h"
#include "analyzer/analyzer.h"
#include "base/mutex.h"

namespace dytallix::internal {

struct ObserverOptions {
  uint32_t min_samples = 8;
  double spike_sigmas = 4.0;
  double spike_ratio = 2.0;
  size_t max_contracts = 4096;
};

class ExecutionObserver {
 public:
  explicit ExecutionObserver(FindingSink sink, ObserverOptions options = {})
      : sink_(std::move(sink)), options_(options) {}

  void Observe(const Execution& execution);

 private:
  struct GasStats {
    uint64_t count = 0;
    double mean = 0;
    double m2 = 0;  // sum of squared deviations from the mean
  };

  const FindingSink sink_;
  const ObserverOptions options_;
  Mutex mu_;
  std::map<Address, GasStats> stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_ANALYZER_OBSERVER_H_
