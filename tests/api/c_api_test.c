/* The C API from C: deploy the counter contract in memory and on disk, call,
 * query, estimate gas, list events, read the contract record and the state
 * digest, check the error paths and the analyzer settings (threshold,
 * plugins, anomaly sink). Exits non-zero on the first failure. */
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
  CHECK(strncmp(trace, "func ", 5) == 0 &&
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

int main(int argc, char** argv) {
  /* counter.wasm, a fresh database directory, hostcalls.wasm, the directory
   * of the sample analyzer plugins */
  CHECK(argc == 5);
  size_t len;
  uint8_t* wasm = ReadFile(argv[1], &len);
  size_t hostcalls_len;
  uint8_t* hostcalls = ReadFile(argv[3], &hostcalls_len);
  CheckBuiltinAnalyzer(wasm, len, hostcalls, hostcalls_len);
  CheckPlugins(argv[4], wasm, len);

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
