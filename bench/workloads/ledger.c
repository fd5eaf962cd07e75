/* ledger: a contract-like workload. Token transfers between accounts kept in
 * an open-addressing hash map (linear probing) in linear memory, keyed by
 * 32-byte addresses as contract storage is. Each transfer derives both
 * addresses, looks them up (opening a new account with a starting balance on
 * first sight), rejects it if the sender cannot pay, and moves the amount.
 * Measures byte-wise hashing, probing and key compares over a 6 MiB table.
 * Checksum: a sample of balances and the number of rejected transfers. */
#include "workload.h"

enum {
  kAddressBytes = 32,
  kSlots = 1 << 17, /* 48 B each: 6 MiB */
  kAccounts = 80000,
  kOpeningBalance = 20000,
  kLargestAmount = 5000,
  kSampleStride = 97,
};

typedef struct {
  uint8_t address[kAddressBytes];
  uint64_t balance;
  uint32_t used;
} Slot;

static Slot slots[kSlots];

static void AddressOf(uint32_t account, uint8_t address[kAddressBytes]) {
  uint32_t state = account * 2654435761u + 1;
  for (int i = 0; i < kAddressBytes; i += 4) {
    uint32_t word = NextRandom(&state);
    for (int b = 0; b < 4; ++b) address[i + b] = (uint8_t)(word >> (8 * b));
  }
}

static uint32_t HashAddress(const uint8_t address[kAddressBytes]) {
  uint32_t hash = kMixSeed;
  for (int i = 0; i < kAddressBytes; ++i) hash = Mix(hash, address[i]);
  return hash;
}

static int SameAddress(const uint8_t* x, const uint8_t* y) {
  for (int i = 0; i < kAddressBytes; ++i) {
    if (x[i] != y[i]) return 0;
  }
  return 1;
}

/* Returns the account's slot, opening the account if it is new. The table
 * never fills: kAccounts < kSlots. */
static Slot* FindOrOpen(uint32_t account) {
  uint8_t address[kAddressBytes];
  AddressOf(account, address);
  for (uint32_t i = HashAddress(address);; ++i) {
    Slot* slot = &slots[i % kSlots];
    if (!slot->used) {
      for (int b = 0; b < kAddressBytes; ++b) slot->address[b] = address[b];
      slot->balance = kOpeningBalance;
      slot->used = 1;
      return slot;
    }
    if (SameAddress(slot->address, address)) return slot;
  }
}

int32_t run(int32_t n) {
  for (uint32_t i = 0; i < kSlots; ++i) slots[i].used = 0;
  uint32_t seed = 0xc0ffee11;
  uint32_t rejected = 0;
  for (int32_t transfer = 0; transfer < n; ++transfer) {
    Slot* sender = FindOrOpen(NextRandom(&seed) % kAccounts);
    uint32_t amount = NextRandom(&seed) % kLargestAmount + 1;
    uint32_t receiver_account = NextRandom(&seed) % kAccounts;
    if (sender->balance < amount) {
      ++rejected;
      continue;
    }
    sender->balance -= amount;
    FindOrOpen(receiver_account)->balance += amount;
  }
  uint32_t hash = Mix(kMixSeed, rejected);
  for (uint32_t account = 0; account < kAccounts; account += kSampleStride) {
    hash = Mix(hash, (uint32_t)FindOrOpen(account)->balance);
  }
  return (int32_t)hash;
}
