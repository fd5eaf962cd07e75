// The C API (dytallix/dytallix.h) over dytallix::Runtime.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/place.h"
#include "dytallix/dytallix.h"
#include "dytallix/hex.h"
#include "dytallix/runtime.h"

// The C API's names follow C conventions (see dytallix.h).
// NOLINTBEGIN(readability-identifier-naming)
struct dyt_runtime {
  std::unique_ptr<dytallix::Runtime> runtime;
};

struct dyt_event_list {
  std::vector<dytallix::Event> events;  // owns the bytes `views` point into
  std::vector<dyt_event> views;
};

struct dyt_block {
  dytallix::BlockResult result;  // owns what the vectors below point into
  std::vector<std::string> error_messages;     // per transaction
  std::vector<std::vector<dyt_event>> events;  // per transaction
};

// NOLINTEND(readability-identifier-naming)

namespace {

thread_local std::string last_error;

dyt_error CodeOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return DYT_OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAlreadyExists:
      return DYT_INVALID_ARGUMENT;
    case absl::StatusCode::kNotFound:
      return DYT_NOT_FOUND;
    case absl::StatusCode::kAborted:
      return DYT_ABORTED;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:  // a fail-closed plugin's
      return DYT_UNAVAILABLE;
    case absl::StatusCode::kFailedPrecondition:
      return DYT_FAILED_PRECONDITION;
    case absl::StatusCode::kDataLoss:
      return DYT_DATA_LOSS;
    default:
      return DYT_INTERNAL;
  }
}

dyt_error ErrorOf(const absl::Status& status) {
  last_error.assign(status.message().data(), status.message().size());
  return CodeOf(status);
}

// Copies `text` NUL-terminated, truncated to `cap`; returns its length.
size_t CopyText(const std::string& text, char* buffer, size_t cap) {
  if (buffer != nullptr && cap > 0) {
    const size_t n = std::min(cap - 1, text.size());
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
  }
  return text.size();
}

dyt_error InvalidArgument(const char* why) {
  return ErrorOf(absl::InvalidArgumentError(why));
}

std::string Bytes(const uint8_t* data, size_t len) {
  return len == 0 ? std::string()
                  : std::string(reinterpret_cast<const char*>(data), len);
}

dytallix::Address AddressOf(const uint8_t* bytes) {
  dytallix::Address address;
  std::copy(bytes, bytes + address.size(), address.begin());
  return address;
}

dytallix::CallRequest ToRequest(const dyt_call_request& request) {
  return {.sender = AddressOf(request.sender),
          .contract = AddressOf(request.contract),
          .method = request.method,
          .input = Bytes(request.input, request.input_len),
          .gas_limit = request.gas_limit,
          .block = {request.block, request.timestamp},
          .gas_profile = request.gas_profile != 0};
}

// CopyOutcome casts CallStatus to dyt_call_status.
static_assert(
    DYT_STATUS_OK == static_cast<int>(dytallix::CallStatus::kOk) &&
    DYT_STATUS_REVERTED == static_cast<int>(dytallix::CallStatus::kReverted) &&
    DYT_STATUS_TRAPPED == static_cast<int>(dytallix::CallStatus::kTrapped) &&
    DYT_STATUS_OUT_OF_GAS == static_cast<int>(dytallix::CallStatus::kOutOfGas));

void CopyOutcome(const dytallix::Outcome& from, dyt_outcome& to) {
  to.status = static_cast<dyt_call_status>(from.status);
  to.output_len = from.output.size();
  to.gas_used = from.gas_used;
  to.tx_index = from.tx_index;
  to.event_count = static_cast<uint32_t>(from.events.size());
  const dytallix::GasReport& r = from.gas_report;
  to.gas_report = {.limit = r.limit,
                   .used = r.used,
                   .remaining = r.remaining,
                   .loading = r.loading,
                   .instantiate = r.instantiate,
                   .wasm = r.wasm,
                   .host_storage = r.host_storage,
                   .host_events = r.host_events,
                   .host_calls = r.host_calls,
                   .host_other = r.host_other};
  if (to.output != nullptr) {
    std::memcpy(to.output, from.output.data(),
                std::min(to.output_cap, from.output.size()));
  }
  CopyText(from.message, to.message, to.message_cap);
  std::string trace;
  for (const dytallix::TraceFrame& frame : from.trace) {
    absl::StrAppend(
        &trace,
        dytallix::internal::PlaceText({frame.function_index, frame.offset}),
        " ", frame.function, " in ", dytallix::ToHex(frame.contract), "\n");
  }
  to.trace_len = CopyText(trace, to.trace, to.trace_cap);
  to.gas_profile_len =
      CopyText(from.gas_profile, to.gas_profile, to.gas_profile_cap);
}

using CallMethod = absl::StatusOr<dytallix::Outcome> (dytallix::Runtime::*)(
    const dytallix::CallRequest&);

dyt_error RunCall(dyt_runtime* runtime, const dyt_call_request* request,
                  dyt_outcome* outcome, CallMethod method) {
  if (runtime == nullptr || request == nullptr || outcome == nullptr ||
      request->method == nullptr) {
    return InvalidArgument("null runtime, request, method or outcome");
  }
  absl::StatusOr<dytallix::Outcome> result =
      (runtime->runtime.get()->*method)(ToRequest(*request));
  if (!result.ok()) return ErrorOf(result.status());
  CopyOutcome(*result, *outcome);
  return DYT_OK;
}

dytallix::EventFilter ToFilter(const dyt_event_filter& filter) {
  dytallix::EventFilter out;
  if (filter.contract != nullptr) out.contract = AddressOf(filter.contract);
  if (filter.topic != nullptr) out.topic = filter.topic;
  out.from_block = filter.from_block;
  if (filter.to_block != 0) out.to_block = filter.to_block;
  if (filter.limit != 0) out.limit = filter.limit;
  if (filter.after != nullptr) {
    out.after = dytallix::EventCursor{.block = filter.after->block,
                                      .tx_index = filter.after->tx_index,
                                      .event_index = filter.after->event_index};
  }
  return out;
}

dyt_event ViewOf(const dytallix::Event& event) {
  dyt_event view{.block = event.block,
                 .tx_index = event.tx_index,
                 .event_index = event.event_index,
                 .contract = {},
                 .timestamp = event.timestamp,
                 .topic = event.topic.c_str(),
                 .topic_len = event.topic.size(),
                 .data = reinterpret_cast<const uint8_t*>(event.data.data()),
                 .data_len = event.data.size()};
  std::copy(event.contract.begin(), event.contract.end(), view.contract);
  return view;
}

dytallix::AnomalySink ToAnomalySink(dyt_anomaly_fn sink, void* context) {
  if (sink == nullptr) return {};
  return [sink, context](const dytallix::Anomaly& anomaly) {
    dyt_anomaly view{.contract = {},
                     .method = anomaly.method.c_str(),
                     .gas_used = anomaly.gas_used,
                     .severity = static_cast<uint8_t>(anomaly.finding.severity),
                     .code = anomaly.finding.code.c_str(),
                     .message = anomaly.finding.message.c_str(),
                     .place = anomaly.finding.place.c_str()};
    std::copy(anomaly.contract.begin(), anomaly.contract.end(), view.contract);
    sink(context, &view);
  };
}

dytallix::AnalyzerConfig ToAnalyzerConfig(const dyt_config& config) {
  dytallix::AnalyzerConfig analyzer;
  analyzer.min_score = config.min_analyzer_score;
  if (config.analyzer_plugin != nullptr) {
    analyzer.plugin_path = config.analyzer_plugin;
  }
  if (config.analyzer_timeout_ms != 0) {
    analyzer.plugin_timeout =
        std::chrono::milliseconds(config.analyzer_timeout_ms);
  }
  analyzer.plugin_fail_open = config.analyzer_fail_open != 0;
  analyzer.anomaly_sink =
      ToAnomalySink(config.anomaly_sink, config.anomaly_context);
  return analyzer;
}

absl::StatusOr<dytallix::Transaction> ToTransaction(const dyt_transaction& tx,
                                                    size_t index) {
  dytallix::Transaction out{.sender = AddressOf(tx.sender),
                            .input = Bytes(tx.input, tx.input_len),
                            .gas_limit = tx.gas_limit};
  switch (tx.kind) {
    case DYT_TX_CALL:
      if (tx.method == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("transaction ", index, ": a call without a method"));
      }
      out.kind = dytallix::Transaction::Kind::kCall;
      out.contract = AddressOf(tx.contract);
      out.method = tx.method;
      return out;
    case DYT_TX_DEPLOY:
      out.kind = dytallix::Transaction::Kind::kDeploy;
      out.code = Bytes(tx.code, tx.code_len);
      return out;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("transaction ", index, ": kind ", static_cast<int>(tx.kind),
                   " is not a dyt_tx_kind"));
}

// A block handle over `result`, with the views its readers get.
std::unique_ptr<dyt_block> NewBlock(dytallix::BlockResult result) {
  auto block = std::make_unique<dyt_block>();
  block->result = std::move(result);
  for (const dytallix::TransactionResult& tx : block->result.transactions) {
    block->error_messages.emplace_back(tx.error.message());
    std::vector<dyt_event>& views = block->events.emplace_back();
    for (const dytallix::Event& event : tx.outcome.events) {
      views.push_back(ViewOf(event));
    }
  }
  return block;
}

}  // namespace

extern "C" {
// NOLINTBEGIN(readability-identifier-naming)

size_t dyt_last_error(char* buffer, size_t cap) {
  return CopyText(last_error, buffer, cap);
}

size_t dyt_open_note(const dyt_runtime* runtime, char* buffer, size_t cap) {
  return CopyText(runtime->runtime->OpenNote(), buffer, cap);
}

dyt_error dyt_runtime_open(const dyt_config* config, dyt_runtime** out) {
  if (config == nullptr || out == nullptr) {
    return InvalidArgument("null config or out");
  }
  dytallix::Config cpp;
  if (config->db_path != nullptr) cpp.db_path = config->db_path;
  if (config->spec_profile) cpp.profile = dytallix::Profile::kSpec;
  if (config->default_gas_limit != 0) {
    cpp.default_gas_limit = config->default_gas_limit;
  }
  cpp.analyzer = ToAnalyzerConfig(*config);
  switch (config->open_mode) {
    case DYT_OPEN_READ_WRITE:
      cpp.open_mode = dytallix::OpenMode::kReadWrite;
      break;
    case DYT_OPEN_CREATE:
      cpp.open_mode = dytallix::OpenMode::kCreateIfMissing;
      break;
    case DYT_OPEN_READ_ONLY:
      cpp.open_mode = dytallix::OpenMode::kReadOnly;
      break;
    default:
      return InvalidArgument("open_mode is not a dyt_open_mode");
  }
  cpp.sync = config->sync != 0;
  if (config->cache_bytes != 0) cpp.cache_bytes = config->cache_bytes;
  absl::StatusOr<std::unique_ptr<dytallix::Runtime>> runtime =
      dytallix::Runtime::Open(cpp);
  if (!runtime.ok()) return ErrorOf(runtime.status());
  *out = new dyt_runtime{.runtime = *std::move(runtime)};
  return DYT_OK;
}

void dyt_runtime_free(dyt_runtime* runtime) { delete runtime; }

dyt_error dyt_deploy(dyt_runtime* runtime, const dyt_deploy_request* request,
                     uint8_t address[32], dyt_outcome* init) {
  if (runtime == nullptr || request == nullptr || address == nullptr ||
      init == nullptr) {
    return InvalidArgument("null runtime, request, address or outcome");
  }
  absl::StatusOr<dytallix::DeployResult> deployed = runtime->runtime->Deploy(
      {.sender = AddressOf(request->sender),
       .code = Bytes(request->code, request->code_len),
       .input = Bytes(request->input, request->input_len),
       .gas_limit = request->gas_limit,
       .block = {request->block, request->timestamp}});
  if (!deployed.ok()) return ErrorOf(deployed.status());
  std::copy(deployed->address.begin(), deployed->address.end(), address);
  CopyOutcome(deployed->init, *init);
  return DYT_OK;
}

dyt_error dyt_call(dyt_runtime* runtime, const dyt_call_request* request,
                   dyt_outcome* outcome) {
  return RunCall(runtime, request, outcome, &dytallix::Runtime::Call);
}

dyt_error dyt_query(dyt_runtime* runtime, const dyt_call_request* request,
                    dyt_outcome* outcome) {
  return RunCall(runtime, request, outcome, &dytallix::Runtime::Query);
}

dyt_error dyt_estimate_gas(dyt_runtime* runtime,
                           const dyt_call_request* request,
                           dyt_outcome* outcome) {
  return RunCall(runtime, request, outcome, &dytallix::Runtime::EstimateGas);
}

dyt_error dyt_events(const dyt_runtime* runtime, const dyt_event_filter* filter,
                     dyt_event_list** out) {
  if (runtime == nullptr || filter == nullptr || out == nullptr) {
    return InvalidArgument("null runtime, filter or out");
  }
  absl::StatusOr<std::vector<dytallix::Event>> events =
      runtime->runtime->Events(ToFilter(*filter));
  if (!events.ok()) return ErrorOf(events.status());
  auto list = std::make_unique<dyt_event_list>();
  list->events = *std::move(events);
  for (const dytallix::Event& event : list->events) {
    list->views.push_back(ViewOf(event));
  }
  *out = list.release();
  return DYT_OK;
}

size_t dyt_event_list_size(const dyt_event_list* list) {
  return list->views.size();
}

const dyt_event* dyt_event_list_get(const dyt_event_list* list, size_t index) {
  return &list->views[index];
}

void dyt_event_list_free(dyt_event_list* list) { delete list; }

dyt_error dyt_get_contract(const dyt_runtime* runtime,
                           const uint8_t address[32], dyt_contract_info* out) {
  if (runtime == nullptr || address == nullptr || out == nullptr) {
    return InvalidArgument("null runtime, address or out");
  }
  absl::StatusOr<std::optional<dytallix::ContractInfo>> info =
      runtime->runtime->GetContract(AddressOf(address));
  if (!info.ok()) return ErrorOf(info.status());
  if (!*info) {
    return ErrorOf(absl::NotFoundError(absl::StrCat(
        "no contract at address ", dytallix::ToHex(AddressOf(address)))));
  }
  std::copy((*info)->code_hash.begin(), (*info)->code_hash.end(),
            out->code_hash);
  std::copy((*info)->deployer.begin(), (*info)->deployer.end(), out->deployer);
  out->deploy_block = (*info)->deploy_block;
  out->analyzer_score = (*info)->analyzer_score;
  return DYT_OK;
}

void dyt_state_digest(const dyt_runtime* runtime, uint8_t digest[32]) {
  const dytallix::Hash hash = runtime->runtime->StateDigest();
  std::copy(hash.begin(), hash.end(), digest);
}

dyt_error dyt_pin(dyt_runtime* runtime, const uint8_t address[32]) {
  if (runtime == nullptr || address == nullptr) {
    return InvalidArgument("null runtime or address");
  }
  return ErrorOf(runtime->runtime->Pin(AddressOf(address)));
}

dyt_error dyt_unpin(dyt_runtime* runtime, const uint8_t address[32]) {
  if (runtime == nullptr || address == nullptr) {
    return InvalidArgument("null runtime or address");
  }
  return ErrorOf(runtime->runtime->Unpin(AddressOf(address)));
}

void dyt_cache_metrics_get(const dyt_runtime* runtime, dyt_cache_metrics* out) {
  const dytallix::CacheMetrics m = runtime->runtime->GetCacheMetrics();
  *out = {.hits_pinned = m.hits_pinned,
          .hits_memory = m.hits_memory,
          .misses = m.misses,
          .evictions = m.evictions,
          .entries_pinned = m.entries_pinned,
          .entries_memory = m.entries_memory,
          .bytes_pinned = m.bytes_pinned,
          .bytes_memory = m.bytes_memory,
          .byte_budget = m.byte_budget};
}

dyt_error dyt_execute_block(dyt_runtime* runtime,
                            const dyt_block_header* header,
                            const dyt_transaction* transactions, size_t count,
                            uint32_t parallelism, dyt_block** out) {
  if (runtime == nullptr || header == nullptr || out == nullptr ||
      (transactions == nullptr && count > 0)) {
    return InvalidArgument("null runtime, header, transactions or out");
  }
  std::vector<dytallix::Transaction> txs;
  txs.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    absl::StatusOr<dytallix::Transaction> tx =
        ToTransaction(transactions[i], i);
    if (!tx.ok()) return ErrorOf(tx.status());
    txs.push_back(*std::move(tx));
  }
  absl::StatusOr<dytallix::BlockResult> result = runtime->runtime->ExecuteBlock(
      {header->number, header->timestamp}, txs, {.parallelism = parallelism});
  if (!result.ok()) return ErrorOf(result.status());
  *out = NewBlock(*std::move(result)).release();
  return DYT_OK;
}

dyt_error dyt_commit_block(dyt_runtime* runtime, const dyt_block* block) {
  if (runtime == nullptr || block == nullptr) {
    return InvalidArgument("null runtime or block");
  }
  return ErrorOf(runtime->runtime->CommitBlock(block->result));
}

void dyt_block_free(dyt_block* block) { delete block; }

void dyt_block_info_get(const dyt_block* block, dyt_block_info* out) {
  const dytallix::BlockResult& r = block->result;
  *out = {.header = {r.block.number, r.block.timestamp},
          .transaction_count = r.transactions.size(),
          .state_digest = {},
          .gas_used = r.gas_used,
          .stats = {.executions = r.stats.executions,
                    .reexecutions = r.stats.reexecutions,
                    .in_order = r.stats.in_order}};
  std::copy(r.state_digest.begin(), r.state_digest.end(), out->state_digest);
}

dyt_error dyt_block_transaction(const dyt_block* block, size_t index,
                                dyt_transaction_result* result,
                                dyt_outcome* outcome) {
  if (block == nullptr || result == nullptr || outcome == nullptr) {
    return InvalidArgument("null block, result or outcome");
  }
  if (index >= block->result.transactions.size()) {
    return ErrorOf(absl::InvalidArgumentError(
        absl::StrCat("transaction ", index, " of a block of ",
                     block->result.transactions.size())));
  }
  const dytallix::TransactionResult& tx = block->result.transactions[index];
  result->error = CodeOf(tx.error);
  result->error_message = block->error_messages[index].c_str();
  std::copy(tx.address.begin(), tx.address.end(), result->address);
  std::copy(tx.code_hash.begin(), tx.code_hash.end(), result->code_hash);
  result->analyzer_score = tx.analyzer_score;
  CopyOutcome(tx.outcome, *outcome);
  return DYT_OK;
}

const dyt_event* dyt_block_event(const dyt_block* block, size_t index,
                                 size_t event) {
  if (index >= block->events.size() || event >= block->events[index].size()) {
    return nullptr;
  }
  return &block->events[index][event];
}

// NOLINTEND(readability-identifier-naming)
}  // extern "C"
