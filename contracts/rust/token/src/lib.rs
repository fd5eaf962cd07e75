//! Token: a fungible token with allowances, the Rust port of
//! contracts/token.c with the same methods, storage layout, events and
//! revert messages (tests/unit/host_contract_test.cc runs the same tests
//! against both).
//!
//! Amounts are u64 (8 bytes little-endian); addresses are 32 bytes. Storage:
//!   'o'                  the owner (the deployer), who alone may mint
//!   's'                  total supply
//!   'b' holder           balance
//!   'a' owner spender    allowance
//!
//! Methods (input -> output):
//!   init          supply                -> ()   mints `supply` to the deployer
//!   mint          to, amount            -> ()   owner only; event "mint"
//!   transfer      to, amount            -> ()   event "transfer"
//!   approve       spender, amount       -> ()   event "approval"
//!   transfer_from from, to, amount      -> ()   spends the caller's allowance
//!   balance       holder                -> amount
//!   allowance     owner, spender        -> amount
//!   total_supply  ()                    -> amount
//! Events: "transfer" from ‖ to ‖ amount ("mint": to ‖ amount;
//!         "approval": owner ‖ spender ‖ amount).
//! Failures revert with "insufficient balance", "insufficient allowance",
//! "not the owner", "overflow" or "bad input".
#![no_std]

use dytallix_sdk::{self as dyt, u64_at, Address, Buf, Key, ADDRESS_BYTES};

const TAG_OWNER: u8 = b'o';
const TAG_SUPPLY: u8 = b's';
const TAG_BALANCE: u8 = b'b';
const TAG_ALLOWANCE: u8 = b'a';

/// The input of mint, transfer and approve: an address and an amount.
const TO_AMOUNT: usize = ADDRESS_BYTES + 8;
/// The input of transfer_from: two addresses and an amount.
const FROM_TO_AMOUNT: usize = 2 * ADDRESS_BYTES + 8;

fn add(a: u64, b: u64) -> u64 {
    a.checked_add(b).unwrap_or_else(|| dyt::revert("overflow"))
}

fn balance_key(holder: &Address) -> Key {
    let mut key = Key::tag(TAG_BALANCE);
    key.push(&holder.0);
    key
}

fn allowance_key(owner: &Address, spender: &Address) -> Key {
    let mut key = Key::tag(TAG_ALLOWANCE);
    key.push(&owner.0).push(&spender.0);
    key
}

fn credit(holder: &Address, amount: u64) {
    let key = balance_key(holder);
    dyt::storage_set_u64(&key, add(dyt::storage_get_u64(&key), amount));
}

fn debit(holder: &Address, amount: u64) {
    let key = balance_key(holder);
    let balance = dyt::storage_get_u64(&key);
    if balance < amount {
        dyt::revert("insufficient balance");
    }
    dyt::storage_set_u64(&key, balance - amount);
}

fn mint_to(to: &Address, amount: u64) {
    let supply = Key::tag(TAG_SUPPLY);
    dyt::storage_set_u64(&supply, add(dyt::storage_get_u64(&supply), amount));
    credit(to, amount);
    let mut event = Buf::<TO_AMOUNT>::new();
    event.push(&to.0).push_u64(amount);
    dyt::emit_event(b"mint", &event);
}

/// Debits first, then credits: a failure between the two (out of gas) must
/// leave nothing behind, which the runtime's rollback guarantees.
fn move_tokens(from: &Address, to: &Address, amount: u64) {
    debit(from, amount);
    credit(to, amount);
    let mut event = Buf::<FROM_TO_AMOUNT>::new();
    event.push(&from.0).push(&to.0).push_u64(amount);
    dyt::emit_event(b"transfer", &event);
}

dyt::entry! {
    fn init() {
        let supply = dyt::input::<8>();
        let owner = dyt::caller();
        dyt::storage_set(&Key::tag(TAG_OWNER), owner.as_bytes());
        mint_to(&owner, u64::from_le_bytes(supply));
    }

    fn mint() {
        let input = dyt::input::<TO_AMOUNT>();
        let caller = dyt::caller();
        let mut owner = Address::default();
        dyt::storage_get(&Key::tag(TAG_OWNER), &mut owner.0);
        if caller != owner {
            dyt::revert("not the owner");
        }
        mint_to(&Address::at(&input, 0), u64_at(&input, ADDRESS_BYTES));
    }

    fn transfer() {
        let input = dyt::input::<TO_AMOUNT>();
        let caller = dyt::caller();
        move_tokens(&caller, &Address::at(&input, 0), u64_at(&input, ADDRESS_BYTES));
    }

    fn approve() {
        let input = dyt::input::<TO_AMOUNT>();
        let owner = dyt::caller();
        let spender = Address::at(&input, 0);
        let amount = u64_at(&input, ADDRESS_BYTES);
        dyt::storage_set_u64(&allowance_key(&owner, &spender), amount);
        let mut event = Buf::<FROM_TO_AMOUNT>::new();
        event.push(&owner.0).push(&spender.0).push_u64(amount);
        dyt::emit_event(b"approval", &event);
    }

    /// Spends the allowance before moving the balance, so a transfer that
    /// then fails shows that the runtime rolls back the allowance too.
    fn transfer_from() {
        let input = dyt::input::<FROM_TO_AMOUNT>();
        let spender = dyt::caller();
        let from = Address::at(&input, 0);
        let to = Address::at(&input, ADDRESS_BYTES);
        let amount = u64_at(&input, 2 * ADDRESS_BYTES);
        let key = allowance_key(&from, &spender);
        let allowed = dyt::storage_get_u64(&key);
        if allowed < amount {
            dyt::revert("insufficient allowance");
        }
        dyt::storage_set_u64(&key, allowed - amount);
        move_tokens(&from, &to, amount);
    }

    fn balance() {
        let holder = Address(dyt::input::<ADDRESS_BYTES>());
        dyt::return_u64(dyt::storage_get_u64(&balance_key(&holder)));
    }

    fn allowance() {
        let input = dyt::input::<{ 2 * ADDRESS_BYTES }>();
        let key = allowance_key(&Address::at(&input, 0), &Address::at(&input, ADDRESS_BYTES));
        dyt::return_u64(dyt::storage_get_u64(&key));
    }

    fn total_supply() {
        dyt::return_u64(dyt::storage_get_u64(&Key::tag(TAG_SUPPLY)));
    }
}
