#include "shim.h"

#include <string.h>

#include "_cgo_export.h"

/* Runs where the execution ran (C API: possibly many threads at once). */
static void ForwardAnomaly(void* context, const dyt_anomaly* anomaly) {
  dytgoAnomaly((uintptr_t)context, (dyt_anomaly*)anomaly);
}

static dyt_error Failed(dyt_error error, char* buffer, size_t cap) {
  if (error != DYT_OK && cap > 0) dyt_last_error(buffer, cap);
  return error;
}

static dyt_outcome OutcomeOf(dytgo_buffers buffers) {
  dyt_outcome outcome;
  memset(&outcome, 0, sizeof(outcome));
  outcome.output = buffers.output;
  outcome.output_cap = buffers.output_cap;
  outcome.message = buffers.message;
  outcome.message_cap = buffers.message_cap;
  if (buffers.message_cap > 0) buffers.message[0] = '\0';
  outcome.trace = buffers.trace;
  outcome.trace_cap = buffers.trace_cap;
  if (buffers.trace_cap > 0) buffers.trace[0] = '\0';
  return outcome;
}

static void Report(const dyt_outcome* outcome, dytgo_result* result) {
  result->status = outcome->status;
  result->output_len = outcome->output_len;
  result->gas_used = outcome->gas_used;
  result->tx_index = outcome->tx_index;
  result->event_count = outcome->event_count;
  result->gas_report = outcome->gas_report;
  result->trace_len = outcome->trace_len;
}

dyt_error dytgo_open(const dyt_config* config, uintptr_t anomaly_handle,
                     dyt_runtime** out, char* error, size_t error_cap) {
  dyt_config copy = *config;
  if (anomaly_handle != 0) {
    copy.anomaly_sink = ForwardAnomaly;
    copy.anomaly_context = (void*)anomaly_handle;
  }
  return Failed(dyt_runtime_open(&copy, out), error, error_cap);
}

dyt_error dytgo_deploy(dyt_runtime* runtime, const uint8_t* sender,
                       const uint8_t* code, size_t code_len,
                       const uint8_t* input, size_t input_len,
                       uint64_t gas_limit, uint64_t block, uint64_t timestamp,
                       uint8_t* address, dytgo_buffers buffers,
                       dytgo_result* result) {
  dyt_deploy_request request;
  memset(&request, 0, sizeof(request));
  memcpy(request.sender, sender, sizeof(request.sender));
  request.code = code;
  request.code_len = code_len;
  request.input = input;
  request.input_len = input_len;
  request.gas_limit = gas_limit;
  request.block = block;
  request.timestamp = timestamp;
  dyt_outcome outcome = OutcomeOf(buffers);
  dyt_error error = dyt_deploy(runtime, &request, address, &outcome);
  Report(&outcome, result);
  return Failed(error, buffers.error, buffers.error_cap);
}

dyt_error dytgo_execute(dyt_runtime* runtime, dytgo_kind kind,
                        const uint8_t* sender, const uint8_t* contract,
                        const char* method, const uint8_t* input,
                        size_t input_len, uint64_t gas_limit, uint64_t block,
                        uint64_t timestamp, dytgo_buffers buffers,
                        dytgo_result* result) {
  dyt_call_request request;
  memset(&request, 0, sizeof(request));
  memcpy(request.sender, sender, sizeof(request.sender));
  memcpy(request.contract, contract, sizeof(request.contract));
  request.method = method;
  request.input = input;
  request.input_len = input_len;
  request.gas_limit = gas_limit;
  request.block = block;
  request.timestamp = timestamp;
  dyt_outcome outcome = OutcomeOf(buffers);
  dyt_error error;
  switch (kind) {
    case DYTGO_QUERY:
      error = dyt_query(runtime, &request, &outcome);
      break;
    case DYTGO_ESTIMATE:
      error = dyt_estimate_gas(runtime, &request, &outcome);
      break;
    default:
      error = dyt_call(runtime, &request, &outcome);
      break;
  }
  Report(&outcome, result);
  return Failed(error, buffers.error, buffers.error_cap);
}

dyt_error dytgo_events(const dyt_runtime* runtime, const uint8_t* contract,
                       const char* topic, uint64_t from_block,
                       uint64_t to_block, uint32_t limit, int has_after,
                       dyt_event_cursor after, dyt_event_list** out,
                       char* error, size_t error_cap) {
  dyt_event_filter filter;
  memset(&filter, 0, sizeof(filter));
  filter.contract = contract;
  filter.topic = topic;
  filter.from_block = from_block;
  filter.to_block = to_block;
  filter.limit = limit;
  filter.after = has_after ? &after : NULL;
  return Failed(dyt_events(runtime, &filter, out), error, error_cap);
}

dyt_error dytgo_get_contract(const dyt_runtime* runtime, const uint8_t* address,
                             dyt_contract_info* out, char* error,
                             size_t error_cap) {
  return Failed(dyt_get_contract(runtime, address, out), error, error_cap);
}

dyt_error dytgo_pin(dyt_runtime* runtime, const uint8_t* address, int pin,
                    char* error, size_t error_cap) {
  dyt_error result =
      pin ? dyt_pin(runtime, address) : dyt_unpin(runtime, address);
  return Failed(result, error, error_cap);
}

dyt_error dytgo_execute_block(dyt_runtime* runtime, uint64_t number,
                              uint64_t timestamp,
                              const dyt_transaction* transactions, size_t count,
                              uint32_t parallelism, dyt_block** out,
                              char* error, size_t error_cap) {
  dyt_block_header header;
  header.number = number;
  header.timestamp = timestamp;
  return Failed(dyt_execute_block(runtime, &header, transactions, count,
                                  parallelism, out),
                error, error_cap);
}

dyt_error dytgo_commit_block(dyt_runtime* runtime, const dyt_block* block,
                             char* error, size_t error_cap) {
  return Failed(dyt_commit_block(runtime, block), error, error_cap);
}

dyt_error dytgo_block_transaction(const dyt_block* block, size_t index,
                                  dytgo_buffers buffers,
                                  dyt_transaction_result* transaction,
                                  dytgo_result* result) {
  dyt_outcome outcome = OutcomeOf(buffers);
  dyt_error error = dyt_block_transaction(block, index, transaction, &outcome);
  Report(&outcome, result);
  return Failed(error, buffers.error, buffers.error_cap);
}
