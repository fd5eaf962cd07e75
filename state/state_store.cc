#include "state/state_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/check.h"
#include "base/status_macros.h"
#include "state/layout.h"

namespace dytallix::internal {
namespace {

absl::StatusOr<bool> IsEmpty(const KvReader& kv) {
  bool empty = true;
  DYT_RETURN_IF_ERROR(kv.Scan("", "", [&](std::string_view, std::string_view) {
    empty = false;
    return false;
  }));
  return empty;
}

// Writes the records of a fresh store. Always synced: a store must never be
// seen half-initialized.
absl::Status Initialize(KvStore& kv) {
  WriteBatch batch;
  batch.Put(layout::FormatVersionKey(),
            layout::EncodeU32(layout::kFormatVersion));
  batch.Put(layout::DigestAccumulatorKey(), LtHash().Serialize());
  return kv.Write(batch, WriteOptions{.sync = true});
}

absl::Status CheckVersion(uint32_t version) {
  if (version == layout::kFormatVersion) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "state database format version ", version, " is ",
      version > layout::kFormatVersion ? "newer" : "older",
      " than the version this build reads (", layout::kFormatVersion, ")"));
}

absl::StatusOr<LtHash> LoadAccumulator(const KvReader& kv) {
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                       kv.Get(layout::DigestAccumulatorKey()));
  if (!bytes.has_value()) {
    return absl::DataLossError("state database has no digest accumulator");
  }
  return LtHash::Parse(*bytes);
}

absl::Status CheckCommits(uint64_t now, uint64_t expected) {
  if (now == expected) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(
      "conflict: ", now - expected,
      " commit(s) changed the state since the block began executing; "
      "execute it again"));
}

void PutBlockDigest(WriteBatch& batch, uint64_t block, const Hash256& digest) {
  batch.Put(layout::BlockDigestKey(block),
            std::string_view(reinterpret_cast<const char*>(digest.data()),
                             digest.size()));
}

}  // namespace

CallWrites CollectWrites(const Journal& journal) {
  CallWrites out;
  for (const auto& [key, value] : journal.Pending()) {
    const auto origin_it = journal.Origins().find(key);
    // A key written without reading it (Journal::SetUnread) is written as
    // is: its committed value is unknown.
    const Journal::Value* origin =
        origin_it == journal.Origins().end() ? nullptr : &origin_it->second;
    if (origin != nullptr && value == *origin) continue;
    if (value.has_value()) {
      out.batch.Put(key, *value);
    } else {
      out.batch.Delete(key);
    }
    if (!layout::InDigest(key)) continue;
    DYT_DCHECK(origin != nullptr);
    if (origin->has_value()) out.digest_delta.Remove(key, **origin);
    if (value.has_value()) out.digest_delta.Add(key, *value);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<StateStore>> StateStore::Open(
    KvStore& kv, const Profile& profile, const StoreOptions& options) {
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> version,
                       kv.Get(layout::FormatVersionKey()));
  if (!version.has_value()) {
    DYT_ASSIGN_OR_RETURN(bool empty, IsEmpty(kv));
    if (!empty) {
      return absl::DataLossError(
          "store holds data but no state format version record");
    }
    // A read-only store cannot be initialized: its creation was cut short
    // before the first records were written.
    if (absl::Status initialized = Initialize(kv); !initialized.ok()) {
      return absl::Status(
          initialized.code(),
          absl::StrCat("an empty store that was never initialized (its "
                       "creation was interrupted; a read-write open finishes "
                       "it): ",
                       initialized.message()));
    }
  } else {
    DYT_ASSIGN_OR_RETURN(uint32_t v, layout::DecodeU32(*version));
    DYT_RETURN_IF_ERROR(CheckVersion(v));
  }
  DYT_ASSIGN_OR_RETURN(LtHash accumulator, LoadAccumulator(kv));
  return std::unique_ptr<StateStore>(
      new StateStore(kv, profile, options, accumulator));
}

absl::Status StateStore::CheckNoConflict(const CallState& call) const {
  for (const auto& [key, origin] : call.CallJournal().Origins()) {
    DYT_ASSIGN_OR_RETURN(std::optional<std::string> now, kv_.Get(key));
    if (now != origin) {
      return absl::AbortedError(absl::StrCat(
          "conflict: a record of family ", static_cast<int>(key[0]),
          " changed since this call read it; re-run the call"));
    }
  }
  return absl::OkStatus();
}

absl::Status StateStore::Commit(const CallState& call) {
  if (call.Depth() != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "commit with ", call.Depth(), " checkpoint(s) still open"));
  }
  CallWrites writes = CollectWrites(call.CallJournal());
  if (writes.batch.empty()) return absl::OkStatus();
  MutexLock lock(&mu_);
  if (call.WritesAtStart() != writes_.load(std::memory_order_relaxed)) {
    DYT_RETURN_IF_ERROR(CheckNoConflict(call));
  }
  LtHash next = accumulator_;
  next.Add(writes.digest_delta);
  writes.batch.Put(layout::DigestAccumulatorKey(), next.Serialize());
  DYT_RETURN_IF_ERROR(
      kv_.Write(writes.batch, WriteOptions{.sync = options_.sync}));
  writes_.fetch_add(1, std::memory_order_release);
  accumulator_ = next;
  ++commits_;
  return absl::OkStatus();
}

uint64_t StateStore::CommitCount() const {
  MutexLock lock(&mu_);
  return commits_;
}

absl::StatusOr<Hash256> StateStore::DigestAfter(const LtHash& delta,
                                                uint64_t commits) const {
  MutexLock lock(&mu_);
  DYT_RETURN_IF_ERROR(CheckCommits(commits_, commits));
  LtHash next = accumulator_;
  next.Add(delta);
  return next.Digest();
}

absl::Status StateStore::CommitBlock(uint64_t block, const WriteBatch& writes,
                                     const LtHash& delta, uint64_t commits) {
  MutexLock lock(&mu_);
  DYT_RETURN_IF_ERROR(CheckCommits(commits_, commits));
  LtHash next = accumulator_;
  next.Add(delta);
  // The block's writes are not copied: the accumulator and the block digest
  // go in a second batch of the same atomic write.
  WriteBatch bookkeeping;
  bookkeeping.Put(layout::DigestAccumulatorKey(), next.Serialize());
  PutBlockDigest(bookkeeping, block, next.Digest());
  const WriteBatch* const batches[] = {&writes, &bookkeeping};
  DYT_RETURN_IF_ERROR(
      kv_.WriteBatches(batches, WriteOptions{.sync = options_.sync}));
  writes_.fetch_add(1, std::memory_order_release);
  accumulator_ = next;
  ++commits_;
  return absl::OkStatus();
}

Hash256 StateStore::Digest() const {
  MutexLock lock(&mu_);
  return accumulator_.Digest();
}

absl::Status StateStore::FinalizeBlock(uint64_t block) {
  MutexLock lock(&mu_);
  WriteBatch batch;
  PutBlockDigest(batch, block, accumulator_.Digest());
  DYT_RETURN_IF_ERROR(kv_.Write(batch, WriteOptions{.sync = options_.sync}));
  writes_.fetch_add(1, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Hash256>> StateStore::BlockDigest(
    uint64_t block) const {
  DYT_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                       kv_.Get(layout::BlockDigestKey(block)));
  if (!bytes.has_value()) return std::nullopt;
  Hash256 digest;
  if (bytes->size() != digest.size()) {
    return absl::DataLossError("corrupt block digest record");
  }
  std::copy(bytes->begin(), bytes->end(), digest.begin());
  return digest;
}

absl::StatusOr<Hash256> StateStore::RecomputeDigest() const {
  DYT_ASSIGN_OR_RETURN(std::unique_ptr<KvReader> snapshot, kv_.NewSnapshot());
  LtHash hash;
  DYT_RETURN_IF_ERROR(
      snapshot->Scan("", "", [&](std::string_view key, std::string_view value) {
        if (layout::InDigest(key)) hash.Add(key, value);
        return true;
      }));
  return hash.Digest();
}

}  // namespace dytallix::internal
