/* Escrow: holds deposits of a token contract on behalf of depositors, by
 * calling the token (contract-to-contract calls).
 *
 * Storage: 't' the token's address; 'd' depositor -> deposited amount;
 *          'f' failed try_deposit attempts.
 *
 * Methods (input -> output):
 *   init         token                  -> ()
 *   deposit      amount                 -> ()  token.transfer_from(caller ->
 *                                              escrow); reverts if it fails
 *   try_deposit  amount                 -> status (8 bytes) ‖ token's output
 *                                              on failure counts the attempt,
 *                                              emits "deposit_failed" with the
 *                                              token's revert message, and
 *                                              still succeeds
 *   withdraw     amount                 -> ()  token.transfer(escrow ->
 *                                              caller)
 *   deposit_of   depositor              -> amount
 *   failures     ()                     -> count
 * Every token call forwards all the gas that is left. */
#include "dytallix.h"

enum { kTagToken = 't', kTagDeposit = 'd', kTagFailures = 'f' };
enum { kMaxResult = 1024 };

typedef struct {
  dyt_address from;
  dyt_address to;
  uint8_t amount[8];
} FromToAmount;

typedef struct {
  dyt_address to;
  uint8_t amount[8];
} ToAmount;

static dyt_address Token(void) {
  dyt_address token;
  dyt_key key = dyt_key_of(kTagToken, 0, 0);
  dyt_storage_get(key.bytes, key.len, token.bytes, DYT_ADDRESS_BYTES);
  return token;
}

/* Asks the token to move `amount` from the caller to this contract. */
static int32_t PullFromCaller(uint64_t amount) {
  FromToAmount request;
  dyt_caller(request.from.bytes);
  dyt_self_address(request.to.bytes);
  dyt_store_u64(request.amount, amount);
  dyt_address token = Token();
  return dyt_call_method(&token, "transfer_from", &request, sizeof(request),
                         dyt_gas_left());
}

static void Record(const dyt_address* depositor, uint64_t amount) {
  dyt_key key = dyt_key_of(kTagDeposit, depositor, 0);
  dyt_set_u64(&key, dyt_get_u64(&key) + amount);
}

static uint64_t InputAmount(void) {
  uint8_t amount[8];
  dyt_input_exact(amount, sizeof(amount));
  return dyt_load_u64(amount);
}

DYT_METHOD(init) {
  dyt_address token;
  dyt_input_exact(&token, sizeof(token));
  dyt_key key = dyt_key_of(kTagToken, 0, 0);
  dyt_storage_set(key.bytes, key.len, token.bytes, DYT_ADDRESS_BYTES);
}

DYT_METHOD(deposit) {
  uint64_t amount = InputAmount();
  if (PullFromCaller(amount) != 0) DYT_REVERT("token transfer failed");
  dyt_address caller;
  dyt_caller(caller.bytes);
  Record(&caller, amount);
}

DYT_METHOD(try_deposit) {
  uint64_t amount = InputAmount();
  int32_t status = PullFromCaller(amount);
  static uint8_t out[8 + kMaxResult];
  int32_t result_len = dyt_result_len();
  if (result_len > kMaxResult) DYT_REVERT("token result too long");
  dyt_result_read(out + 8);
  dyt_store_u64(out, (uint64_t)status);
  if (status == 0) {
    dyt_address caller;
    dyt_caller(caller.bytes);
    Record(&caller, amount);
  } else {
    dyt_key key = dyt_key_of(kTagFailures, 0, 0);
    dyt_set_u64(&key, dyt_get_u64(&key) + 1);
    dyt_emit_event("deposit_failed", DYT_LITERAL_LEN("deposit_failed"), out + 8,
                   result_len);
  }
  dyt_return_data(out, 8 + result_len);
}

DYT_METHOD(withdraw) {
  uint64_t amount = InputAmount();
  ToAmount request;
  dyt_caller(request.to.bytes);
  dyt_key key = dyt_key_of(kTagDeposit, &request.to, 0);
  uint64_t deposited = dyt_get_u64(&key);
  if (deposited < amount) DYT_REVERT("insufficient deposit");
  dyt_set_u64(&key, deposited - amount);
  dyt_store_u64(request.amount, amount);
  dyt_address token = Token();
  if (dyt_call_method(&token, "transfer", &request, sizeof(request),
                      dyt_gas_left()) != 0) {
    DYT_REVERT("token transfer failed");
  }
}

DYT_METHOD(deposit_of) {
  dyt_address depositor;
  dyt_input_exact(&depositor, sizeof(depositor));
  dyt_key key = dyt_key_of(kTagDeposit, &depositor, 0);
  dyt_return_u64(dyt_get_u64(&key));
}

DYT_METHOD(failures) {
  dyt_key key = dyt_key_of(kTagFailures, 0, 0);
  dyt_return_u64(dyt_get_u64(&key));
}
