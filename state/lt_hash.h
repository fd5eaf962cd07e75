// LtHash: an incremental, order-independent hash of a set of records, so the
// state digest follows every write in O(1) instead of rescanning the store.
//
// The construction is the lattice hash of Bellare and Micciancio as described
// by Lewi et al. ("Securing Update Propagation with Homomorphic Hashing",
// 2019): each record (key, value) expands, through an extendable-output
// function, to 1024 lanes of 16 bits; the set's hash is the lane-wise sum mod
// 2^16 of its records' expansions. Adding and removing records is adding and
// subtracting vectors, so the hash of a set does not depend on the order
// records arrived in, and two stores with the same records have the same hash.
//
// The record expansion is the ChaCha20 keystream (nonce and counter 0) under
// the key SHA-256("dytallix-lthash-v2" ‖ key_len u32 ‖ key ‖ value), so
// (key, value) pairs cannot be confused across the boundary. (Version 1 used
// SHAKE128 of the same input: four times slower, and the digest's cost was
// a third of a token transfer's.)
//
// A value type; not thread-safe for concurrent mutation.
#ifndef DYTALLIX_STATE_LT_HASH_H_
#define DYTALLIX_STATE_LT_HASH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/types.h"

namespace dytallix::internal {

class LtHash {
 public:
  static constexpr size_t kLanes = 1024;
  static constexpr size_t kBytes = kLanes * 2;

  LtHash() { lanes_.fill(0); }  // the hash of the empty set

  void Add(std::string_view key, std::string_view value);
  void Remove(std::string_view key, std::string_view value);
  void Add(const LtHash& other);

  // SHA-256 of the serialized lanes: the 32-byte digest to compare.
  Hash256 Digest() const;

  // kBytes bytes: each lane as u16 little-endian.
  std::string Serialize() const;
  // Errors (kDataLoss) on a wrong size.
  static absl::StatusOr<LtHash> Parse(std::string_view bytes);

  friend bool operator==(const LtHash&, const LtHash&) = default;

 private:
  using Lanes = std::array<uint16_t, kLanes>;
  static Lanes Expand(std::string_view key, std::string_view value);

  Lanes lanes_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_STATE_LT_HASH_H_
