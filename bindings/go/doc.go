// Package dytallix runs WebAssembly smart contracts through the Dytallix
// runtime's C API (dytallix/dytallix.h), for node software written in Go.
//
//	rt, err := dytallix.Open(dytallix.Config{
//		DBPath: "/var/lib/node/contracts", Mode: dytallix.OpenCreate})
//	if err != nil { ... }
//	defer rt.Close()
//	deployed, err := rt.Deploy(dytallix.DeployRequest{Sender: alice, Code: wasm})
//	outcome, err := rt.Call(dytallix.CallRequest{
//		Sender: alice, Contract: deployed.Address, Method: "transfer", Input: in})
//
// # Blocks
//
// ExecuteBlock runs a block's transactions (deploys and calls) in order, on
// BlockOptions.Parallelism threads with the same results as on one, and
// commits nothing; CommitBlock commits the BlockResult as one atomic write;
// ApplyBlock does both. A transaction that cannot run is rejected
// (TransactionResult.Err) without failing the block.
//
// # Two error channels
//
// A request that cannot run at all (an invalid module, no such contract or
// method, a commit conflict, a storage failure) returns an error; nothing was
// written. Errors wrap one of the sentinels ErrInvalidArgument, ErrNotFound,
// ErrAborted, ErrUnavailable, ErrFailedPrecondition, ErrDataLoss and
// ErrInternal (test with errors.Is), one per dyt_error code, and carry the C
// API's message (errors.As with *Error). A call that ran is an Outcome,
// however it ended: Status says whether it returned, reverted, trapped or ran
// out of gas; that is not an error. A Runtime used after Close returns
// ErrClosed.
//
// # Threads
//
// The C header: "a dyt_runtime may be used from many threads at once;
// concurrent calls on one contract may fail with DYT_ABORTED". So a Runtime
// may be used from many goroutines at once. Calls on different contracts run
// and commit independently; concurrent calls that touch the same contract may
// fail with ErrAborted, having written nothing: retry them, or serialize calls
// on one contract. Close waits for the requests in flight, then releases the
// runtime; later requests return ErrClosed. Each request occupies one OS
// thread for its duration, as every cgo call does.
//
// The C API keeps the last error message per thread. Since a goroutine may
// move between threads from one cgo call to the next, the binding reads the
// message inside the same C call that failed (shim.c).
//
// # Memory across the cgo boundary
//
//   - Go to C: request bytes (code, input, addresses, the method and topic
//     names) are passed as pointers into Go memory that holds no pointers,
//     which C reads only during the call and never keeps (the C API's
//     ownership rule). Requests are assembled into C structs on the C side,
//     so no Go memory holding pointers crosses into C. Method and topic
//     names are copied into NUL-terminated byte slices first.
//   - C to Go: output, message and error buffers are allocated with C.malloc
//     for one request, copied into Go slices and strings, and freed before
//     the method returns. Event lists (dyt_event_list) are copied into Go
//     values and freed at once; nothing returned to the caller points into
//     C memory.
//   - Blocks: a block's transactions, with their bytes, are copied into one
//     C allocation for the duration of ExecuteBlock (C memory may not hold
//     Go pointers). The executed block (dyt_block, which holds what a commit
//     writes) stays in C memory, owned by its BlockResult, until CommitBlock
//     succeeds or Close is called, else a finalizer frees it; every result
//     was copied into Go values before ExecuteBlock returned, output and
//     trace read again with the reported sizes when they did not fit, so
//     nothing is cut.
//   - Output sizes: the C API copies at most the buffer's capacity and
//     reports the full length. Query and EstimateGas commit nothing, so when
//     the output did not fit they run again with a buffer of the reported
//     size. Call and Deploy commit and cannot be repeated: they use a buffer
//     of Config.MaxCallOutput bytes (by default 16 MiB, the most a contract
//     under the contract profile can return, since return data comes from
//     its 16 MiB linear memory; untouched pages of the buffer cost nothing).
//     A longer output is returned cut to that size together with
//     ErrOutputTruncated.
//   - Handles: the dyt_runtime is owned by the Runtime and freed by Close
//     (a dyt_block does not refer to it, so a BlockResult may outlive it).
//     The anomaly callback is registered through a runtime/cgo.Handle that C
//     keeps as an integer, not a Go pointer, released by Close.
//
// # Linking
//
// The package links libdytallix statically through pkg-config
// ("#cgo pkg-config: dytallix"): install the CMake build (cmake --install)
// and point PKG_CONFIG_PATH at PREFIX/lib/pkgconfig. To pass the flags by
// hand instead, build with the tag dytallix_manual and set CGO_CFLAGS and
// CGO_LDFLAGS (README.md, "Go binding").
package dytallix
