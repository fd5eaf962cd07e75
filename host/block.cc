#include "host/block.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "base/check.h"
#include "base/mutex.h"
#include "base/status_macros.h"
#include "state/block_view.h"
#include "state/call_state.h"
#include "state/state_store.h"

namespace dytallix::internal {
namespace {

// How far ahead of the commit point workers may run.
constexpr uint32_t kWindow = 64;
// Contention: when at least kStaleLimit of the last kRecent validations
// failed, workers stop running ahead for the next kSequentialRun
// transactions.
constexpr uint32_t kRecent = 16;
constexpr uint32_t kStaleLimit = 8;
constexpr uint32_t kSequentialRun = 128;
// Each time the contention is still there after such a stretch, the next
// stretch is twice as long, up to this.
constexpr uint32_t kMaxSequentialRun = 4096;

// The distinct keys a transaction is expected to write, for sizing the
// block's view: a token transfer writes two balances and an event record.
constexpr size_t kRecordsPerTransaction = 3;

using Clock = std::chrono::steady_clock;

uint64_t Nanos(Clock::duration d) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

// Errors that reject one transaction; any other fails the block.
bool IsRejection(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kResourceExhausted:
      return true;
    default:
      return false;
  }
}

// One execution of one transaction, over the block's view.
struct Execution {
  std::optional<CallState> call;
  TransactionResult result;
  bool stands = false;    // its writes are part of the block if it is valid
  bool ran_init = false;  // a deploy whose init ran
  CallWrites writes;      // its net writes, if it stands
  absl::Status failure;   // fails the block if the execution is valid
  // Transactions wholly applied to the view before it began: only later
  // ones can have changed what it read.
  size_t applied_before = 0;
  // The worker that ran it, which also frees or reuses it once it is
  // committed (a stale one is freed where it is found stale): memory freed by
  // another thread than the one that allocated it contends for malloc's lock
  // of that thread's arena (a tenth of two threads' time went to that lock).
  uint32_t worker = 0;
};

// A worker thread's own.
struct Worker {
  uint32_t index = 0;
  // Spent executions it ran, to reuse: an Execution is over 1 KiB (its
  // LtHash), and malloc consolidates its free lists before serving each
  // such size (7% of a block's time).
  std::vector<std::unique_ptr<Execution>> idle;
};

class BlockRun {
 public:
  BlockRun(ContractHost& host, const BlockHeader& header,
           std::span<const Transaction> transactions)
      : host_(host),
        header_(header),
        transactions_(transactions),
        view_(host.state().Committed()),
        slots_(transactions.size()),
        applied_writes_(transactions.size()) {
    block_.header = header;
    block_.results.resize(transactions.size());
    view_.Reserve(kRecordsPerTransaction * transactions.size());
  }

  absl::StatusOr<ExecutedBlock> Run(uint32_t parallelism) {
    StateStore& state = host_.state();
    block_.base_commits = state.CommitCount();
    {
      MutexLock lock(&mu_);
      spent_.resize(parallelism);
    }
    std::vector<std::thread> helpers;
    for (uint32_t worker = 1; worker < parallelism; ++worker) {
      helpers.emplace_back([this, worker] { Work(worker); });
    }
    Work(0);
    for (std::thread& helper : helpers) helper.join();
    {
      // The workers have finished: the lock is for the thread-safety analysis.
      MutexLock lock(&mu_);
      DYT_RETURN_IF_ERROR(failure_);
      block_.stats.in_order = static_cast<uint32_t>(in_order_commits_);
    }
    block_.stats.executions = executions_.load();
    const Clock::time_point finish = Clock::now();
    block_.writes = view_.NetWrites();
    DYT_ASSIGN_OR_RETURN(block_.digest, state.DigestAfter(block_.digest_delta,
                                                          block_.base_commits));
    block_.stats.finish_ns = Nanos(Clock::now() - finish);
    return std::move(block_);
  }

 private:
  enum class SlotState : uint8_t { kPending, kRunning, kExecuted, kCommitted };
  struct Slot {
    SlotState state = SlotState::kPending;
    std::unique_ptr<Execution> execution;
  };

  // A worker: commits when the next transaction in order is ready (or runs
  // it itself when nobody has), else runs a transaction ahead, else waits.
  void Work(uint32_t index) ABSL_LOCKS_EXCLUDED(mu_) {
    Worker self{.index = index, .idle = {}};
    MutexLock lock(&mu_);
    while (failure_.ok() && next_commit_ < slots_.size()) {
      Slot& next = slots_[next_commit_];
      if (!committing_ && next.state != SlotState::kRunning) {
        const size_t k = next_commit_;
        committing_ = true;
        std::unique_ptr<Execution> ahead;
        if (next.state == SlotState::kPending) {
          DYT_DCHECK(next_start_ == k);
          next.state = SlotState::kRunning;
          next_start_ = k + 1;
        } else {
          ahead = std::move(next.execution);
        }
        const bool in_order = ahead == nullptr;
        UnlockTakingSpent(self);
        absl::Status status = CommitNext(k, ahead, self);
        mu_.Lock();
        if (ahead != nullptr) spent_[ahead->worker].push_back(std::move(ahead));
        committing_ = false;
        next.state = SlotState::kCommitted;
        ++next_commit_;
        if (in_order) ++in_order_commits_;
        if (!status.ok() && failure_.ok()) failure_ = status;
        // The committing thread goes on committing by itself; a waiting
        // worker is woken only when it may run ahead (the window moved on),
        // not on every commit of a contended stretch run in order.
        if (next_commit_ >= sequential_until_ && next_start_ < slots_.size()) {
          ready_.Signal();
        }
        continue;
      }
      if (next_start_ < slots_.size() && next_start_ < next_commit_ + kWindow &&
          next_commit_ >= sequential_until_) {
        const size_t i = next_start_++;
        slots_[i].state = SlotState::kRunning;
        UnlockTakingSpent(self);
        std::unique_ptr<Execution> execution = Execute(i, self);
        mu_.Lock();
        slots_[i].execution = std::move(execution);
        slots_[i].state = SlotState::kExecuted;
        // No wake-up: if it is next to commit and nobody is committing, this
        // worker commits it itself on its next turn of the loop.
        continue;
      }
      ready_.Wait(&mu_);
    }
    ready_.SignalAll();
  }

  // Releases mu_, taking along the spent executions `self` ran: it keeps
  // up to a window's worth for reuse and frees the rest, with mu_ released.
  void UnlockTakingSpent(Worker& self) ABSL_UNLOCK_FUNCTION(mu_) {
    std::vector<std::unique_ptr<Execution>> spent =
        std::exchange(spent_[self.index], {});
    mu_.Unlock();
    for (std::unique_ptr<Execution>& execution : spent) {
      if (self.idle.size() == kWindow) break;
      self.idle.push_back(std::move(execution));
    }
  }

  // Runs transaction `i` over the view as it is now, on `self`.
  std::unique_ptr<Execution> Execute(size_t i, Worker& self)
      ABSL_LOCKS_EXCLUDED(mu_) {
    const Transaction& tx = transactions_[i];
    const CallContext context{
        .block = header_.height,
        .block_timestamp = header_.timestamp,
        .tx_index = header_.first_tx_index + static_cast<uint32_t>(i)};
    std::unique_ptr<Execution> execution;
    if (self.idle.empty()) {
      execution = std::make_unique<Execution>();
    } else {
      // A new execution in the storage of a spent one.
      execution = std::move(self.idle.back());
      self.idle.pop_back();
      std::destroy_at(execution.get());
      std::construct_at(execution.get());
    }
    execution->worker = self.index;
    execution->applied_before = applied_.load(std::memory_order_acquire);
    CallState& call =
        execution->call.emplace(view_, host_.state().profile(), context);
    TransactionResult& result = execution->result;
    if (tx.kind == Transaction::Kind::kDeploy) {
      absl::StatusOr<DeployResult> deployed =
          host_.ExecuteDeploy(call, DeployRequestOf(tx, context));
      if (deployed.ok()) {
        result.outcome = std::move(deployed->init);
        result.address = deployed->address;
        result.code_hash = deployed->code_hash;
        result.verdict = std::move(deployed->verdict);
        execution->stands = true;
        execution->ran_init = deployed->ran_init;
      } else {
        result.error = deployed.status();
        const uint64_t code_gas = host_.DeployCodeGas(tx.code.size());
        if (code_gas <= tx.gas_limit) result.outcome.gas_used = code_gas;
      }
    } else {
      absl::StatusOr<CallOutcome> outcome =
          host_.ExecuteCall(call, CallRequestOf(tx, context));
      if (outcome.ok()) {
        result.outcome = *std::move(outcome);
        execution->stands = result.outcome.ok();
      } else {
        result.error = outcome.status();
      }
    }
    if (!result.error.ok() && !IsRejection(result.error)) {
      execution->failure = result.error;
    }
    if (execution->stands)
      execution->writes = CollectWrites(call.CallJournal());
    executions_.fetch_add(1, std::memory_order_relaxed);
    return execution;
  }

  // True if every value the execution of transaction `k` read is still
  // what the view holds. Only the transactions applied since it began can
  // have changed a value: it checks the keys they wrote that it read, or,
  // if they wrote many, re-reads every key it read.
  absl::StatusOr<bool> StillValid(size_t k, const Execution& execution) const {
    const Journal::Map& origins = execution.call->CallJournal().Origins();
    size_t written = 0;
    for (size_t j = execution.applied_before; j < k; ++j) {
      written += applied_writes_[j].Ops().size();
    }
    auto unchanged = [&](std::string_view key,
                         const Journal::Value& origin) -> absl::StatusOr<bool> {
      DYT_ASSIGN_OR_RETURN(std::optional<std::string> now, view_.Get(key));
      return now == origin;
    };
    if (written > 4 * origins.size()) {
      for (const auto& [key, origin] : origins) {
        DYT_ASSIGN_OR_RETURN(bool same, unchanged(key, origin));
        if (!same) return false;
      }
      return true;
    }
    for (size_t j = execution.applied_before; j < k; ++j) {
      for (const WriteBatch::Op& op : applied_writes_[j].Ops()) {
        auto read = origins.find(op.key);
        if (read == origins.end()) continue;
        DYT_ASSIGN_OR_RETURN(bool same, unchanged(op.key, read->second));
        if (!same) return false;
      }
    }
    return true;
  }

  // Commits transaction `k` on `self`: validates `execution`, the one
  // made ahead (runs it again if it went stale), or runs it now if there is
  // none; leaves there the execution committed or failed, for its worker to
  // free. Only one thread commits at a time, in order.
  absl::Status CommitNext(size_t k, std::unique_ptr<Execution>& execution,
                          Worker& self) ABSL_LOCKS_EXCLUDED(mu_) {
    Clock::time_point start = Clock::now();
    if (execution != nullptr) {
      DYT_ASSIGN_OR_RETURN(bool valid, StillValid(k, *execution));
      NoteValidation(valid);
      if (!valid) {
        ++block_.stats.reexecutions;
        execution = nullptr;
      }
    }
    if (execution == nullptr) {
      block_.stats.commit_ns += Nanos(Clock::now() - start);
      execution = Execute(k, self);
      start = Clock::now();
    }
    DYT_RETURN_IF_ERROR(execution->failure);
    if (execution->stands) {
      view_.Apply(execution->writes.batch);
      block_.digest_delta.Add(execution->writes.digest_delta);
      applied_writes_[k] = std::move(execution->writes.batch);
    }
    applied_.store(k + 1, std::memory_order_release);
    Observe(k, *execution);
    block_.gas_used += execution->result.outcome.gas_used;
    block_.results[k] = std::move(execution->result);
    block_.stats.commit_ns += Nanos(Clock::now() - start);
    return absl::OkStatus();
  }

  // Keeps the recent validation results; on heavy contention, stops running
  // ahead for a while.
  void NoteValidation(bool valid) ABSL_LOCKS_EXCLUDED(mu_) {
    recent_stale_ += valid ? 0 : 1;
    if (++recent_ < kRecent) return;
    if (recent_stale_ >= kStaleLimit) {
      MutexLock lock(&mu_);
      sequential_until_ = next_commit_ + sequential_run_;
      // Contention that outlasts a stretch run in order: a longer one next.
      sequential_run_ = std::min(2 * sequential_run_, kMaxSequentialRun);
    } else {
      sequential_run_ = kSequentialRun;
    }
    recent_ = 0;
    recent_stale_ = 0;
  }

  // Tells the analyzer about the committed execution of transaction `k`.
  void Observe(size_t k, const Execution& execution) const {
    if (!execution.result.error.ok()) return;
    const Transaction& tx = transactions_[k];
    const CallContext& context = execution.call->Context();
    if (tx.kind == Transaction::Kind::kDeploy) {
      DeployResult deployed;
      deployed.address = execution.result.address;
      deployed.init = execution.result.outcome;
      deployed.ran_init = execution.ran_init;
      host_.ObserveDeploy(*execution.call, DeployRequestOf(tx, context),
                          deployed);
    } else {
      host_.ObserveCall(*execution.call, CallRequestOf(tx, context),
                        execution.result.outcome);
    }
  }

  static DeployRequest DeployRequestOf(const Transaction& tx,
                                       const CallContext& context) {
    return {.sender = tx.sender,
            .code = tx.code,
            .input = tx.input,
            .gas_limit = tx.gas_limit,
            .context = context};
  }
  static CallRequest CallRequestOf(const Transaction& tx,
                                   const CallContext& context) {
    return {.sender = tx.sender,
            .contract = tx.contract,
            .method = tx.method,
            .input = tx.input,
            .gas_limit = tx.gas_limit,
            .context = context};
  }

  ContractHost& host_;
  const BlockHeader header_;
  const std::span<const Transaction> transactions_;
  BlockView view_;

  Mutex mu_;
  // Signalled when a waiting worker may run ahead again (the commit point
  // moved past a contended stretch) and when the block ends.
  CondVar ready_;
  std::vector<Slot> slots_ ABSL_GUARDED_BY(mu_);
  size_t next_commit_ ABSL_GUARDED_BY(mu_) = 0;
  size_t next_start_ ABSL_GUARDED_BY(mu_) = 0;  // the next to run ahead
  bool committing_ ABSL_GUARDED_BY(mu_) = false;
  size_t sequential_until_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  size_t in_order_commits_ ABSL_GUARDED_BY(mu_) = 0;
  // Per worker, the executions committed (or stale) it ran and has not freed.
  std::vector<std::vector<std::unique_ptr<Execution>>> spent_
      ABSL_GUARDED_BY(mu_);
  std::atomic<uint32_t> executions_{0};

  // Transactions wholly applied to the view: 0..applied_-1.
  std::atomic<size_t> applied_{0};

  // The committing thread's own (one at a time, ordered by mu_):
  ExecutedBlock block_;
  std::vector<WriteBatch> applied_writes_;  // each transaction's, once applied
  uint32_t recent_ = 0;
  uint32_t recent_stale_ = 0;
  uint32_t sequential_run_ = kSequentialRun;
};

}  // namespace

absl::StatusOr<ExecutedBlock> ExecuteBlock(
    ContractHost& host, const BlockHeader& header,
    std::span<const Transaction> transactions, const BlockOptions& options) {
  BlockRun run(host, header, transactions);
  return run.Run(std::max<uint32_t>(1, options.parallelism));
}

absl::Status CommitBlock(ContractHost& host, const ExecutedBlock& block) {
  return host.state().CommitBlock(block.header.height, block.writes,
                                  block.digest_delta, block.base_commits);
}

}  // namespace dytallix::internal
