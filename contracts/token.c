/* Token: a fungible token with allowances.
 *
 * Amounts are u64 (8 bytes little-endian); addresses are 32 bytes. Storage:
 *   'o'                  the owner (the deployer), who alone may mint
 *   's'                  total supply
 *   'b' holder           balance
 *   'a' owner spender    allowance
 *
 * Methods (input -> output):
 *   init          supply                -> ()   mints `supply` to the deployer
 *   mint          to, amount            -> ()   owner only; event "mint"
 *   transfer      to, amount            -> ()   event "transfer"
 *   approve       spender, amount       -> ()   event "approval"
 *   transfer_from from, to, amount      -> ()   spends the caller's allowance
 *   balance       holder                -> amount
 *   allowance     owner, spender        -> amount
 *   total_supply  ()                    -> amount
 * Events: "transfer" from ‖ to ‖ amount ("mint": to ‖ amount;
 *         "approval": owner ‖ spender ‖ amount).
 * Failures revert with "insufficient balance", "insufficient allowance",
 * "not the owner", "overflow" or "bad input". */
#include "dytallix.h"

enum {
  kTagOwner = 'o',
  kTagSupply = 's',
  kTagBalance = 'b',
  kTagAllowance = 'a'
};

typedef struct {
  dyt_address to;
  uint8_t amount[8];
} ToAmount;

typedef struct {
  dyt_address from;
  dyt_address to;
  uint8_t amount[8];
} FromToAmount;

static uint64_t Add(uint64_t a, uint64_t b) {
  uint64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) DYT_REVERT("overflow");
  return sum;
}

static void Credit(const dyt_address* holder, uint64_t amount) {
  dyt_key key = dyt_key_of(kTagBalance, holder, 0);
  dyt_set_u64(&key, Add(dyt_get_u64(&key), amount));
}

static void Debit(const dyt_address* holder, uint64_t amount) {
  dyt_key key = dyt_key_of(kTagBalance, holder, 0);
  uint64_t balance = dyt_get_u64(&key);
  if (balance < amount) DYT_REVERT("insufficient balance");
  dyt_set_u64(&key, balance - amount);
}

static void Mint(const dyt_address* to, uint64_t amount) {
  dyt_key supply = dyt_key_of(kTagSupply, 0, 0);
  dyt_set_u64(&supply, Add(dyt_get_u64(&supply), amount));
  Credit(to, amount);
  ToAmount event = {*to, {0}};
  dyt_store_u64(event.amount, amount);
  dyt_emit_event("mint", DYT_LITERAL_LEN("mint"), &event, sizeof(event));
}

/* Debits first, then credits: a failure between the two (out of gas) must
 * leave nothing behind, which the runtime's rollback guarantees. */
static void Move(const dyt_address* from, const dyt_address* to,
                 uint64_t amount) {
  Debit(from, amount);
  Credit(to, amount);
  FromToAmount event = {*from, *to, {0}};
  dyt_store_u64(event.amount, amount);
  dyt_emit_event("transfer", DYT_LITERAL_LEN("transfer"), &event,
                 sizeof(event));
}

DYT_METHOD(init) {
  uint8_t supply[8];
  dyt_input_exact(supply, sizeof(supply));
  dyt_address owner;
  dyt_caller(owner.bytes);
  dyt_key key = dyt_key_of(kTagOwner, 0, 0);
  dyt_storage_set(key.bytes, key.len, owner.bytes, DYT_ADDRESS_BYTES);
  Mint(&owner, dyt_load_u64(supply));
}

DYT_METHOD(mint) {
  ToAmount in;
  dyt_input_exact(&in, sizeof(in));
  dyt_address caller, owner;
  dyt_caller(caller.bytes);
  dyt_key key = dyt_key_of(kTagOwner, 0, 0);
  dyt_storage_get(key.bytes, key.len, owner.bytes, DYT_ADDRESS_BYTES);
  if (!dyt_address_equal(&caller, &owner)) DYT_REVERT("not the owner");
  Mint(&in.to, dyt_load_u64(in.amount));
}

DYT_METHOD(transfer) {
  ToAmount in;
  dyt_input_exact(&in, sizeof(in));
  dyt_address caller;
  dyt_caller(caller.bytes);
  Move(&caller, &in.to, dyt_load_u64(in.amount));
}

DYT_METHOD(approve) {
  ToAmount in;
  dyt_input_exact(&in, sizeof(in));
  FromToAmount event;
  dyt_caller(event.from.bytes);
  event.to = in.to;
  dyt_key key = dyt_key_of(kTagAllowance, &event.from, &in.to);
  dyt_set_u64(&key, dyt_load_u64(in.amount));
  __builtin_memcpy(event.amount, in.amount, sizeof(in.amount));
  dyt_emit_event("approval", DYT_LITERAL_LEN("approval"), &event,
                 sizeof(event));
}

/* Spends the allowance before moving the balance, so a transfer that then
 * fails shows that the runtime rolls back the allowance too. */
DYT_METHOD(transfer_from) {
  FromToAmount in;
  dyt_input_exact(&in, sizeof(in));
  dyt_address spender;
  dyt_caller(spender.bytes);
  uint64_t amount = dyt_load_u64(in.amount);
  dyt_key key = dyt_key_of(kTagAllowance, &in.from, &spender);
  uint64_t allowed = dyt_get_u64(&key);
  if (allowed < amount) DYT_REVERT("insufficient allowance");
  dyt_set_u64(&key, allowed - amount);
  Move(&in.from, &in.to, amount);
}

DYT_METHOD(balance) {
  dyt_address holder;
  dyt_input_exact(&holder, sizeof(holder));
  dyt_key key = dyt_key_of(kTagBalance, &holder, 0);
  dyt_return_u64(dyt_get_u64(&key));
}

DYT_METHOD(allowance) {
  dyt_address pair[2];
  dyt_input_exact(pair, sizeof(pair));
  dyt_key key = dyt_key_of(kTagAllowance, &pair[0], &pair[1]);
  dyt_return_u64(dyt_get_u64(&key));
}

DYT_METHOD(total_supply) {
  dyt_key key = dyt_key_of(kTagSupply, 0, 0);
  dyt_return_u64(dyt_get_u64(&key));
}
