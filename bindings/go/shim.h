/* C helpers for the Go binding. Each runs one C API request and, when it
 * fails, copies dyt_last_error's message in the same C call: the message is
 * thread-local, and a goroutine may move to another thread between two cgo
 * calls. Requests are built here from plain arguments, so no Go memory that
 * holds pointers ever crosses into C (cgo's pointer rules). */
#ifndef DYTALLIX_BINDINGS_GO_SHIM_H_
#define DYTALLIX_BINDINGS_GO_SHIM_H_

#include <stddef.h>
#include <stdint.h>

#include "dytallix/dytallix.h"

/* How a request ended, without the buffers: holds no pointers, so it may
 * live in Go memory. */
typedef struct {
  dyt_call_status status;
  size_t output_len;
  uint64_t gas_used;
  uint32_t tx_index;
  uint32_t event_count;
  dyt_gas_report gas_report;
  size_t trace_len;
} dytgo_result;

/* The caller's buffers for one request. `error` receives the NUL-terminated
 * dyt_last_error message when the request fails. */
typedef struct {
  uint8_t* output;
  size_t output_cap;
  char* message;
  size_t message_cap;
  char* error;
  size_t error_cap;
  char* trace;
  size_t trace_cap;
} dytgo_buffers;

typedef enum { DYTGO_CALL = 0, DYTGO_QUERY = 1, DYTGO_ESTIMATE = 2 } dytgo_kind;

/* `anomaly_handle` is a runtime/cgo.Handle for the Go anomaly callback, or
 * 0 for none. */
dyt_error dytgo_open(const dyt_config* config, uintptr_t anomaly_handle,
                     dyt_runtime** out, char* error, size_t error_cap);

dyt_error dytgo_deploy(dyt_runtime* runtime, const uint8_t* sender,
                       const uint8_t* code, size_t code_len,
                       const uint8_t* input, size_t input_len,
                       uint64_t gas_limit, uint64_t block, uint64_t timestamp,
                       uint8_t* address, dytgo_buffers buffers,
                       dytgo_result* result);

/* `method` is NUL-terminated. */
dyt_error dytgo_execute(dyt_runtime* runtime, dytgo_kind kind,
                        const uint8_t* sender, const uint8_t* contract,
                        const char* method, const uint8_t* input,
                        size_t input_len, uint64_t gas_limit, uint64_t block,
                        uint64_t timestamp, dytgo_buffers buffers,
                        dytgo_result* result);

/* `contract` (32 bytes) and `topic` (NUL-terminated) may be NULL for any;
 * `after` is used only when has_after is nonzero. */
dyt_error dytgo_events(const dyt_runtime* runtime, const uint8_t* contract,
                       const char* topic, uint64_t from_block,
                       uint64_t to_block, uint32_t limit, int has_after,
                       dyt_event_cursor after, dyt_event_list** out,
                       char* error, size_t error_cap);

dyt_error dytgo_get_contract(const dyt_runtime* runtime, const uint8_t* address,
                             dyt_contract_info* out, char* error,
                             size_t error_cap);

/* dyt_pin when `pin` is nonzero, else dyt_unpin. */
dyt_error dytgo_pin(dyt_runtime* runtime, const uint8_t* address, int pin,
                    char* error, size_t error_cap);

/* dyt_execute_block over `count` transactions (in C memory). */
dyt_error dytgo_execute_block(dyt_runtime* runtime, uint64_t number,
                              uint64_t timestamp,
                              const dyt_transaction* transactions, size_t count,
                              uint32_t parallelism, dyt_block** out,
                              char* error, size_t error_cap);

dyt_error dytgo_commit_block(dyt_runtime* runtime, const dyt_block* block,
                             char* error, size_t error_cap);

/* Transaction `index` of the block: its result (error_message points into
 * the block) and its outcome, into the buffers as dytgo_execute's. */
dyt_error dytgo_block_transaction(const dyt_block* block, size_t index,
                                  dytgo_buffers buffers,
                                  dyt_transaction_result* transaction,
                                  dytgo_result* result);

#endif /* DYTALLIX_BINDINGS_GO_SHIM_H_ */
