// dytallix::Runtime over a ContractHost (host/contract_host.h): owns the
// backend, assigns transaction indexes and converts to the public types.
#include "dytallix/runtime.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "api/analyzer_options.h"
#include "base/mutex.h"
#include "base/status_macros.h"
#include "host/block.h"
#include "host/contract_host.h"
#include "state/discarding_kv_store.h"
#include "state/mem_kv_store.h"
#include "state/rocksdb_kv_store.h"
#include "state/state_store.h"
#include "vm/gas_profiler.h"

namespace dytallix {

namespace in = ::dytallix::internal;

struct PendingBlock {
  uint64_t runtime_id = 0;  // the Runtime::Impl that executed it
  in::ExecutedBlock executed;
};

namespace {

in::Profile InternalProfile(Profile profile) {
  return profile == Profile::kSpec ? in::Profile::Spec()
                                   : in::Profile::Contract();
}

Event ToPublic(const in::Event& event) {
  return Event{.block = event.position.block,
               .tx_index = event.position.tx_index,
               .event_index = event.position.event_index,
               .contract = event.contract,
               .timestamp = event.block_timestamp,
               .topic = event.topic,
               .data = event.data};
}

Outcome ToPublic(const in::CallOutcome& outcome, uint32_t tx_index) {
  Outcome result;
  result.status = static_cast<CallStatus>(outcome.status);
  result.message = outcome.message;
  result.output = outcome.output;
  result.gas_used = outcome.gas_used;
  const in::GasReport& r = outcome.gas_report;
  result.gas_report = {.limit = r.limit,
                       .used = outcome.gas_used,
                       .remaining = r.limit - outcome.gas_used,
                       .loading = r.loading,
                       .instantiate = r.instantiate,
                       .wasm = outcome.gas_used - r.loading - r.instantiate -
                               r.storage - r.events - r.calls - r.other_host,
                       .host_storage = r.storage,
                       .host_events = r.events,
                       .host_calls = r.calls,
                       .host_other = r.other_host};
  result.tx_index = tx_index;
  for (const in::TraceFrame& frame : outcome.trace) {
    result.trace.push_back({.contract = frame.contract,
                            .function_index = frame.function_index,
                            .function = frame.function,
                            .offset = frame.offset});
  }
  for (const in::Event& event : outcome.events) {
    result.events.push_back(ToPublic(event));
  }
  return result;
}

// ToPublic casts between the two CallStatus enums.
static_assert(static_cast<int>(CallStatus::kOk) ==
                  static_cast<int>(in::CallStatus::kOk) &&
              static_cast<int>(CallStatus::kReverted) ==
                  static_cast<int>(in::CallStatus::kReverted) &&
              static_cast<int>(CallStatus::kTrapped) ==
                  static_cast<int>(in::CallStatus::kTrapped) &&
              static_cast<int>(CallStatus::kOutOfGas) ==
                  static_cast<int>(in::CallStatus::kOutOfGas));

// The highest transaction index with events in `block`, plus one.
absl::StatusOr<uint32_t> FirstFreeTxIndex(const in::StateStore& state,
                                          uint64_t block) {
  in::EventQuery query;
  query.from_block = block;
  query.to_block = block;
  query.limit = 1000;
  uint32_t next = 0;
  while (true) {
    DYT_ASSIGN_OR_RETURN(in::EventPage page, state.QueryEvents(query));
    if (!page.events.empty()) {
      next = std::max(next, page.events.back().position.tx_index + 1);
    }
    if (!page.next) return next;
    query.after = page.next;
  }
}

in::OpenMode InternalMode(OpenMode mode) {
  switch (mode) {
    case OpenMode::kReadWrite:
      return in::OpenMode::kReadWrite;
    case OpenMode::kCreateIfMissing:
      return in::OpenMode::kCreateIfMissing;
    case OpenMode::kReadOnly:
      return in::OpenMode::kReadOnly;
  }
  return in::OpenMode::kReadOnly;  // an out-of-range value: the safest
}

// The backend Config names, and what opening it left out (OpenNote).
absl::StatusOr<std::unique_ptr<in::KvStore>> OpenBackend(const Config& config,
                                                         std::string& note) {
  if (!config.db_path.empty()) {
    DYT_ASSIGN_OR_RETURN(std::unique_ptr<in::RocksDbKvStore> rocks,
                         in::RocksDbKvStore::Open(
                             config.db_path, InternalMode(config.open_mode)));
    note = rocks->open_note();
    return rocks;
  }
  if (config.open_mode == OpenMode::kReadOnly) {
    return absl::InvalidArgumentError(
        "a read-only runtime needs a state database (Config::db_path)");
  }
  return std::make_unique<in::MemKvStore>();
}

// Unique in the process: which runtime executed a block.
uint64_t NextRuntimeId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

std::string_view CallStatusName(CallStatus status) {
  return in::CallStatusName(static_cast<in::CallStatus>(status));
}

class Runtime::Impl {
 public:
  Impl(const Config& config, in::ContractHostOptions options,
       std::unique_ptr<in::KvStore> kv, std::unique_ptr<in::StateStore> state,
       std::string open_note)
      : config_(config),
        open_note_(std::move(open_note)),
        kv_(std::move(kv)),
        state_(std::move(state)),
        host_(*state_, std::move(options)) {}

  absl::StatusOr<DeployResult> Deploy(const DeployRequest& request) {
    DYT_RETURN_IF_ERROR(CheckWritable("deploy"));
    DYT_ASSIGN_OR_RETURN(in::CallContext context, NextContext(request.block));
    DYT_ASSIGN_OR_RETURN(in::DeployResult deployed,
                         host_.Deploy({.sender = request.sender,
                                       .code = request.code,
                                       .input = request.input,
                                       .gas_limit = GasLimit(request.gas_limit),
                                       .context = context}));
    return DeployResult{.address = deployed.address,
                        .code_hash = deployed.code_hash,
                        .init = ToPublic(deployed.init, context.tx_index),
                        .analyzer_score = deployed.verdict.score,
                        .findings = ToPublic(deployed.verdict.findings)};
  }

  absl::StatusOr<Outcome> Call(const CallRequest& request) {
    DYT_RETURN_IF_ERROR(CheckWritable("call"));
    DYT_ASSIGN_OR_RETURN(in::CallContext context, NextContext(request.block));
    in::GasProfiler profiler;
    DYT_ASSIGN_OR_RETURN(
        in::CallOutcome outcome,
        host_.Call(Internal(request, context, ProfilerFor(request, profiler))));
    return Profiled(ToPublic(outcome, context.tx_index), request, profiler);
  }

  absl::StatusOr<Outcome> Query(const CallRequest& request) {
    DYT_ASSIGN_OR_RETURN(in::CallContext context, PeekContext(request.block));
    in::GasProfiler profiler;
    DYT_ASSIGN_OR_RETURN(in::CallOutcome outcome,
                         host_.Query(Internal(request, context,
                                              ProfilerFor(request, profiler))));
    return Profiled(ToPublic(outcome, context.tx_index), request, profiler);
  }

  absl::StatusOr<Outcome> EstimateGas(const CallRequest& request) {
    DYT_ASSIGN_OR_RETURN(in::CallContext context, PeekContext(request.block));
    in::DiscardingKvStore scratch(*kv_);
    const in::Profile profile = InternalProfile(config_.profile);
    DYT_ASSIGN_OR_RETURN(std::unique_ptr<in::StateStore> state,
                         in::StateStore::Open(scratch, profile));
    // Not observed: an estimate is not an execution the chain sees.
    in::ContractHost host(*state, {.profile = profile});
    DYT_ASSIGN_OR_RETURN(in::CallOutcome outcome,
                         host.Call(Internal(request, context)));
    return ToPublic(outcome, context.tx_index);
  }

  absl::StatusOr<std::vector<Event>> Events(const EventFilter& filter) const {
    in::EventQuery query;
    query.contract = filter.contract;
    query.topic = filter.topic;
    query.from_block = filter.from_block;
    query.to_block = filter.to_block;
    query.limit = filter.limit;
    if (filter.after) {
      query.after = in::EventPosition{.block = filter.after->block,
                                      .tx_index = filter.after->tx_index,
                                      .event_index = filter.after->event_index};
    }
    DYT_ASSIGN_OR_RETURN(in::EventPage page, state_->QueryEvents(query));
    std::vector<Event> events;
    for (const in::Event& event : page.events) {
      events.push_back(ToPublic(event));
    }
    return events;
  }

  absl::StatusOr<std::optional<ContractInfo>> GetContract(
      const Address& address) const {
    in::CallState reader = state_->BeginCall({});
    DYT_ASSIGN_OR_RETURN(std::optional<in::ContractRecord> record,
                         reader.GetContract(address));
    if (!record) return std::nullopt;
    return ContractInfo{.code_hash = record->code_hash,
                        .deployer = record->deployer,
                        .deploy_block = record->deploy_block,
                        .analyzer_score = record->verdict.score,
                        .findings = ToPublic(record->verdict.findings)};
  }

  absl::StatusOr<BlockResult> ExecuteBlock(
      const Block& block, const std::vector<Transaction>& transactions,
      const BlockOptions& options) {
    uint32_t first = 0;
    {
      in::MutexLock lock(&mu_);
      DYT_ASSIGN_OR_RETURN(first, NextIndexLocked(block.number));
    }
    std::vector<in::Transaction> internal;
    internal.reserve(transactions.size());
    for (const Transaction& tx : transactions) {
      internal.push_back({.kind = tx.kind == Transaction::Kind::kDeploy
                                      ? in::Transaction::Kind::kDeploy
                                      : in::Transaction::Kind::kCall,
                          .sender = tx.sender,
                          .contract = tx.contract,
                          .method = tx.method,
                          .code = tx.code,
                          .input = tx.input,
                          .gas_limit = GasLimit(tx.gas_limit)});
    }
    DYT_ASSIGN_OR_RETURN(
        in::ExecutedBlock executed,
        in::ExecuteBlock(host_,
                         {.height = block.number,
                          .timestamp = block.timestamp,
                          .first_tx_index = first},
                         internal, {.parallelism = options.parallelism}));
    BlockResult result{.block = block,
                       .state_digest = executed.digest,
                       .gas_used = executed.gas_used,
                       .stats = {.executions = executed.stats.executions,
                                 .reexecutions = executed.stats.reexecutions,
                                 .in_order = executed.stats.in_order,
                                 .commit_ns = executed.stats.commit_ns,
                                 .finish_ns = executed.stats.finish_ns}};
    for (size_t k = 0; k < executed.results.size(); ++k) {
      in::TransactionResult& tx = executed.results[k];
      result.transactions.push_back(
          {.error = tx.error,
           .outcome = ToPublic(tx.outcome, first + static_cast<uint32_t>(k)),
           .address = tx.address,
           .code_hash = tx.code_hash,
           .analyzer_score = tx.verdict.score,
           .findings = ToPublic(tx.verdict.findings)});
    }
    result.pending = std::make_shared<const PendingBlock>(
        PendingBlock{.runtime_id = id_, .executed = std::move(executed)});
    return result;
  }

  absl::Status CommitBlock(const BlockResult& block) {
    DYT_RETURN_IF_ERROR(CheckWritable("commit a block"));
    if (block.pending == nullptr) {
      return absl::InvalidArgumentError(
          "the block result holds no executed block (from ExecuteBlock)");
    }
    // Another runtime's block was executed over other state: committing it
    // here could pass the commit-count check by coincidence.
    if (block.pending->runtime_id != id_) {
      return absl::InvalidArgumentError(
          "the block was executed by another runtime");
    }
    const in::ExecutedBlock& executed = block.pending->executed;
    in::MutexLock lock(&mu_);
    DYT_RETURN_IF_ERROR(in::CommitBlock(host_, executed));
    next_tx_index_[block.block.number] =
        executed.header.first_tx_index +
        static_cast<uint32_t>(executed.results.size());
    return absl::OkStatus();
  }

  absl::StatusOr<std::optional<Hash>> BlockDigest(uint64_t number) const {
    return state_->BlockDigest(number);
  }

  Hash StateDigest() const { return state_->Digest(); }
  const std::string& OpenNote() const { return open_note_; }
  in::ContractHost& host() { return host_; }
  const in::ContractHost& host() const { return host_; }

 private:
  absl::Status CheckWritable(const char* what) const {
    if (config_.open_mode != OpenMode::kReadOnly) return absl::OkStatus();
    return absl::FailedPreconditionError(
        absl::StrCat("cannot ", what, ": state database ", config_.db_path,
                     " is open read-only"));
  }

  uint64_t GasLimit(uint64_t requested) const {
    return requested != 0 ? requested : config_.default_gas_limit;
  }

  in::CallRequest Internal(const CallRequest& request,
                           const in::CallContext& context,
                           in::GasProfiler* profiler = nullptr) const {
    return {.sender = request.sender,
            .contract = request.contract,
            .method = request.method,
            .input = request.input,
            .gas_limit = GasLimit(request.gas_limit),
            .context = context,
            .gas_profiler = profiler};
  }
  static in::GasProfiler* ProfilerFor(const CallRequest& request,
                                      in::GasProfiler& profiler) {
    return request.gas_profile ? &profiler : nullptr;
  }
  static Outcome Profiled(Outcome outcome, const CallRequest& request,
                          const in::GasProfiler& profiler) {
    if (request.gas_profile) outcome.gas_profile = profiler.Folded();
    return outcome;
  }

  // The context of a request that may commit: takes the block's next index.
  absl::StatusOr<in::CallContext> NextContext(const Block& block) {
    in::MutexLock lock(&mu_);
    DYT_ASSIGN_OR_RETURN(uint32_t index, NextIndexLocked(block.number));
    next_tx_index_[block.number] = index + 1;
    return in::CallContext{block.number, block.timestamp, index};
  }

  // The context of a request that never commits: the next index, untaken.
  absl::StatusOr<in::CallContext> PeekContext(const Block& block) {
    in::MutexLock lock(&mu_);
    DYT_ASSIGN_OR_RETURN(uint32_t index, NextIndexLocked(block.number));
    return in::CallContext{block.number, block.timestamp, index};
  }

  absl::StatusOr<uint32_t> NextIndexLocked(uint64_t block)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (auto it = next_tx_index_.find(block); it != next_tx_index_.end()) {
      return it->second;
    }
    return FirstFreeTxIndex(*state_, block);
  }

  const uint64_t id_ = NextRuntimeId();
  const Config config_;
  const std::string open_note_;
  std::unique_ptr<in::KvStore> kv_;
  std::unique_ptr<in::StateStore> state_;
  in::ContractHost host_;
  in::Mutex mu_;
  std::map<uint64_t, uint32_t> next_tx_index_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<std::unique_ptr<Runtime>> Runtime::Open(const Config& config) {
  DYT_ASSIGN_OR_RETURN(
      in::ContractHostOptions options,
      HostOptions(config.analyzer, InternalProfile(config.profile)));
  options.cache_bytes = config.cache_bytes;
  std::string note;
  DYT_ASSIGN_OR_RETURN(std::unique_ptr<in::KvStore> kv,
                       OpenBackend(config, note));
  DYT_ASSIGN_OR_RETURN(
      std::unique_ptr<in::StateStore> state,
      in::StateStore::Open(*kv, InternalProfile(config.profile),
                           {.sync = config.sync}));
  return std::unique_ptr<Runtime>(new Runtime(
      std::make_unique<Impl>(config, std::move(options), std::move(kv),
                             std::move(state), std::move(note))));
}

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

absl::StatusOr<DeployResult> Runtime::Deploy(const DeployRequest& request) {
  return impl_->Deploy(request);
}
absl::StatusOr<Outcome> Runtime::Call(const CallRequest& request) {
  return impl_->Call(request);
}
absl::StatusOr<Outcome> Runtime::Query(const CallRequest& request) {
  return impl_->Query(request);
}
absl::StatusOr<Outcome> Runtime::EstimateGas(const CallRequest& request) {
  return impl_->EstimateGas(request);
}
absl::StatusOr<std::vector<Event>> Runtime::Events(
    const EventFilter& filter) const {
  return impl_->Events(filter);
}
absl::StatusOr<std::optional<ContractInfo>> Runtime::GetContract(
    const Address& address) const {
  return impl_->GetContract(address);
}
absl::Status Runtime::Pin(const Address& contract) {
  return impl_->host().Pin(contract);
}
absl::Status Runtime::Unpin(const Address& contract) {
  return impl_->host().Unpin(contract);
}
CacheMetrics Runtime::GetCacheMetrics() const {
  const in::CacheMetrics m = impl_->host().cache_metrics();
  return CacheMetrics{.hits_pinned = m.hits_pinned,
                      .hits_memory = m.hits_memory,
                      .misses = m.misses,
                      .evictions = m.evictions,
                      .entries_pinned = m.entries_pinned,
                      .entries_memory = m.entries_memory,
                      .bytes_pinned = m.bytes_pinned,
                      .bytes_memory = m.bytes_memory,
                      .byte_budget = m.byte_budget,
                      .pinned_hits = m.pinned_hits};
}
absl::StatusOr<BlockResult> Runtime::ExecuteBlock(
    const Block& block, const std::vector<Transaction>& transactions,
    const BlockOptions& options) {
  return impl_->ExecuteBlock(block, transactions, options);
}
absl::Status Runtime::CommitBlock(const BlockResult& block) {
  return impl_->CommitBlock(block);
}
absl::StatusOr<BlockResult> Runtime::ApplyBlock(
    const Block& block, const std::vector<Transaction>& transactions,
    const BlockOptions& options) {
  DYT_ASSIGN_OR_RETURN(BlockResult result,
                       ExecuteBlock(block, transactions, options));
  DYT_RETURN_IF_ERROR(CommitBlock(result));
  return result;
}
absl::StatusOr<std::optional<Hash>> Runtime::BlockDigest(
    uint64_t number) const {
  return impl_->BlockDigest(number);
}
Hash Runtime::StateDigest() const { return impl_->StateDigest(); }
const std::string& Runtime::OpenNote() const { return impl_->OpenNote(); }

}  // namespace dytallix
