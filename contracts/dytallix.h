/* Dytallix contract SDK: the host ABI v1 (import module "env") for contracts
 * written in freestanding C and compiled with clang --target=wasm32.
 *
 * A contract exports `memory` (wasm-ld does by default) and one function of
 * type () -> () per method, declared with DYT_METHOD(name). Pointers are
 * offsets into the contract's memory; the host traps on out-of-bounds ones. */
#ifndef DYTALLIX_CONTRACTS_DYTALLIX_H_
#define DYTALLIX_CONTRACTS_DYTALLIX_H_

#include <stdint.h>

#define DYT_IMPORT(name) \
  __attribute__((import_module("env"), import_name(#name)))
#define DYT_METHOD(name) __attribute__((export_name(#name))) void name(void)

enum { DYT_ADDRESS_BYTES = 32 };

/* Gas. */
DYT_IMPORT(consume_gas) void dyt_consume_gas(int64_t amount);
DYT_IMPORT(gas_left) int64_t dyt_gas_left(void);

/* Storage: value length, or -1 if absent; copies min(length, cap) bytes. */
DYT_IMPORT(storage_get)
int32_t dyt_storage_get(const void* key, int32_t key_len, void* value,
                        int32_t cap);
DYT_IMPORT(storage_set)
void dyt_storage_set(const void* key, int32_t key_len, const void* value,
                     int32_t value_len);
DYT_IMPORT(storage_remove)
int32_t dyt_storage_remove(const void* key, int32_t key_len);

/* Events. */
DYT_IMPORT(emit_event)
void dyt_emit_event(const void* topic, int32_t topic_len, const void* data,
                    int32_t data_len);

/* Block and call context. */
DYT_IMPORT(block_number) int64_t dyt_block_number(void);
DYT_IMPORT(block_timestamp) int64_t dyt_block_timestamp(void);
DYT_IMPORT(caller) void dyt_caller(void* out32);
DYT_IMPORT(self_address) void dyt_self_address(void* out32);
DYT_IMPORT(input_len) int32_t dyt_input_len(void);
DYT_IMPORT(input_read) void dyt_input_read(void* out);
DYT_IMPORT(return_data) void dyt_return_data(const void* data, int32_t len);
DYT_IMPORT(revert) void dyt_revert(const void* message, int32_t len);

/* Contract calls: input is "method\0" followed by the method's input.
 * Returns 0 ok, 1 reverted or trapped, 2 out of gas, 3 nothing ran (no
 * contract at the address, or no such method; the result says which). */
DYT_IMPORT(call_contract)
int32_t dyt_call_contract(const void* address32, const void* input,
                          int32_t input_len, int64_t gas);
DYT_IMPORT(result_len) int32_t dyt_result_len(void);
DYT_IMPORT(result_read) void dyt_result_read(void* out);

/* Utilities. */
DYT_IMPORT(sha256) void dyt_sha256(const void* data, int32_t len, void* out32);
DYT_IMPORT(debug_log) void dyt_debug_log(const void* message, int32_t len);

/* The length of a string literal, without its terminating zero. */
#define DYT_LITERAL_LEN(s) ((int32_t)(sizeof(s) - 1))

/* ---- Helpers (header-only; contracts are built with -mbulk-memory, so
 * __builtin_memcpy becomes memory.copy and needs no libc). ---- */

typedef struct {
  uint8_t bytes[DYT_ADDRESS_BYTES];
} dyt_address;

/* revert, which the compiler may know never returns. */
__attribute__((noreturn)) static inline void dyt_abort(const void* message,
                                                       int32_t len) {
  dyt_revert(message, len);
  __builtin_unreachable();
}

/* Stops the call with a literal message; rolls back its changes. */
#define DYT_REVERT(message) dyt_abort(message, DYT_LITERAL_LEN(message))

/* Integers in inputs, outputs and storage are 8 bytes little-endian (wasm's
 * own byte order, so these are plain loads and stores). */
static inline uint64_t dyt_load_u64(const void* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, sizeof(v));
  return v;
}
static inline void dyt_store_u64(void* p, uint64_t v) {
  __builtin_memcpy(p, &v, sizeof(v));
}

static inline int dyt_address_equal(const dyt_address* a,
                                    const dyt_address* b) {
  uint8_t diff = 0;
  for (int i = 0; i < DYT_ADDRESS_BYTES; ++i) diff |= a->bytes[i] ^ b->bytes[i];
  return diff == 0;
}

/* Reads the call input into `out` if it is exactly `len` bytes long;
 * otherwise reverts with "bad input". */
static inline void dyt_input_exact(void* out, int32_t len) {
  if (dyt_input_len() != len) DYT_REVERT("bad input");
  dyt_input_read(out);
}

/* A storage key: one tag byte followed by up to two addresses. */
typedef struct {
  uint8_t bytes[1 + 2 * DYT_ADDRESS_BYTES];
  int32_t len;
} dyt_key;

static inline dyt_key dyt_key_of(uint8_t tag, const dyt_address* a,
                                 const dyt_address* b) {
  dyt_key key;
  key.bytes[0] = tag;
  key.len = 1;
  if (a) {
    __builtin_memcpy(key.bytes + key.len, a->bytes, DYT_ADDRESS_BYTES);
    key.len += DYT_ADDRESS_BYTES;
  }
  if (b) {
    __builtin_memcpy(key.bytes + key.len, b->bytes, DYT_ADDRESS_BYTES);
    key.len += DYT_ADDRESS_BYTES;
  }
  return key;
}

/* An 8-byte counter in storage; 0 if absent. */
static inline uint64_t dyt_get_u64(const dyt_key* key) {
  uint8_t value[8];
  if (dyt_storage_get(key->bytes, key->len, value, sizeof(value)) !=
      (int32_t)sizeof(value)) {
    return 0;
  }
  return dyt_load_u64(value);
}
static inline void dyt_set_u64(const dyt_key* key, uint64_t v) {
  uint8_t value[8];
  dyt_store_u64(value, v);
  dyt_storage_set(key->bytes, key->len, value, sizeof(value));
}

static inline void dyt_return_u64(uint64_t v) {
  uint8_t out[8];
  dyt_store_u64(out, v);
  dyt_return_data(out, sizeof(out));
}

/* Calls `method` of the contract at `address` with `input`, forwarding at
 * most `gas`; returns call_contract's status. The request is assembled in a
 * static buffer: inputs longer than DYT_CALL_INPUT_MAX revert. */
enum { DYT_CALL_INPUT_MAX = 4096 };
static inline int32_t dyt_call_method(const dyt_address* address,
                                      const char* method, const void* input,
                                      int32_t input_len, int64_t gas) {
  static uint8_t request[DYT_CALL_INPUT_MAX];
  int32_t method_len = 0;
  while (method[method_len] != 0) ++method_len;
  if (input_len < 0 || method_len + 1 + input_len > DYT_CALL_INPUT_MAX) {
    DYT_REVERT("call input too long");
  }
  __builtin_memcpy(request, method, (unsigned long)method_len);
  request[method_len] = 0;
  __builtin_memcpy(request + method_len + 1, input, (unsigned long)input_len);
  return dyt_call_contract(address->bytes, request, method_len + 1 + input_len,
                           gas);
}

#endif /* DYTALLIX_CONTRACTS_DYTALLIX_H_ */
