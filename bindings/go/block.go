package dytallix

// #include <stdlib.h>
// #include "shim.h"
import "C"

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// TransactionKind says whether a Transaction calls or deploys
// (dyt_tx_kind).
type TransactionKind int

const (
	TxCall   TransactionKind = iota // runs Method of Contract
	TxDeploy                        // deploys Code, running its init
)

// Transaction is one transaction of a block: a call or a deploy.
type Transaction struct {
	Kind     TransactionKind
	Sender   Address
	Contract Address // TxCall
	Method   string  // TxCall
	Code     []byte  // TxDeploy: the module's binary
	Input    []byte  // the method's, or init's
	GasLimit uint64  // 0: Config.DefaultGasLimit
}

// BlockHeader is where a block's transactions run; transaction k gets the
// block's k-th free transaction index.
type BlockHeader struct {
	Number    uint64
	Timestamp uint64 // Unix seconds
}

// BlockOptions says how to execute a block; never what the results are.
type BlockOptions struct {
	// Threads that execute the block, the calling one included; 0: 1.
	Parallelism int
}

// BlockStats says how the execution went: the only part of a BlockResult
// that depends on parallelism and scheduling; never consensus data.
type BlockStats struct {
	Executions   uint32 // transaction executions, every attempt
	Reexecutions uint32 // executions whose reads went stale, run again
	InOrder      uint32 // transactions run in order, none ahead
}

// TransactionResult is how one transaction of a block went.
type TransactionResult struct {
	// Non-nil: the transaction was rejected and changed nothing; an *Error
	// wrapping ErrNotFound (no such contract or method), ErrInvalidArgument
	// (a module that may not be deployed), ... Outcome then has only
	// GasUsed (0, or a rejected deploy's code charge) and TxIndex.
	Err error
	// A call's outcome, or a deploy's init outcome, with its Events (those
	// the block commits) when OK.
	Outcome Outcome
	// A deploy whose init returned normally: the new contract's address;
	// otherwise the zero Address.
	Address Address
	// A deploy that was not rejected: its code hash and the analyzer's
	// score (0..100).
	CodeHash      Hash
	AnalyzerScore uint8
}

// OK reports whether the transaction ran and returned normally.
func (t *TransactionResult) OK() bool { return t.Err == nil && t.Outcome.OK() }

// BlockResult is an executed block: its results, all Go values, and (until
// it is committed or closed) the executed block in C memory that
// CommitBlock writes.
type BlockResult struct {
	Header       BlockHeader
	Transactions []TransactionResult // in block order
	StateDigest  Hash                // of all state once the block is committed
	GasUsed      uint64              // the transactions' sum
	Stats        BlockStats

	executed *executedBlock
}

// Close releases the executed block's C memory (what a commit would write)
// without committing it; the results stay readable. CommitBlock releases it
// itself when it succeeds, and a BlockResult that becomes unreachable is
// released by a finalizer; Close frees the memory sooner. Closing twice, or
// after the commit, does nothing.
func (b *BlockResult) Close() error {
	b.executed.release()
	return nil
}

// executedBlock owns a dyt_block. It does not refer to its runtime (the C
// API's promise), so it may be freed after the Runtime is closed, and by a
// finalizer.
type executedBlock struct {
	mu     sync.Mutex
	handle *C.dyt_block // nil once released
}

func newExecutedBlock(handle *C.dyt_block) *executedBlock {
	e := &executedBlock{handle: handle}
	runtime.SetFinalizer(e, (*executedBlock).release)
	return e
}

func (e *executedBlock) release() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.handle != nil {
		C.dyt_block_free(e.handle)
		e.handle = nil
	}
}

// ExecuteBlock executes transactions in order at header, each over the
// state the ones before it left, exactly as if each ran alone by Deploy or
// Call (a failed one rolls back only itself), on opts.Parallelism threads
// with the same results as on one. It commits nothing: CommitBlock commits
// the result; Close (or dropping it) discards it. A transaction that cannot
// run is rejected (TransactionResult.Err), which does not fail the block.
// Errors (nothing written): ErrAborted if anything committed meanwhile
// (execute again), ErrInvalidArgument for a malformed transaction,
// ErrUnavailable for a failing fail-closed analyzer plugin, backend errors.
func (r *Runtime) ExecuteBlock(header BlockHeader, transactions []Transaction,
	opts BlockOptions) (*BlockResult, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	return executeBlock(handle, header, transactions, opts)
}

// CommitBlock commits an executed block (its transactions' changes, events,
// state digest and block digest record) as one atomic write, then releases
// its C memory. Errors (nothing written): ErrAborted if anything committed
// since the block was executed (execute it again), ErrInvalidArgument if
// another Runtime executed it or it was already committed or closed,
// ErrFailedPrecondition on a read-only Runtime.
func (r *Runtime) CommitBlock(block *BlockResult) error {
	handle, err := r.acquire()
	if err != nil {
		return err
	}
	defer r.mu.RUnlock()
	return block.commit(handle)
}

// ApplyBlock is ExecuteBlock then CommitBlock; on an error nothing was
// written. The BlockResult needs no Close.
func (r *Runtime) ApplyBlock(header BlockHeader, transactions []Transaction,
	opts BlockOptions) (*BlockResult, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	block, err := executeBlock(handle, header, transactions, opts)
	if err != nil {
		return nil, err
	}
	if err := block.commit(handle); err != nil {
		block.Close()
		return nil, err
	}
	return block, nil
}

func (b *BlockResult) commit(handle *C.dyt_runtime) error {
	e := b.executed
	e.mu.Lock()
	defer e.mu.Unlock()
	op := fmt.Sprintf("commit block %d", b.Header.Number)
	if e.handle == nil {
		return invalid(op, "the block was already committed or closed")
	}
	message := newCMessage()
	defer message.free()
	code := C.dytgo_commit_block(handle, e.handle, message.ptr, messageCap)
	if err := newError(op, code, message.String()); err != nil {
		return err
	}
	C.dyt_block_free(e.handle)
	e.handle = nil
	return nil
}

func executeBlock(handle *C.dyt_runtime, header BlockHeader, transactions []Transaction,
	opts BlockOptions) (*BlockResult, error) {
	op := fmt.Sprintf("execute block %d", header.Number)
	if opts.Parallelism < 0 || opts.Parallelism > 1<<16 {
		return nil, invalid(op, fmt.Sprintf("parallelism %d is not in 0..65536", opts.Parallelism))
	}
	arena, err := newTxArena(transactions)
	if err != nil {
		return nil, invalid(op, err.Error())
	}
	defer arena.free()
	message := newCMessage()
	defer message.free()
	var block *C.dyt_block
	code := C.dytgo_execute_block(handle, C.uint64_t(header.Number), C.uint64_t(header.Timestamp),
		arena.transactions, C.size_t(len(transactions)), C.uint32_t(opts.Parallelism),
		&block, message.ptr, messageCap)
	if err := newError(op, code, message.String()); err != nil {
		return nil, err
	}
	result, err := readBlock(block)
	if err != nil {
		C.dyt_block_free(block)
		return nil, err
	}
	result.executed = newExecutedBlock(block)
	return result, nil
}

// txArena holds a block's dyt_transaction array and every byte its
// pointers reach, in one C allocation: C memory may not hold pointers into
// Go memory (cgo's rules), so the requests' bytes are copied over.
type txArena struct{ transactions *C.dyt_transaction }

func newTxArena(txs []Transaction) (txArena, error) {
	size := len(txs) * C.sizeof_dyt_transaction
	for i, tx := range txs {
		if strings.IndexByte(tx.Method, 0) >= 0 {
			return txArena{}, fmt.Errorf("transaction %d: the method name contains a NUL byte", i)
		}
		size += len(tx.Method) + 1 + len(tx.Code) + len(tx.Input)
	}
	if len(txs) == 0 {
		return txArena{}, nil
	}
	block := C.malloc(C.size_t(size))
	structs := unsafe.Slice((*C.dyt_transaction)(block), len(txs))
	bytes := unsafe.Slice((*byte)(block), size)[len(txs)*C.sizeof_dyt_transaction:]
	put := func(b []byte) *C.uint8_t {
		if len(b) == 0 {
			return nil
		}
		p := (*C.uint8_t)(unsafe.Pointer(&bytes[0]))
		bytes = bytes[copy(bytes, b):]
		return p
	}
	for i := range txs {
		tx := &txs[i]
		c := &structs[i]
		*c = C.dyt_transaction{}
		c.kind = C.dyt_tx_kind(tx.Kind)
		*(*Address)(unsafe.Pointer(&c.sender[0])) = tx.Sender
		*(*Address)(unsafe.Pointer(&c.contract[0])) = tx.Contract
		if tx.Kind == TxCall {
			c.method = (*C.char)(unsafe.Pointer(put(append([]byte(tx.Method), 0))))
		}
		c.code = put(tx.Code)
		c.code_len = C.size_t(len(tx.Code))
		c.input = put(tx.Input)
		c.input_len = C.size_t(len(tx.Input))
		c.gas_limit = C.uint64_t(tx.GasLimit)
	}
	return txArena{(*C.dyt_transaction)(block)}, nil
}

func (a txArena) free() { C.free(unsafe.Pointer(a.transactions)) }

// readBlock copies an executed block's results into Go values.
func readBlock(block *C.dyt_block) (*BlockResult, error) {
	var info C.dyt_block_info
	C.dyt_block_info_get(block, &info)
	result := &BlockResult{
		Header: BlockHeader{Number: uint64(info.header.number),
			Timestamp: uint64(info.header.timestamp)},
		Transactions: make([]TransactionResult, int(info.transaction_count)),
		StateDigest:  *(*Hash)(unsafe.Pointer(&info.state_digest[0])),
		GasUsed:      uint64(info.gas_used),
		Stats: BlockStats{Executions: uint32(info.stats.executions),
			Reexecutions: uint32(info.stats.reexecutions), InOrder: uint32(info.stats.in_order)},
	}
	buffers := newCBuffers(sizes{firstQueryOutput, firstTrace})
	defer func() { buffers.free() }()
	for i := range result.Transactions {
		if err := readTransaction(block, i, &buffers, result); err != nil {
			return nil, err
		}
	}
	return result, nil
}

// readTransaction fills result.Transactions[index], reading again with
// larger buffers when the output or trace did not fit (the block keeps its
// results, so nothing is ever cut).
func readTransaction(block *C.dyt_block, index int, buffers *cBuffers, result *BlockResult) error {
	var tx C.dyt_transaction_result
	var outcome C.dytgo_result
	for {
		code := C.dytgo_block_transaction(block, C.size_t(index), buffers.c, &tx, &outcome)
		op := fmt.Sprintf("block %d transaction %d", result.Header.Number, index)
		if err := newError(op, code, buffers.errorMessage()); err != nil {
			return err
		}
		need := needs(&outcome)
		if need.fit(buffers.capacity()) {
			break
		}
		buffers.free()
		*buffers = newCBuffers(need)
	}
	out := &result.Transactions[index]
	out.Outcome = buffers.outcome(&outcome)
	out.Err = newError(fmt.Sprintf("block %d transaction %d", result.Header.Number, index),
		tx.error, C.GoString(tx.error_message))
	if out.Err == nil {
		out.CodeHash = *(*Hash)(unsafe.Pointer(&tx.code_hash[0]))
		out.AnalyzerScore = uint8(tx.analyzer_score)
	}
	if out.OK() {
		out.Address = *(*Address)(unsafe.Pointer(&tx.address[0]))
		for e := 0; e < out.Outcome.EventCount; e++ {
			out.Outcome.Events = append(out.Outcome.Events,
				copyEvent(C.dyt_block_event(block, C.size_t(index), C.size_t(e))))
		}
	}
	return nil
}
