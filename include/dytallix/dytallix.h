/* The C API of the Dytallix contract runtime: a thin layer over the C++ API
 * (dytallix/runtime.h), for embedding from C and other languages.
 *
 * Errors: every function that can fail returns a dyt_error; DYT_OK is 0.
 * The message of the calling thread's last failure is copied out by
 * dyt_last_error. A call that ran but reverted, trapped or ran out of gas is
 * not an error: it returns DYT_OK with the outcome's status saying how it
 * ended.
 *
 * Ownership: the caller owns every buffer it passes in; the API reads request
 * buffers only during the call and writes outputs only into the capacity
 * given. Handles (dyt_runtime, dyt_event_list, dyt_block) are created by the
 * API and released by the caller with the matching free function.
 *
 * Threading: a dyt_runtime may be used from many threads at once (see
 * runtime.h: concurrent calls on one contract may fail with DYT_ABORTED).
 * dyt_event_list and dyt_block are immutable and may be read from many
 * threads. */
#ifndef DYTALLIX_DYTALLIX_H_
#define DYTALLIX_DYTALLIX_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* C names follow C conventions (dyt_ prefix, like the contract SDK), not the
 * project's C++ naming. */
/* NOLINTBEGIN(readability-identifier-naming) */

typedef enum {
  DYT_OK = 0,
  DYT_INVALID_ARGUMENT = 1,    /* a bad request or module */
  DYT_NOT_FOUND = 2,           /* no such contract or method; no store at
                                  db_path (and open_mode is not
                                  DYT_OPEN_CREATE) */
  DYT_ABORTED = 3,             /* a commit conflict; nothing written; retry */
  DYT_UNAVAILABLE = 4,         /* the database is locked by another
                                  process, or a fail-closed analyzer plugin
                                  failed or timed out */
  DYT_FAILED_PRECONDITION = 5, /* e.g. another state format version, a
                                  db_path that holds something other than a
                                  store, a write to a read-only runtime */
  DYT_DATA_LOSS = 6,           /* corrupt or incomplete state files: the
                                  store is refused, and left untouched */
  DYT_INTERNAL = 7             /* any other failure */
} dyt_error;

typedef enum {
  DYT_STATUS_OK = 0,
  DYT_STATUS_REVERTED = 1,
  DYT_STATUS_TRAPPED = 2,
  DYT_STATUS_OUT_OF_GAS = 3
} dyt_call_status;

/* What dyt_runtime_open may do with db_path (runtime.h's OpenMode). Only
 * DYT_OPEN_CREATE creates a store, and only where nothing is: a directory
 * holding files but no sound store is refused and left as it was. */
typedef enum {
  /* The store must exist (else DYT_NOT_FOUND, nothing created). */
  DYT_OPEN_READ_WRITE = 0,
  /* As DYT_OPEN_READ_WRITE, but a db_path that does not exist or is an
   * empty directory gets a new, empty store. */
  DYT_OPEN_CREATE = 1,
  /* The store must exist; nothing in the directory is ever written;
   * dyt_deploy and dyt_call fail with DYT_FAILED_PRECONDITION. Works while
   * another process has the store open read-write. */
  DYT_OPEN_READ_ONLY = 2
} dyt_open_mode;

typedef struct dyt_runtime dyt_runtime;
typedef struct dyt_event_list dyt_event_list;
typedef struct dyt_block dyt_block;

/* An execution the built-in analyzer flagged (e.g. "gas-spike"); advisory.
 * The pointers are valid only during the callback. */
typedef struct {
  uint8_t contract[32];
  const char* method; /* NUL-terminated, as are code, message and place */
  uint64_t gas_used;
  uint8_t severity; /* 0 info, 1 low, 2 medium, 3 high */
  const char* code;
  const char* message;
  const char* place; /* "function N at offset 0xOFFSET" or "" */
} dyt_anomaly;

/* Called on the thread that ran the execution, possibly from several
 * threads at once; must not call into the runtime. `context` is the
 * config's anomaly_context, which must outlive the runtime. */
typedef void (*dyt_anomaly_fn)(void* context, const dyt_anomaly* anomaly);

/* Zero-initialize, then set what you need. The strings are read only during
 * dyt_runtime_open. The analyzer fields are AnalyzerConfig's (runtime.h). */
typedef struct {
  const char* db_path;        /* RocksDB directory; NULL or "": in memory */
  int spec_profile;           /* 0: the contract profile; 1: spec limits */
  uint64_t default_gas_limit; /* for requests with gas_limit 0; 0: 10^7 */
  /* Deploys of modules scoring below this fail with DYT_INVALID_ARGUMENT;
   * 0..100, 0 rejects nothing. */
  uint8_t min_analyzer_score;
  /* An external analyzer: the path of a shared library implementing
   * dytallix/plugin_abi.h; NULL or "": the built-in analyzer. A library that
   * cannot be loaded makes dyt_runtime_open fail (DYT_INVALID_ARGUMENT). */
  const char* analyzer_plugin;
  uint32_t analyzer_timeout_ms; /* one plugin call's time limit; 0: 1000 */
  /* When the plugin fails: nonzero accepts the module (score 100 and an
   * "analyzer-unavailable" finding); 0 fails the deploy (DYT_UNAVAILABLE).
   */
  int analyzer_fail_open;
  dyt_anomaly_fn anomaly_sink; /* NULL: anomalies are discarded */
  void* anomaly_context;
  dyt_open_mode open_mode; /* 0: DYT_OPEN_READ_WRITE */
  /* Nonzero: each commit returns only once durable (fsync), surviving power
   * loss. 0: a commit survives a crash of the process, but a power loss may
   * lose the last commits (runtime.h, Config::sync). */
  int sync;
  /* Bytes of unpinned compiled code to keep cached (Config::cache_bytes);
   * 0: the default, 256 MiB. */
  uint64_t cache_bytes;
} dyt_config;

typedef struct {
  uint8_t sender[32];
  const uint8_t* code; /* the module's binary */
  size_t code_len;
  const uint8_t* input; /* init's input; may be NULL if input_len is 0 */
  size_t input_len;
  uint64_t gas_limit; /* 0: the default */
  uint64_t block;
  uint64_t timestamp;
} dyt_deploy_request;

typedef struct {
  uint8_t sender[32];
  uint8_t contract[32];
  const char* method; /* NUL-terminated */
  const uint8_t* input;
  size_t input_len;
  uint64_t gas_limit; /* 0: the default */
  uint64_t block;
  uint64_t timestamp;
  /* Nonzero: also report where the gas went per call stack
   * (dyt_outcome.gas_profile; runtime.h, CallRequest::gas_profile). */
  int gas_profile;
} dyt_call_request;

/* Where a request's gas went (runtime.h, GasReport): used = loading +
 * instantiate + wasm + host_storage + host_events + host_calls + host_other. */
typedef struct {
  uint64_t limit;
  uint64_t used;
  uint64_t remaining;
  uint64_t loading;
  uint64_t instantiate;
  uint64_t wasm;
  uint64_t host_storage;
  uint64_t host_events;
  uint64_t host_calls;
  uint64_t host_other;
} dyt_gas_report;

/* How a request ended. The caller sets output/output_cap (a buffer for the
 * return data or revert message, may be NULL/0); the API sets the rest.
 * output_len is the full length; min(output_len, output_cap) bytes are
 * copied. The message (trap reason) goes the same way. */
typedef struct {
  uint8_t* output;
  size_t output_cap;
  char* message; /* NUL-terminated when message_cap > 0 */
  size_t message_cap;
  dyt_call_status status;
  size_t output_len;
  uint64_t gas_used;
  uint32_t tx_index;
  uint32_t event_count;
  dyt_gas_report gas_report;
  /* The stack trace (Outcome::trace), NUL-terminated when trace_cap > 0:
   * one "function N at offset 0xOFFSET NAME in CONTRACT_HEX\n" line per
   * frame, innermost first; NAME is module-supplied. trace_len is the full
   * length. */
  char* trace;
  size_t trace_cap;
  size_t trace_len;
  /* With dyt_call_request.gas_profile: the folded-stack gas profile
   * (Outcome::gas_profile), NUL-terminated when gas_profile_cap > 0;
   * gas_profile_len is its full length. */
  char* gas_profile;
  size_t gas_profile_cap;
  size_t gas_profile_len;
} dyt_outcome;

/* An event's place in chain order: where the next page of events starts. */
typedef struct {
  uint64_t block;
  uint32_t tx_index;
  uint32_t event_index;
} dyt_event_cursor;

typedef struct {
  const uint8_t* contract; /* 32 bytes, or NULL for any */
  const char* topic;       /* NUL-terminated, or NULL for any */
  uint64_t from_block;     /* inclusive */
  uint64_t to_block;       /* inclusive; 0 means no upper bound */
  uint32_t limit;          /* 0: 100 */
  /* Paging: only events after this place (the previous page's last event),
   * or NULL for no lower place. */
  const dyt_event_cursor* after;
} dyt_event_filter;

/* Points into its dyt_event_list; valid until the list is freed. */
typedef struct {
  uint64_t block;
  uint32_t tx_index;
  uint32_t event_index;
  uint8_t contract[32];
  uint64_t timestamp;
  const char* topic; /* NUL-terminated */
  size_t topic_len;
  const uint8_t* data;
  size_t data_len;
} dyt_event;

typedef struct {
  uint8_t code_hash[32];
  uint8_t deployer[32];
  uint64_t deploy_block;
  uint8_t analyzer_score;
} dyt_contract_info;

/* Copies the calling thread's last error message (NUL-terminated, truncated
 * to cap) and returns its full length. */
size_t dyt_last_error(char* buffer, size_t cap);

dyt_error dyt_runtime_open(const dyt_config* config, dyt_runtime** out);
void dyt_runtime_free(dyt_runtime* runtime); /* NULL is fine */

/* On DYT_OK, `address` holds the new contract's address if init->status is
 * DYT_STATUS_OK. */
dyt_error dyt_deploy(dyt_runtime* runtime, const dyt_deploy_request* request,
                     uint8_t address[32], dyt_outcome* init);
dyt_error dyt_call(dyt_runtime* runtime, const dyt_call_request* request,
                   dyt_outcome* outcome);
dyt_error dyt_query(dyt_runtime* runtime, const dyt_call_request* request,
                    dyt_outcome* outcome);
/* Runs the call with its writes, reports the outcome, commits nothing. */
dyt_error dyt_estimate_gas(dyt_runtime* runtime,
                           const dyt_call_request* request,
                           dyt_outcome* outcome);

dyt_error dyt_events(const dyt_runtime* runtime, const dyt_event_filter* filter,
                     dyt_event_list** out);
size_t dyt_event_list_size(const dyt_event_list* list);
/* REQUIRES: index < dyt_event_list_size(list). */
const dyt_event* dyt_event_list_get(const dyt_event_list* list, size_t index);
void dyt_event_list_free(dyt_event_list* list); /* NULL is fine */

/* DYT_NOT_FOUND if there is no contract at `address`. */
dyt_error dyt_get_contract(const dyt_runtime* runtime,
                           const uint8_t address[32], dyt_contract_info* out);
void dyt_state_digest(const dyt_runtime* runtime, uint8_t digest[32]);

/* The compiled-code cache (Runtime::Pin, Unpin, GetCacheMetrics): pinned
 * code stays compiled whatever the budget. DYT_NOT_FOUND if there is no
 * contract at `address`. Never changes gas or results. */
dyt_error dyt_pin(dyt_runtime* runtime, const uint8_t address[32]);
dyt_error dyt_unpin(dyt_runtime* runtime, const uint8_t address[32]);

typedef struct {
  uint64_t hits_pinned;
  uint64_t hits_memory;
  uint64_t misses;
  uint64_t evictions;
  uint64_t entries_pinned;
  uint64_t entries_memory;
  uint64_t bytes_pinned;
  uint64_t bytes_memory;
  uint64_t byte_budget;
} dyt_cache_metrics;

void dyt_cache_metrics_get(const dyt_runtime* runtime, dyt_cache_metrics* out);

/* What opening the store recovered from (runtime.h, Runtime::OpenNote):
 * copied like dyt_last_error; returns its full length, 0 if nothing. */
size_t dyt_open_note(const dyt_runtime* runtime, char* buffer, size_t cap);

/* Blocks (runtime.h, Runtime::ExecuteBlock and CommitBlock): transactions
 * executed in order as if each ran alone by dyt_deploy or dyt_call (a
 * failed one rolls back only itself), on one thread or several with the
 * same results, then committed as one atomic write. */

typedef enum { DYT_TX_CALL = 0, DYT_TX_DEPLOY = 1 } dyt_tx_kind;

/* One transaction of a block. */
typedef struct {
  dyt_tx_kind kind;
  uint8_t sender[32];
  uint8_t contract[32]; /* DYT_TX_CALL */
  const char* method;   /* DYT_TX_CALL: NUL-terminated */
  const uint8_t* code;  /* DYT_TX_DEPLOY: the module's binary */
  size_t code_len;
  const uint8_t* input; /* the method's, or init's; may be NULL if
                           input_len is 0 */
  size_t input_len;
  uint64_t gas_limit; /* 0: the default */
} dyt_transaction;

typedef struct {
  uint64_t number;
  uint64_t timestamp; /* Unix seconds */
} dyt_block_header;

/* How the execution went: the only part of an executed block that depends
 * on parallelism and scheduling (runtime.h, BlockStats); never consensus
 * data. */
typedef struct {
  uint32_t executions;   /* every attempt */
  uint32_t reexecutions; /* executions whose reads went stale, run again */
  uint32_t in_order;     /* transactions run in order, none ahead */
} dyt_block_stats;

typedef struct {
  dyt_block_header header;
  size_t transaction_count;
  uint8_t state_digest[32]; /* of all state once the block is committed */
  uint64_t gas_used;        /* the transactions' sum */
  dyt_block_stats stats;
} dyt_block_info;

/* One transaction's result. A rejected transaction (error != DYT_OK: no
 * such contract or method, a module that may not be deployed, ...) changed
 * nothing; its outcome has only gas_used and tx_index. */
typedef struct {
  dyt_error error;
  /* NUL-terminated, "" when error is DYT_OK; points into the block, valid
   * until dyt_block_free. */
  const char* error_message;
  /* A deploy that was not rejected: the contract's address (created if the
   * outcome's status is DYT_STATUS_OK), its code hash and the analyzer's
   * score (0..100). */
  uint8_t address[32];
  uint8_t code_hash[32];
  uint8_t analyzer_score;
} dyt_transaction_result;

/* Executes `count` transactions (NULL if count is 0), read only during the
 * call, at `header`, on `parallelism` threads (0 as 1; the results never
 * depend on it). Commits nothing: on DYT_OK, *out is a new executed block
 * to read, commit with dyt_commit_block, and release with dyt_block_free
 * (also after a commit). Errors (nothing written): DYT_INVALID_ARGUMENT
 * for a malformed transaction (naming its index), DYT_ABORTED if something
 * committed meanwhile (execute again), DYT_UNAVAILABLE for a failing
 * fail-closed analyzer plugin, backend errors. A transaction that cannot
 * run is not an error: its result says why it was rejected. */
dyt_error dyt_execute_block(dyt_runtime* runtime,
                            const dyt_block_header* header,
                            const dyt_transaction* transactions, size_t count,
                            uint32_t parallelism, dyt_block** out);

/* Commits the block's changes, its state digest and its block digest
 * record as one atomic write. DYT_ABORTED (nothing written) if anything
 * committed on `runtime` since the block was executed, including the block
 * itself; DYT_INVALID_ARGUMENT if another runtime executed it;
 * DYT_FAILED_PRECONDITION on a read-only runtime. */
dyt_error dyt_commit_block(dyt_runtime* runtime, const dyt_block* block);

/* A block does not refer to its runtime: it may be read and freed after
 * dyt_runtime_free. NULL is fine. */
void dyt_block_free(dyt_block* block);

void dyt_block_info_get(const dyt_block* block, dyt_block_info* out);

/* Transaction `index`'s result, and its outcome (a call's, or a deploy's
 * init) copied into the caller's buffers as dyt_call does. The block keeps
 * its results: read them again with larger buffers when output_len (or
 * message, trace lengths) say they did not fit. DYT_INVALID_ARGUMENT if
 * index >= transaction_count. */
dyt_error dyt_block_transaction(const dyt_block* block, size_t index,
                                dyt_transaction_result* result,
                                dyt_outcome* outcome);

/* Event `event` of transaction `index` (event < its outcome's event_count),
 * or NULL if there is none. Points into the block; valid until
 * dyt_block_free. The events are those the block will commit. */
const dyt_event* dyt_block_event(const dyt_block* block, size_t index,
                                 size_t event);

/* NOLINTEND(readability-identifier-naming) */

#ifdef __cplusplus
}
#endif

#endif /* DYTALLIX_DYTALLIX_H_ */
