/* The C API from C: deploy the counter contract in memory and on disk, call,
 * query, estimate gas, list events, read the contract record and the state
 * digest, check the error paths and the analyzer settings (threshold,
 * plugins, anomaly sink), and execute and commit a token block on one thread
 * and on two. Exits non-zero on the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dytallix/dytallix.h"

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      char last_error_[256];                                                 \
      dyt_last_error(last_error_, sizeof(last_error_));                      \
      fprintf(stderr, "%s:%d: CHECK(%s) failed; last error: %s\n", __FILE__, \
              __LINE__, #cond, last_error_);                                 \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

static uint8_t* ReadFile(const char* path, size_t* len) {
  FILE* file = fopen(path, "rb");
  CHECK(file != NULL);
  fseek(file, 0, SEEK_END);
  *len = (size_t)ftell(file);
  fseek(file, 0, SEEK_SET);
  uint8_t* bytes = malloc(*len);
  CHECK(fread(bytes, 1, *len, file) == *len);
  fclose(file);
  return bytes;
}

static int64_t Le64(const uint8_t* bytes) {
  int64_t value = 0;
  for (int i = 7; i >= 0; --i) value = value << 8 | bytes[i];
  return value;
}

/* Deploys the counter, increments it twice, checks the results. */
static void Exercise(dyt_runtime* runtime, const uint8_t* wasm, size_t len,
                     uint8_t counter[32]) {
  dyt_deploy_request deploy = {.code = wasm, .code_len = len, .block = 1};
  memset(deploy.sender, 0xa1, sizeof(deploy.sender));
  dyt_outcome init = {0};
  CHECK(dyt_deploy(runtime, &deploy, counter, &init) == DYT_OK);
  CHECK(init.status == DYT_STATUS_OK);

  uint8_t output[8];
  dyt_call_request call = {.method = "increment", .block = 1};
  memcpy(call.contract, counter, 32);
  dyt_outcome outcome = {.output = output, .output_cap = sizeof(output)};

  CHECK(dyt_estimate_gas(runtime, &call, &outcome) == DYT_OK);
  CHECK(outcome.status == DYT_STATUS_OK && outcome.gas_used > 0);
  const uint64_t estimate = outcome.gas_used;

  for (int64_t want = 1; want <= 2; ++want) {
    CHECK(dyt_call(runtime, &call, &outcome) == DYT_OK);
    CHECK(outcome.status == DYT_STATUS_OK);
    CHECK(outcome.output_len == 8 && Le64(output) == want);
    CHECK(outcome.event_count == 1);
    /* The gas report adds up. */
    const dyt_gas_report* r = &outcome.gas_report;
    CHECK(r->used == outcome.gas_used && r->limit == r->used + r->remaining);
    CHECK(r->loading > 0 && r->host_storage > 0 && r->host_events > 0);
    CHECK(r->loading + r->instantiate + r->wasm + r->host_storage +
              r->host_events + r->host_calls + r->host_other ==
          r->used);
    CHECK(outcome.tx_index == (uint32_t)want); /* the deploy took index 0 */
    /* The estimate ran the first increment against the same state. */
    if (want == 1) CHECK(outcome.gas_used == estimate);
  }

  /* A too-small output buffer: the full length, the bytes that fit. */
  uint8_t small[2];
  dyt_outcome partial = {.output = small, .output_cap = sizeof(small)};
  call.method = "get";
  CHECK(dyt_query(runtime, &call, &partial) == DYT_OK);
  CHECK(partial.output_len == 8 && small[0] == 2 && small[1] == 0);

  /* A gas profile: folded stacks, the method's frame among them. */
  char profile[1024];
  dyt_outcome profiled = {.gas_profile = profile,
                          .gas_profile_cap = sizeof(profile)};
  call.gas_profile = 1;
  CHECK(dyt_query(runtime, &call, &profiled) == DYT_OK);
  CHECK(profiled.gas_profile_len == strlen(profile));
  CHECK(strstr(profile, "get") != NULL);
  call.gas_profile = 0;

  /* Revert: a negative step. */
  const uint8_t minus_one[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  char revert[32];
  char trace[512];
  dyt_outcome reverted = {.output = (uint8_t*)revert,
                          .output_cap = sizeof(revert),
                          .trace = trace,
                          .trace_cap = sizeof(trace)};
  call.method = "increment";
  call.input = minus_one;
  call.input_len = sizeof(minus_one);
  CHECK(dyt_call(runtime, &call, &reverted) == DYT_OK);
  CHECK(reverted.status == DYT_STATUS_REVERTED);
  CHECK(reverted.output_len == strlen("negative step") &&
        memcmp(revert, "negative step", reverted.output_len) == 0);
  /* Its stack trace: a line per frame, the method outermost. */
  CHECK(reverted.trace_len == strlen(trace) && reverted.trace_len > 0);
  CHECK(strncmp(trace, "function ", 9) == 0 &&
        strstr(trace, " increment in ") != NULL);

  /* Out of gas, with the trap reason in the message buffer. */
  char message[128];
  dyt_outcome starved = {.message = message, .message_cap = sizeof(message)};
  call.input = NULL;
  call.input_len = 0;
  call.gas_limit = 5;
  CHECK(dyt_call(runtime, &call, &starved) == DYT_OK);
  CHECK(starved.status == DYT_STATUS_OUT_OF_GAS && starved.gas_used == 5);
  CHECK(strlen(message) > 0);
}

static void CheckEvents(const dyt_runtime* runtime, const uint8_t counter[32]) {
  dyt_event_filter filter = {.contract = counter, .topic = "incremented"};
  dyt_event_list* list = NULL;
  CHECK(dyt_events(runtime, &filter, &list) == DYT_OK);
  CHECK(dyt_event_list_size(list) == 2);
  const dyt_event* second = dyt_event_list_get(list, 1);
  CHECK(second->block == 1 && second->tx_index == 2);
  CHECK(strcmp(second->topic, "incremented") == 0);
  CHECK(second->data_len == 8 && Le64(second->data) == 2);
  CHECK(memcmp(second->contract, counter, 32) == 0);
  dyt_event_list_free(list);

  /* Paging: the first event, then what comes after it. */
  filter.limit = 1;
  CHECK(dyt_events(runtime, &filter, &list) == DYT_OK);
  CHECK(dyt_event_list_size(list) == 1);
  const dyt_event* first = dyt_event_list_get(list, 0);
  const dyt_event_cursor after = {.block = first->block,
                                  .tx_index = first->tx_index,
                                  .event_index = first->event_index};
  CHECK(Le64(first->data) == 1);
  dyt_event_list_free(list);
  filter.after = &after;
  CHECK(dyt_events(runtime, &filter, &list) == DYT_OK);
  CHECK(dyt_event_list_size(list) == 1);
  CHECK(Le64(dyt_event_list_get(list, 0)->data) == 2);
  dyt_event_list_free(list);
  filter.after = NULL;
  filter.limit = 0;

  filter.topic = "nothing";
  CHECK(dyt_events(runtime, &filter, &list) == DYT_OK);
  CHECK(dyt_event_list_size(list) == 0);
  dyt_event_list_free(list);
}

static void CheckErrors(dyt_runtime* runtime, const uint8_t counter[32]) {
  dyt_contract_info info;
  CHECK(dyt_get_contract(runtime, counter, &info) == DYT_OK);
  CHECK(info.deploy_block == 1 && info.deployer[0] == 0xa1);
  const uint8_t nobody[32] = {0};
  CHECK(dyt_get_contract(runtime, nobody, &info) == DYT_NOT_FOUND);

  dyt_call_request call = {.method = "no_such_method"};
  memcpy(call.contract, counter, 32);
  dyt_outcome outcome = {0};
  CHECK(dyt_call(runtime, &call, &outcome) == DYT_NOT_FOUND);
  char why[256];
  CHECK(dyt_last_error(why, sizeof(why)) > 0 && strlen(why) > 0);

  const uint8_t junk[4] = {1, 2, 3, 4};
  dyt_deploy_request deploy = {.code = junk, .code_len = sizeof(junk)};
  uint8_t address[32];
  CHECK(dyt_deploy(runtime, &deploy, address, &outcome) ==
        DYT_INVALID_ARGUMENT);
  CHECK(dyt_call(NULL, &call, &outcome) == DYT_INVALID_ARGUMENT);
}

/* Pinned code answers lookups from the cache; a zero budget keeps nothing
 * else. */
static void CheckCache(const uint8_t* wasm, size_t len) {
  dyt_config config = {.cache_bytes = 1};
  dyt_runtime* runtime = NULL;
  CHECK(dyt_runtime_open(&config, &runtime) == DYT_OK);
  dyt_deploy_request deploy = {.code = wasm, .code_len = len};
  uint8_t counter[32];
  dyt_outcome outcome = {0};
  CHECK(dyt_deploy(runtime, &deploy, counter, &outcome) == DYT_OK);
  const uint8_t nobody[32] = {0};
  CHECK(dyt_pin(runtime, nobody) == DYT_NOT_FOUND);
  CHECK(dyt_pin(runtime, counter) == DYT_OK);
  dyt_call_request query = {.method = "get"};
  memcpy(query.contract, counter, 32);
  CHECK(dyt_query(runtime, &query, &outcome) == DYT_OK);
  dyt_cache_metrics metrics;
  dyt_cache_metrics_get(runtime, &metrics);
  CHECK(metrics.hits_pinned >= 1 && metrics.entries_pinned == 1);
  CHECK(metrics.entries_memory == 0 && metrics.byte_budget == 1);
  CHECK(dyt_unpin(runtime, counter) == DYT_OK);
  dyt_cache_metrics_get(runtime, &metrics);
  CHECK(metrics.entries_pinned == 0 && metrics.bytes_pinned == 0);
  dyt_runtime_free(runtime);
}

typedef struct {
  int count;
  char method[16];
  char code[32];
  uint8_t severity;
  uint64_t gas_used;
  uint8_t contract[32];
} Anomalies;

static void RecordAnomaly(void* context, const dyt_anomaly* anomaly) {
  Anomalies* seen = context;
  ++seen->count;
  snprintf(seen->method, sizeof(seen->method), "%s", anomaly->method);
  snprintf(seen->code, sizeof(seen->code), "%s", anomaly->code);
  seen->severity = anomaly->severity;
  seen->gas_used = anomaly->gas_used;
  memcpy(seen->contract, anomaly->contract, 32);
}

static dyt_error DeployCode(dyt_runtime* runtime, const uint8_t* wasm,
                            size_t len, uint8_t address[32]) {
  dyt_deploy_request deploy = {.code = wasm, .code_len = len};
  dyt_outcome init = {0};
  return dyt_deploy(runtime, &deploy, address, &init);
}

/* min_analyzer_score: hostcalls (calls contracts, so it has findings) is
 * rejected at 100, counter (no findings) is not. The anomaly sink sees a gas
 * spike: ten cheap echoes, then a burn that runs out of gas. */
static void CheckBuiltinAnalyzer(const uint8_t* counter, size_t counter_len,
                                 const uint8_t* hostcalls,
                                 size_t hostcalls_len) {
  Anomalies seen = {0};
  dyt_config config = {.min_analyzer_score = 100,
                       .anomaly_sink = RecordAnomaly,
                       .anomaly_context = &seen};
  dyt_runtime* runtime = NULL;
  CHECK(dyt_runtime_open(&config, &runtime) == DYT_OK);
  uint8_t address[32];
  CHECK(DeployCode(runtime, hostcalls, hostcalls_len, address) ==
        DYT_INVALID_ARGUMENT);
  char why[512];
  dyt_last_error(why, sizeof(why));
  CHECK(strstr(why, "below the threshold 100") != NULL);
  CHECK(DeployCode(runtime, counter, counter_len, address) == DYT_OK);
  dyt_runtime_free(runtime);

  config.min_analyzer_score = 0;
  CHECK(dyt_runtime_open(&config, &runtime) == DYT_OK);
  CHECK(DeployCode(runtime, hostcalls, hostcalls_len, address) == DYT_OK);
  dyt_call_request call = {.method = "echo"};
  memcpy(call.contract, address, 32);
  dyt_outcome outcome = {0};
  for (int i = 0; i < 10; ++i)
    CHECK(dyt_call(runtime, &call, &outcome) == DYT_OK);
  CHECK(seen.count == 0);
  call.method = "burn";
  call.gas_limit = 1000000;
  CHECK(dyt_call(runtime, &call, &outcome) == DYT_OK);
  CHECK(outcome.status == DYT_STATUS_OUT_OF_GAS);
  CHECK(seen.count == 1 && strcmp(seen.code, "gas-spike") == 0);
  CHECK(strcmp(seen.method, "burn") == 0 && seen.gas_used == 1000000);
  CHECK(seen.severity == 2 && memcmp(seen.contract, address, 32) == 0);
  dyt_runtime_free(runtime);
}

/* An external analyzer: PLUGIN_DIR/libanalyzer_plugin_NAME.so. */
static dyt_error OpenWithPlugin(const char* dir, const char* name,
                                dyt_config* config, dyt_runtime** out) {
  char path[1024];
  snprintf(path, sizeof(path), "%s/libanalyzer_plugin_%s.so", dir, name);
  config->analyzer_plugin = path;
  return dyt_runtime_open(config, out);
}

static void CheckPlugins(const char* dir, const uint8_t* wasm, size_t len) {
  dyt_runtime* runtime = NULL;
  dyt_config config = {0};
  CHECK(OpenWithPlugin(dir, "missing", &config, &runtime) ==
        DYT_INVALID_ARGUMENT);

  config.min_analyzer_score = 50; /* the "low" plugin scores 10 */
  CHECK(OpenWithPlugin(dir, "low", &config, &runtime) == DYT_OK);
  uint8_t address[32];
  CHECK(DeployCode(runtime, wasm, len, address) == DYT_INVALID_ARGUMENT);
  dyt_runtime_free(runtime);

  config.min_analyzer_score = 0;
  CHECK(OpenWithPlugin(dir, "fail", &config, &runtime) == DYT_OK);
  CHECK(DeployCode(runtime, wasm, len, address) == DYT_UNAVAILABLE);
  dyt_runtime_free(runtime);

  config.analyzer_fail_open = 1;
  CHECK(OpenWithPlugin(dir, "fail", &config, &runtime) == DYT_OK);
  CHECK(DeployCode(runtime, wasm, len, address) == DYT_OK);
  dyt_contract_info info;
  CHECK(dyt_get_contract(runtime, address, &info) == DYT_OK);
  CHECK(info.analyzer_score == 100);
  dyt_runtime_free(runtime);

  config.analyzer_fail_open = 0;
  config.analyzer_timeout_ms = 50; /* the "hang" plugin sleeps 2 s */
  CHECK(OpenWithPlugin(dir, "hang", &config, &runtime) == DYT_OK);
  CHECK(DeployCode(runtime, wasm, len, address) == DYT_UNAVAILABLE);
  dyt_runtime_free(runtime);
}

/* The token's block: alice deploys it (supply 1000), then transfers, an
 * overdraft that reverts and a call to no contract, which is rejected. */
enum { kBlockTxs = 6 };

typedef struct {
  uint8_t alice[32], bob[32], carol[32], nobody[32];
  uint8_t inputs[kBlockTxs][40]; /* to ‖ amount, or the supply */
  dyt_transaction txs[kBlockTxs];
} TokenBlock;

static void PutLe64(uint8_t* bytes, uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes[i] = (uint8_t)(value >> (8 * i));
}

static void Transfer(TokenBlock* b, int i, const uint8_t token[32],
                     const uint8_t from[32], const uint8_t to[32],
                     uint64_t amount) {
  memcpy(b->inputs[i], to, 32);
  PutLe64(b->inputs[i] + 32, amount);
  b->txs[i] = (dyt_transaction){.kind = DYT_TX_CALL,
                                .method = "transfer",
                                .input = b->inputs[i],
                                .input_len = 40};
  memcpy(b->txs[i].sender, from, 32);
  memcpy(b->txs[i].contract, token, 32);
}

static void MakeTokenBlock(TokenBlock* b, const uint8_t* wasm, size_t len,
                           const uint8_t token[32]) {
  memset(b->alice, 0xa1, 32);
  memset(b->bob, 0xb0, 32);
  memset(b->carol, 0xc4, 32);
  memset(b->nobody, 0, 32);
  PutLe64(b->inputs[0], 1000);
  b->txs[0] = (dyt_transaction){.kind = DYT_TX_DEPLOY,
                                .code = wasm,
                                .code_len = len,
                                .input = b->inputs[0],
                                .input_len = 8};
  memcpy(b->txs[0].sender, b->alice, 32);
  Transfer(b, 1, token, b->alice, b->bob, 250);
  Transfer(b, 2, token, b->bob, b->carol, 100);
  Transfer(b, 3, token, b->alice, b->carol, 5000); /* reverts */
  Transfer(b, 4, b->nobody, b->alice, b->bob, 1);  /* rejected */
  Transfer(b, 5, token, b->carol, b->bob, 10);
}

static uint64_t Balance(dyt_runtime* runtime, const uint8_t token[32],
                        const uint8_t holder[32]) {
  dyt_call_request query = {
      .method = "balance", .input = holder, .input_len = 32};
  memcpy(query.contract, token, 32);
  uint8_t output[8];
  dyt_outcome outcome = {.output = output, .output_cap = sizeof(output)};
  CHECK(dyt_query(runtime, &query, &outcome) == DYT_OK);
  CHECK(outcome.status == DYT_STATUS_OK && outcome.output_len == 8);
  return (uint64_t)Le64(output);
}

/* Transaction `index` of two blocks: the same result, outcome and events. */
static void CheckSameTransaction(const dyt_block* a, const dyt_block* b,
                                 size_t index) {
  dyt_transaction_result ra, rb;
  uint8_t out_a[64], out_b[64];
  dyt_outcome oa = {.output = out_a, .output_cap = sizeof(out_a)};
  dyt_outcome ob = {.output = out_b, .output_cap = sizeof(out_b)};
  CHECK(dyt_block_transaction(a, index, &ra, &oa) == DYT_OK);
  CHECK(dyt_block_transaction(b, index, &rb, &ob) == DYT_OK);
  CHECK(ra.error == rb.error &&
        strcmp(ra.error_message, rb.error_message) == 0);
  CHECK(memcmp(ra.address, rb.address, 32) == 0 &&
        memcmp(ra.code_hash, rb.code_hash, 32) == 0 &&
        ra.analyzer_score == rb.analyzer_score);
  CHECK(oa.status == ob.status && oa.output_len == ob.output_len &&
        memcmp(out_a, out_b, oa.output_len) == 0);
  CHECK(oa.gas_used == ob.gas_used && oa.tx_index == ob.tx_index);
  CHECK(memcmp(&oa.gas_report, &ob.gas_report, sizeof(oa.gas_report)) == 0);
  CHECK(oa.event_count == ob.event_count);
  for (uint32_t i = 0; i < oa.event_count; ++i) {
    const dyt_event* ea = dyt_block_event(a, index, i);
    const dyt_event* eb = dyt_block_event(b, index, i);
    CHECK(ea != NULL && eb != NULL && ea->tx_index == oa.tx_index);
    CHECK(ea->block == eb->block && ea->event_index == eb->event_index &&
          strcmp(ea->topic, eb->topic) == 0 && ea->data_len == eb->data_len &&
          memcmp(ea->data, eb->data, ea->data_len) == 0);
  }
  CHECK(dyt_block_event(a, index, oa.event_count) == NULL);
}

/* What the token block did, read from its handle. */
static void CheckTokenBlock(const dyt_block* block, const TokenBlock* b,
                            const uint8_t token[32]) {
  dyt_block_info info;
  dyt_block_info_get(block, &info);
  CHECK(info.header.number == 7 && info.header.timestamp == 1700000000);
  CHECK(info.transaction_count == kBlockTxs);
  CHECK(info.stats.executions >= kBlockTxs);
  uint64_t gas = 0;
  for (size_t i = 0; i < kBlockTxs; ++i) {
    dyt_transaction_result result;
    dyt_outcome outcome = {0};
    CHECK(dyt_block_transaction(block, i, &result, &outcome) == DYT_OK);
    CHECK(outcome.tx_index == i);
    gas += outcome.gas_used;
    if (i == 4) { /* no contract there: rejected, no gas */
      CHECK(result.error == DYT_NOT_FOUND && strlen(result.error_message) > 0);
      CHECK(outcome.gas_used == 0 && outcome.event_count == 0);
      continue;
    }
    CHECK(result.error == DYT_OK && strcmp(result.error_message, "") == 0);
    CHECK(outcome.gas_used > 0);
    if (i == 3) {
      CHECK(outcome.status == DYT_STATUS_REVERTED && outcome.event_count == 0);
    } else {
      CHECK(outcome.status == DYT_STATUS_OK && outcome.event_count == 1);
    }
  }
  CHECK(gas == info.gas_used);

  /* The deploy: the address and the mint event. */
  dyt_transaction_result deployed;
  dyt_outcome init = {0};
  CHECK(dyt_block_transaction(block, 0, &deployed, &init) == DYT_OK);
  CHECK(memcmp(deployed.address, token, 32) == 0);
  const dyt_event* mint = dyt_block_event(block, 0, 0);
  CHECK(strcmp(mint->topic, "mint") == 0 && mint->block == 7 &&
        memcmp(mint->contract, token, 32) == 0 &&
        mint->timestamp == 1700000000);

  /* The overdraft's revert message, first cut, then read again whole. */
  char revert[32];
  dyt_transaction_result result;
  dyt_outcome reverted = {.output = (uint8_t*)revert, .output_cap = 4};
  CHECK(dyt_block_transaction(block, 3, &result, &reverted) == DYT_OK);
  CHECK(reverted.output_len == strlen("insufficient balance"));
  reverted.output_cap = sizeof(revert);
  CHECK(dyt_block_transaction(block, 3, &result, &reverted) == DYT_OK);
  CHECK(memcmp(revert, "insufficient balance", reverted.output_len) == 0);

  const dyt_event* moved = dyt_block_event(block, 1, 0);
  CHECK(strcmp(moved->topic, "transfer") == 0 && moved->data_len == 72 &&
        memcmp(moved->data, b->alice, 32) == 0 &&
        memcmp(moved->data + 32, b->bob, 32) == 0 &&
        Le64(moved->data + 64) == 250);

  dyt_outcome ignored = {0};
  CHECK(dyt_block_transaction(block, kBlockTxs, &result, &ignored) ==
        DYT_INVALID_ARGUMENT);
}

/* The token block on two runtimes, on one thread and on two: the same
 * results and digest; then committed, with the state the digest names. */
static void CheckBlocks(const uint8_t* wasm, size_t len) {
  dyt_config config = {0};
  dyt_runtime* one = NULL;
  dyt_runtime* two = NULL;
  CHECK(dyt_runtime_open(&config, &one) == DYT_OK);
  CHECK(dyt_runtime_open(&config, &two) == DYT_OK);
  const dyt_block_header header = {.number = 7, .timestamp = 1700000000};
  uint8_t empty[32];
  dyt_state_digest(one, empty);

  /* The deploy alone, executed and dropped: where the token will be. */
  TokenBlock b;
  MakeTokenBlock(&b, wasm, len, b.nobody);
  dyt_block* probe = NULL;
  CHECK(dyt_execute_block(one, &header, b.txs, 1, 1, &probe) == DYT_OK);
  dyt_transaction_result deployed;
  dyt_outcome init = {0};
  CHECK(dyt_block_transaction(probe, 0, &deployed, &init) == DYT_OK);
  CHECK(deployed.error == DYT_OK && init.status == DYT_STATUS_OK);
  uint8_t token[32];
  memcpy(token, deployed.address, 32);
  dyt_block_free(probe);
  uint8_t digest[32];
  dyt_state_digest(one, digest);
  CHECK(memcmp(digest, empty, 32) == 0); /* nothing was committed */

  MakeTokenBlock(&b, wasm, len, token);
  dyt_block* serial = NULL;
  dyt_block* parallel = NULL;
  CHECK(dyt_execute_block(one, &header, b.txs, kBlockTxs, 1, &serial) ==
        DYT_OK);
  CHECK(dyt_execute_block(two, &header, b.txs, kBlockTxs, 2, &parallel) ==
        DYT_OK);
  CheckTokenBlock(serial, &b, token);
  CheckTokenBlock(parallel, &b, token);
  dyt_block_info serial_info, parallel_info;
  dyt_block_info_get(serial, &serial_info);
  dyt_block_info_get(parallel, &parallel_info);
  CHECK(serial_info.stats.executions == kBlockTxs &&
        serial_info.stats.in_order == kBlockTxs);
  CHECK(memcmp(serial_info.state_digest, parallel_info.state_digest, 32) == 0);
  CHECK(memcmp(serial_info.state_digest, empty, 32) != 0);
  CHECK(serial_info.gas_used == parallel_info.gas_used);
  for (size_t i = 0; i < kBlockTxs; ++i) {
    CheckSameTransaction(serial, parallel, i);
  }

  /* Each runtime commits only its own block, once. */
  CHECK(dyt_commit_block(two, serial) == DYT_INVALID_ARGUMENT);
  CHECK(dyt_commit_block(one, serial) == DYT_OK);
  CHECK(dyt_commit_block(two, parallel) == DYT_OK);
  CHECK(dyt_commit_block(one, serial) == DYT_ABORTED);
  uint8_t digest_two[32];
  dyt_state_digest(one, digest);
  dyt_state_digest(two, digest_two);
  CHECK(memcmp(digest, serial_info.state_digest, 32) == 0);
  CHECK(memcmp(digest_two, serial_info.state_digest, 32) == 0);
  CHECK(Balance(one, token, b.alice) == 750);
  CHECK(Balance(two, token, b.bob) == 160);
  CHECK(Balance(two, token, b.carol) == 90);

  /* The committed events are the block's. */
  dyt_event_filter filter = {.contract = token, .from_block = 7};
  dyt_event_list* list = NULL;
  CHECK(dyt_events(one, &filter, &list) == DYT_OK);
  CHECK(dyt_event_list_size(list) == 4);
  const dyt_event* last = dyt_event_list_get(list, 3);
  CHECK(last->tx_index == 5 && last->data_len == 72 &&
        memcmp(last->data, dyt_block_event(serial, 5, 0)->data, 72) == 0);
  dyt_event_list_free(list);

  /* Malformed transactions are refused before anything runs. */
  dyt_block* refused = NULL;
  dyt_transaction bad = {.kind = DYT_TX_CALL, .method = NULL};
  CHECK(dyt_execute_block(one, &header, &bad, 1, 1, &refused) ==
        DYT_INVALID_ARGUMENT);
  char why[128];
  dyt_last_error(why, sizeof(why));
  CHECK(strstr(why, "transaction 0") != NULL && refused == NULL);
  CHECK(dyt_execute_block(one, &header, NULL, 1, 1, &refused) ==
        DYT_INVALID_ARGUMENT);

  /* A block may outlive its runtime. */
  dyt_runtime_free(one);
  dyt_runtime_free(two);
  dyt_block_free(serial);
  dyt_block_free(parallel);
  dyt_block_free(NULL);
}

int main(int argc, char** argv) {
  /* counter.wasm, a fresh database directory, hostcalls.wasm, the directory
   * of the sample analyzer plugins, token.wasm */
  CHECK(argc == 6);
  size_t len;
  uint8_t* wasm = ReadFile(argv[1], &len);
  size_t hostcalls_len;
  uint8_t* hostcalls = ReadFile(argv[3], &hostcalls_len);
  CheckBuiltinAnalyzer(wasm, len, hostcalls, hostcalls_len);
  CheckPlugins(argv[4], wasm, len);
  size_t token_len;
  uint8_t* token = ReadFile(argv[5], &token_len);
  CheckBlocks(token, token_len);
  free(token);

  dyt_config memory = {0};
  dyt_runtime* in_memory = NULL;
  CHECK(dyt_runtime_open(&memory, &in_memory) == DYT_OK);
  uint8_t counter[32];
  Exercise(in_memory, wasm, len, counter);
  CheckEvents(in_memory, counter);
  CheckErrors(in_memory, counter);
  CheckCache(wasm, len);

  /* The same requests on disk give the same state digest, also after a
   * reopen. */
  dyt_config disk = {.db_path = argv[2], .open_mode = DYT_OPEN_READ_WRITE};
  dyt_runtime* on_disk = NULL;
  CHECK(dyt_runtime_open(&disk, &on_disk) == DYT_NOT_FOUND); /* no store */
  disk.open_mode = DYT_OPEN_CREATE;
  CHECK(dyt_runtime_open(&disk, &on_disk) == DYT_OK);
  disk.open_mode = DYT_OPEN_READ_WRITE;
  uint8_t counter_on_disk[32];
  Exercise(on_disk, wasm, len, counter_on_disk);
  CHECK(memcmp(counter, counter_on_disk, 32) == 0);
  uint8_t digest_memory[32], digest_disk[32];
  dyt_state_digest(in_memory, digest_memory);
  dyt_state_digest(on_disk, digest_disk);
  CHECK(memcmp(digest_memory, digest_disk, 32) == 0);

  dyt_runtime* second = NULL;
  CHECK(dyt_runtime_open(&disk, &second) == DYT_UNAVAILABLE); /* locked */
  /* A read-only runtime opens beside the writer and cannot commit. */
  dyt_config reader = {.db_path = argv[2], .open_mode = DYT_OPEN_READ_ONLY};
  CHECK(dyt_runtime_open(&reader, &second) == DYT_OK);
  uint8_t digest_reader[32];
  dyt_state_digest(second, digest_reader);
  CHECK(memcmp(digest_reader, digest_disk, 32) == 0);
  dyt_call_request increment = {.method = "increment"};
  memcpy(increment.contract, counter, 32);
  dyt_outcome ignored = {0};
  CHECK(dyt_call(second, &increment, &ignored) == DYT_FAILED_PRECONDITION);
  dyt_runtime_free(second);
  dyt_runtime_free(on_disk);
  CHECK(dyt_runtime_open(&disk, &on_disk) == DYT_OK);
  uint8_t reopened[32];
  dyt_state_digest(on_disk, reopened);
  CHECK(memcmp(reopened, digest_disk, 32) == 0);
  CheckEvents(on_disk, counter);

  dyt_runtime_free(on_disk);
  dyt_runtime_free(in_memory);
  free(hostcalls);
  free(wasm);
  puts("c_api_test: ok");
  return 0;
}
