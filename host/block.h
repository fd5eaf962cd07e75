// Blocks: an ordered list of transactions (deploys and calls) at one height
// and timestamp, executed as a unit and committed as one atomic batch, on
// one thread or many with the same result.
//
// Semantics: transaction k runs over the state the block's transactions
// 0..k-1 left, exactly as if each ran and committed alone in order
// (ContractHost's Deploy and Call). A call's changes stand if it ends ok; a
// deploy's when it is not rejected (its nonce increment even when init fails).
// A failed transaction rolls back only itself; its gas still counts. A
// transaction that cannot run at all is rejected: TransactionResult::error says
// why (kNotFound: no such contract or method; kInvalidArgument: a module that
// may not be deployed, or one the analyzer scores below the threshold;
// kAlreadyExists; kResourceExhausted: the deployer's nonce is spent), it
// changes nothing, and its gas is 0 except for a deploy rejected after its
// code was paid for (DeployCodeGas: decoding and validating were done).
// Every other error (a backend failure, a fail-closed analyzer plugin that
// failed) fails the whole block: nothing is committed.
//
// Parallel execution (BlockOptions::parallelism > 1) is optimistic with
// in-order commit. Workers run transactions ahead of the commit point over a
// BlockView (the committed state plus the writes of the transactions
// committed so far) and record every key each one read, with the value it
// saw (the journal's origins). Transactions commit strictly in block order,
// one at a time: the committing thread checks the recorded keys that the
// transactions committed since the execution began have written (all of
// them, by re-reading, if those wrote many); if every value is what the
// execution saw, the execution is exactly the one a sequential run would
// make (a contract's execution is a function of the values it reads) and
// its writes are applied; otherwise it runs again, now over exactly the
// state before it, which cannot go stale. So every outcome,
// gas figure, event and the digest equal parallelism = 1's, whatever the
// scheduling, and each transaction runs at most twice. When most of the
// recent validations fail (a hot key every transaction touches), workers
// stop running ahead for a while and the committing thread runs the
// transactions in order, so contention costs little more than sequential
// execution.
//
// The block executes over committed state without locking it: if anything
// commits meanwhile (a concurrent ContractHost::Call), ExecuteBlock and
// CommitBlock fail with kAborted, and the block must be executed again.
#ifndef DYTALLIX_HOST_BLOCK_H_
#define DYTALLIX_HOST_BLOCK_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/call_outcome.h"
#include "host/contract_host.h"
#include "state/kv_store.h"
#include "state/lt_hash.h"
#include "state/types.h"

namespace dytallix::internal {

struct BlockHeader {
  uint64_t height = 0;
  uint64_t timestamp = 0;  // Unix seconds
  // Transaction k's events are stamped tx_index = first_tx_index + k.
  uint32_t first_tx_index = 0;
};

struct Transaction {
  enum class Kind : uint8_t { kCall, kDeploy };
  Kind kind = Kind::kCall;
  Address sender{};
  Address contract{};    // kCall
  std::string method{};  // kCall
  std::string code{};    // kDeploy: the module's binary
  std::string input{};   // the method's, or init's
  uint64_t gas_limit = 0;
};

struct TransactionResult {
  // Not ok: rejected (see above); nothing changed.
  absl::Status error;
  // A call's outcome, or a deploy's init outcome (its gas includes
  // DeployCodeGas). A rejected transaction's has only its gas_used.
  CallOutcome outcome;
  // kDeploy, not rejected:
  Address address{};
  Hash256 code_hash{};
  Verdict verdict;
};

struct BlockOptions {
  uint32_t parallelism = 1;  // threads, the calling thread included; 0 as 1
};

// How the execution went; depends on scheduling, unlike everything else.
struct BlockStats {
  uint32_t executions = 0;    // transaction executions, every attempt
  uint32_t reexecutions = 0;  // executions whose reads went stale, run again
  // Transactions the committing thread ran itself, in order, as none had
  // run ahead: all of them at parallelism 1; under contention, most.
  uint32_t in_order = 0;
  // The serial parts, whose share bounds the speedup: the committing
  // thread's validating and applying (not running) transactions, and
  // collecting the block's writes and digest at the end.
  uint64_t commit_ns = 0;
  uint64_t finish_ns = 0;
};

struct ExecutedBlock {
  BlockHeader header;
  std::vector<TransactionResult> results;  // one per transaction, in order
  Hash256 digest{};  // the state digest once the block is committed
  uint64_t gas_used = 0;
  BlockStats stats;
  // What CommitBlock writes, and the state it executed over.
  WriteBatch writes;
  LtHash digest_delta;
  uint64_t base_commits = 0;
};

// Executes `transactions` over the host's committed state, committing
// nothing. Errors: a failed block (see above), kAborted if the state
// changed meanwhile.
absl::StatusOr<ExecutedBlock> ExecuteBlock(
    ContractHost& host, const BlockHeader& header,
    std::span<const Transaction> transactions, const BlockOptions& options);

// Writes the block's changes, its digest and its block digest record
// (StateStore::BlockDigest(height)) in one atomic batch. kAborted if
// anything committed since it was executed (nothing is written).
absl::Status CommitBlock(ContractHost& host, const ExecutedBlock& block);

}  // namespace dytallix::internal

#endif  // DYTALLIX_HOST_BLOCK_H_
