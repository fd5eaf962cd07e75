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
#define DYT_METHOD(name) \
  __attribute__((export_name(#name))) void name(void)

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
 * Returns 0 ok, 1 reverted or trapped, 2 out of gas. */
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

#endif /* DYTALLIX_CONTRACTS_DYTALLIX_H_ */
