// dytallix::Runtime: the public C++ API of the Dytallix contract runtime.
//
//   dytallix::Config config{.db_path = "/var/lib/node/contracts",
//                           .open_mode = dytallix::OpenMode::kCreateIfMissing};
//   auto runtime = dytallix::Runtime::Open(config);
//   auto deployed = (*runtime)->Deploy({.sender = alice, .code = wasm});
//   auto outcome = (*runtime)->Call({.sender = alice,
//                                    .contract = deployed->address,
//                                    .method = "increment"});
//
// Two error channels: absl::Status for requests that cannot run at all (an
// invalid module, no such contract or method, a backend failure, a commit
// conflict: nothing is written), and Outcome for calls that ran, however
// they ended (ok, reverted, trapped, out of gas).
//
// Transaction positions: each committed request takes the next transaction
// index of its block, so the events of successive requests never collide,
// also across processes that open the same database one after another: on
// the first request for a block, the runtime starts after the highest
// transaction index that has events in that block.
//
// Ownership: Open returns a Runtime that owns its backend (the RocksDB
// database or the in-memory store). Results are plain values owned by the
// caller.
//
// Thread-safety: all methods may be called from many threads at once. Calls
// on different contracts run and commit independently; concurrent calls that
// touch the same contract may fail with kAborted (nothing written), so
// callers that want no aborts serialize calls on one contract.
//
// The analyzer (AnalyzerConfig) scores each module at deployment; the score
// and findings are recorded with the contract. It is an input to consensus:
// nodes that must agree need the same analyzer settings.
#ifndef DYTALLIX_RUNTIME_H_
#define DYTALLIX_RUNTIME_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace dytallix {

using Address = std::array<uint8_t, 32>;
using Hash = std::array<uint8_t, 32>;  // SHA-256

enum class Profile {
  kContract,  // the contract limits of DESIGN.md (the default)
  kSpec,      // only what the WebAssembly spec demands
};

enum class Severity { kInfo, kLow, kMedium, kHigh };

// What the analyzer says about a module or an execution.
struct Finding {
  Severity severity = Severity::kInfo;
  std::string code{};     // stable machine-readable id, e.g. "unbounded-loop"
  std::string message{};  // human-readable
  // Where: "function <index> at offset 0x<byte offset in the module
  // binary>", or empty for the whole module.
  std::string place{};
};

// "info", "low", "medium", "high".
std::string_view SeverityName(Severity severity);

// An execution the built-in analyzer flagged (e.g. "gas-spike": far more gas
// than the contract's history). Advisory: it never changes a result, gas or
// state.
struct Anomaly {
  Address contract{};
  std::string method{};
  uint64_t gas_used = 0;
  Finding finding{};
};

// Called on the thread that ran the execution, possibly from many threads at
// once, when the execution has finished but before its changes commit; it
// must not call back into the Runtime. `anomaly` is valid during the call
// only: copy what you keep.
using AnomalySink = std::function<void(const Anomaly& anomaly)>;

struct AnalyzerConfig {
  // Deploy rejects a module scoring below this (kInvalidArgument, listing
  // the findings; nothing is written). 0..100; 0 rejects nothing.
  uint8_t min_score = 0;
  // Empty: the built-in static analyzer. Otherwise an external analyzer: a
  // shared library exporting dytallix_analyze (the C ABI in
  // dytallix/plugin_abi.h, installed with these headers; must be thread-safe
  // and deterministic), loaded by Runtime::Open, which fails with
  // kInvalidArgument if it cannot be loaded. It scores modules in place of
  // the built-in rules; the library stays loaded while the Runtime lives.
  std::string plugin_path{};
  // How long one plugin call may take; a plugin that hangs keeps a thread.
  std::chrono::milliseconds plugin_timeout{1000};
  // When the plugin fails (times out, errs, returns garbage): true accepts
  // the module with score 100 and an "analyzer-unavailable" finding; false
  // rejects the deploy (kUnavailable, or kDeadlineExceeded on a timeout).
  bool plugin_fail_open = false;
  // Receives anomalies found in finished calls, queries and inits (not in
  // EstimateGas runs); empty: discarded.
  AnomalySink anomaly_sink{};
};

// What Runtime::Open may do with Config::db_path. Only kCreateIfMissing ever
// creates a store, and never over anything: a directory that holds files but
// no sound store is refused (kDataLoss or kFailedPrecondition, naming it) and
// left exactly as it was.
enum class OpenMode {
  // The store must exist (else kNotFound, nothing created); requests commit.
  kReadWrite,
  // As kReadWrite, but if db_path does not exist or is an empty directory,
  // a new empty store is created there (with missing parent directories).
  kCreateIfMissing,
  // The store must exist. Nothing in the directory is created, changed or
  // deleted; Deploy and Call fail with kFailedPrecondition. Takes no lock, so
  // it also opens a store another process has open read-write, and sees its
  // state as of the open.
  kReadOnly,
};

struct Config {
  // The RocksDB directory; empty: an in-memory store that lives as long as
  // the Runtime (open_mode kReadOnly is then an error).
  std::string db_path{};
  OpenMode open_mode = OpenMode::kReadWrite;
  Profile profile = Profile::kContract;
  // The gas limit of a request whose gas_limit is 0.
  uint64_t default_gas_limit = 10'000'000;
  // Durability of a commit (Deploy, Call). False: a commit that returned
  // survives a crash of the process, but a power loss or OS crash may lose
  // the last commits before the next flush to .sst files (at latest when the
  // Runtime is destroyed, which flushes); the store stays consistent (each
  // commit wholly present or absent). True: each commit returns only once
  // its write-ahead log record is on disk (fsync), and survives power loss.
  bool sync = false;
  AnalyzerConfig analyzer{};
  // The compiled-code cache: at most this many bytes (an estimate of their
  // memory) of unpinned contracts' compiled code, the least recently used
  // evicted first. Pinned code (Runtime::Pin) is kept on top of this. The
  // cache never changes gas or results, only speed.
  uint64_t cache_bytes = uint64_t{256} << 20;
};

// Where a request runs. Its transaction index is assigned by the runtime.
struct Block {
  uint64_t number = 0;
  uint64_t timestamp = 0;  // Unix seconds
};

struct DeployRequest {
  Address sender{};
  std::string code{};      // the module's binary
  std::string input{};     // the input of "init"
  uint64_t gas_limit = 0;  // 0: Config::default_gas_limit
  Block block{};
};

struct CallRequest {
  Address sender{};
  Address contract{};
  std::string method{};  // an exported function of type () -> (), not "init"
  std::string input{};
  uint64_t gas_limit = 0;  // 0: Config::default_gas_limit
  Block block{};
  // Call and Query: also report where the gas went (Outcome::gas_profile).
  // Slower; never changes the outcome or the gas used.
  bool gas_profile = false;
};

enum class CallStatus { kOk, kReverted, kTrapped, kOutOfGas };

// "ok", "reverted", "trapped", "out of gas".
std::string_view CallStatusName(CallStatus status);

struct Event {
  uint64_t block = 0;
  uint32_t tx_index = 0;
  uint32_t event_index = 0;  // within its transaction
  Address contract{};        // the emitting contract
  uint64_t timestamp = 0;
  std::string topic{};
  std::string data{};
};

// One frame of a stack trace (Outcome::trace).
struct TraceFrame {
  Address contract{};
  uint32_t function_index = 0;  // in the module's function index space
  // From the module's name section or exports, else "func[N]"; at most 128
  // bytes then "...". Module-supplied: escape it before printing.
  std::string function{};
  uint32_t offset = 0;  // byte offset in the module binary
};

// Where a request's gas went. used = loading + instantiate + wasm +
// host_storage + host_events + host_calls + host_other. Running out inside a
// host function counts what was left to that function's kind.
struct GasReport {
  uint64_t limit = 0;
  uint64_t used = 0;       // Outcome::gas_used
  uint64_t remaining = 0;  // limit - used
  // Per byte of code loaded for each contract call (a deploy's also pays
  // for storing its code); nested calls' loading is in host_calls.
  uint64_t loading = 0;
  uint64_t instantiate = 0;   // each fresh instance's charge
  uint64_t wasm = 0;          // the contract's own instructions
  uint64_t host_storage = 0;  // storage_get, storage_set, storage_remove
  uint64_t host_events = 0;   // emit_event
  // call_contract, result_len, result_read, and everything the nested calls
  // used.
  uint64_t host_calls = 0;
  uint64_t host_other = 0;  // every other host function (consume_gas too)
};

struct Outcome {
  CallStatus status = CallStatus::kOk;
  // kTrapped / kOutOfGas: why it stopped; otherwise empty.
  std::string message{};
  // kOk: the call's return data; kReverted: the revert message.
  std::string output{};
  uint64_t gas_used = 0;  // also on failure; the limit on kOutOfGas
  GasReport gas_report{};
  // Reverted, trapped or out of gas while the contract ran: its WebAssembly
  // call stack, innermost first (the instruction that stopped, then each
  // call that led there). A revert or out-of-gas whose contract's last
  // contract call had failed (the usual way a callee's failure is passed
  // on) starts with that callee's trace, built the same way; each frame
  // names its contract. Empty when it stopped before running. For people
  // and logs; never part of consensus data.
  std::vector<TraceFrame> trace{};
  std::vector<Event> events{};  // kOk only, in emission order
  uint32_t tx_index = 0;        // the position the request ran at
  // With CallRequest::gas_profile: the gas used per call stack, in the
  // folded-stack format flame graph tools read, one "outer;inner gas" line
  // per stack, counting the gas spent in the innermost frame itself. Frames
  // are the contract's functions (named by its name section or exports),
  // host functions as "env.NAME" (a nested contract call shows as
  // env.call_contract, its gas included), and "(instantiate)" for the
  // instance charge. The lines add up to gas_used.
  std::string gas_profile{};

  bool ok() const {  // NOLINT(readability-identifier-naming): as absl's
    return status == CallStatus::kOk;
  }
};

struct DeployResult {
  Address address{};
  Hash code_hash{};
  Outcome init{};  // not ok(): the contract was not created
  // The analyzer's verdict, recorded with the contract if it was created.
  uint8_t analyzer_score = 0;  // 0..100
  std::vector<Finding> findings{};
};

// An event's place in chain order: where the next page of events starts.
struct EventCursor {
  uint64_t block = 0;
  uint32_t tx_index = 0;
  uint32_t event_index = 0;
};

struct EventFilter {
  std::optional<Address> contract{};
  std::optional<std::string> topic{};
  uint64_t from_block = 0;         // inclusive
  uint64_t to_block = UINT64_MAX;  // inclusive
  uint32_t limit = 100;            // at most this many events
  // Paging: only events after this place (the previous page's last event).
  std::optional<EventCursor> after{};
};

// The compiled-code cache, as Runtime::GetCacheMetrics sees it now.
struct CacheMetrics {
  uint64_t hits_pinned = 0;  // code lookups answered by pinned code
  uint64_t hits_memory = 0;  // by unpinned cached code
  uint64_t misses = 0;       // lookups that compiled the code
  uint64_t evictions = 0;    // unpinned code dropped for the budget
  uint64_t entries_pinned = 0;
  uint64_t entries_memory = 0;
  uint64_t bytes_pinned = 0;
  uint64_t bytes_memory = 0;  // at most byte_budget
  uint64_t byte_budget = 0;   // Config::cache_bytes
  // Each pinned code's hash and the lookups it answered.
  std::vector<std::pair<Hash, uint64_t>> pinned_hits{};
};

struct ContractInfo {
  Hash code_hash{};
  Address deployer{};
  uint64_t deploy_block = 0;
  uint8_t analyzer_score = 0;  // 0..100, as recorded at deployment
  std::vector<Finding> findings{};
};

// One transaction of a block (Runtime::ExecuteBlock): a deploy or a call.
struct Transaction {
  enum class Kind { kCall, kDeploy };
  Kind kind = Kind::kCall;
  Address sender{};
  Address contract{};      // kCall
  std::string method{};    // kCall
  std::string code{};      // kDeploy: the module's binary
  std::string input{};     // the method's, or init's
  uint64_t gas_limit = 0;  // 0: Config::default_gas_limit
};

struct TransactionResult {
  // Not ok: the transaction was rejected and changed nothing. kNotFound: no
  // such contract or method; kInvalidArgument: a module that may not be
  // deployed (or that the analyzer scores below AnalyzerConfig::min_score);
  // kAlreadyExists; kResourceExhausted: the sender's deploy nonce is spent.
  absl::Status error{};
  // A call's outcome, or a deploy's init outcome (as DeployResult::init).
  // Rejected: only gas_used (0, or for a deploy rejected after its code was
  // paid for, the code's charge) and tx_index.
  Outcome outcome{};
  // A deploy that was not rejected:
  Address address{};
  Hash code_hash{};
  uint8_t analyzer_score = 0;
  std::vector<Finding> findings{};
};

struct BlockOptions {
  // Threads that execute the block, the calling one included (0 as 1). The
  // results never depend on it.
  uint32_t parallelism = 1;
};

// How a block's execution went. The only part of a BlockResult that
// depends on parallelism and scheduling: never consensus data.
struct BlockStats {
  uint32_t executions = 0;    // transaction executions, every attempt
  uint32_t reexecutions = 0;  // executions whose reads went stale, run again
  uint32_t in_order = 0;      // transactions run in order, none ahead
  // The serial parts, whose share bounds the speedup on more threads: the
  // committing thread's validating and applying (not running) transactions,
  // and collecting the block's writes and digest at the end.
  uint64_t commit_ns = 0;
  uint64_t finish_ns = 0;
};

// What CommitBlock writes; opaque.
struct PendingBlock;

struct BlockResult {
  Block block{};
  std::vector<TransactionResult> transactions{};  // in block order
  Hash state_digest{};    // of all state once the block is committed
  uint64_t gas_used = 0;  // the transactions' sum
  BlockStats stats{};
  std::shared_ptr<const PendingBlock> pending{};
};

class Runtime {
 public:
  // Opens the state in config.db_path as config.open_mode says, or an
  // in-memory store. A store on disk is verified before it is used, and a
  // damaged one is refused, never repaired by dropping data: its whole
  // write-ahead log must replay (a damaged or cut record is an error, not
  // the silent end of the log), and RocksDB's MANIFEST must list every .sst
  // file. Errors, each naming the directory; on any of them nothing in the
  // directory was changed: kNotFound if there is no store (and open_mode is
  // not kCreateIfMissing); kUnavailable if another process has it open
  // read-write (and open_mode is not kReadOnly); kDataLoss for corrupt or
  // missing files of a store; kFailedPrecondition for a directory that holds
  // something else, or another format version; kInvalidArgument for an
  // analyzer plugin that cannot be loaded, or kReadOnly without db_path.
  static absl::StatusOr<std::unique_ptr<Runtime>> Open(const Config& config);

  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Validates and stores the module, creates the contract (its address is
  // SHA-256 of sender ‖ sender's nonce) and runs "init" if exported, all in
  // one commit. Errors: kInvalidArgument for a module that may not be
  // deployed, also one scoring below AnalyzerConfig::min_score; a failing
  // fail-closed plugin's kUnavailable or kDeadlineExceeded;
  // kFailedPrecondition if opened kReadOnly; backend and commit errors.
  absl::StatusOr<DeployResult> Deploy(const DeployRequest& request);

  // Runs a method; its changes commit atomically if the outcome is ok.
  // Errors: kNotFound (no such contract or method), kFailedPrecondition if
  // opened kReadOnly, backend errors.
  absl::StatusOr<Outcome> Call(const CallRequest& request);

  // Like Call but read-only: state writes trap; nothing is ever committed.
  absl::StatusOr<Outcome> Query(const CallRequest& request);

  // Runs the call as Call would, with its changes, against the committed
  // state, then discards everything: reports the outcome and gas used.
  absl::StatusOr<Outcome> EstimateGas(const CallRequest& request);

  // Executes a block: its transactions in order, each over the state the
  // ones before it left, exactly as if each ran alone by Deploy or Call (a
  // failed transaction rolls back only itself), on options.parallelism
  // threads with the same result as on one. Commits nothing: CommitBlock
  // commits the result, or drop it to discard it. Transaction k gets the
  // block's k-th free transaction index (as Call's would be). Errors (the
  // block cannot run; nothing is written): backend errors, a failing
  // fail-closed analyzer plugin, kAborted if something committed meanwhile.
  absl::StatusOr<BlockResult> ExecuteBlock(
      const Block& block, const std::vector<Transaction>& transactions,
      const BlockOptions& options = {});

  // Commits an executed block: its transactions' changes, the new state
  // digest and the block's digest record (BlockDigest), as one atomic write;
  // after a crash the store holds the block wholly or not at all. kAborted
  // (nothing written) if anything committed since the block was executed,
  // including the block itself; kInvalidArgument for a block another
  // Runtime executed; kFailedPrecondition if opened kReadOnly.
  absl::Status CommitBlock(const BlockResult& block);

  // ExecuteBlock then CommitBlock.
  absl::StatusOr<BlockResult> ApplyBlock(
      const Block& block, const std::vector<Transaction>& transactions,
      const BlockOptions& options = {});

  // The state digest a committed block left, or nullopt if there is no
  // block of that number.
  absl::StatusOr<std::optional<Hash>> BlockDigest(uint64_t number) const;

  // Committed events matching `filter`, in chain order.
  absl::StatusOr<std::vector<Event>> Events(const EventFilter& filter) const;

  // The contract's record, or nullopt if there is none.
  absl::StatusOr<std::optional<ContractInfo>> GetContract(
      const Address& address) const;

  // Keeps the compiled code of `contract` in the cache until Unpin, whatever
  // the budget (pinning is per code: contracts sharing code share it).
  // Compiles it now if it is not cached. Unpin of code not pinned does
  // nothing. Errors: kNotFound (no contract there), the code's load errors.
  absl::Status Pin(const Address& contract);
  absl::Status Unpin(const Address& contract);
  CacheMetrics GetCacheMetrics() const;

  // The digest of all committed state (equal states, equal digests).
  Hash StateDigest() const;

  // What Open recovered from, for the node's log: empty, or that the store's
  // write-ahead log ended in an incomplete record, which was left out (a
  // write a crash cut short, which had not returned; or damage that cut the
  // log: Open cannot tell them apart). Every record before it is intact.
  const std::string& OpenNote() const;

 private:
  class Impl;
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dytallix

#endif  // DYTALLIX_RUNTIME_H_
