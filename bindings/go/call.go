package dytallix

// #include <stdlib.h>
// #include "shim.h"
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// The first output buffer of Query and EstimateGas: most return data is a
// few words; longer outputs run again with the reported size.
const firstQueryOutput = 256

// How often Query and EstimateGas run again when the output grew between
// runs (state committed by others in between).
const maxQueryRuns = 4

// The trace buffer of Query, EstimateGas and block reads at first; they
// read again with the reported size when a trace is longer.
const firstTrace = 4 << 10

// The trace buffer of Call and Deploy, which cannot run again: enough for
// the contract profile's deepest stack (1,024 frames of at most about 230
// bytes); a longer trace (spec profile) is cut. Untouched pages cost
// nothing.
const maxCallTrace = 256 << 10

// sizes are the output and trace buffer sizes a request needs or has.
type sizes struct{ output, trace int }

func (s sizes) fit(in sizes) bool { return s.output <= in.output && s.trace <= in.trace }

// needs is what the buffers must hold for the result: the output, and the
// trace with its NUL.
func needs(result *C.dytgo_result) sizes {
	return sizes{int(result.output_len), int(result.trace_len) + 1}
}

// Deploy validates and analyzes req.Code, runs its init method and, if init
// returns normally, creates the contract. An error means nothing was
// deployed; an Init that is not OK means init reverted, trapped or ran out of
// gas and no contract exists.
func (r *Runtime) Deploy(req DeployRequest) (*Deployed, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	buffers := newCBuffers(sizes{r.maxCallOutput, maxCallTrace})
	defer buffers.free()
	var result C.dytgo_result
	var address Address
	code := C.dytgo_deploy(handle, addressPtr(&req.Sender),
		bytesPtr(req.Code), C.size_t(len(req.Code)),
		bytesPtr(req.Input), C.size_t(len(req.Input)),
		C.uint64_t(req.GasLimit), C.uint64_t(req.Block), C.uint64_t(req.Timestamp),
		addressPtr(&address), buffers.c, &result)
	if err := newError("deploy", code, buffers.errorMessage()); err != nil {
		return nil, err
	}
	deployed := &Deployed{Init: buffers.outcome(&result)}
	if deployed.Init.OK() {
		deployed.Address = address
	}
	return deployed, r.finishCommitted(handle, req.Block, &deployed.Init)
}

// Call runs a method and commits its writes and events if it returns
// normally (a revert, trap or out of gas commits nothing). The Outcome's
// Events are the committed events. Concurrent calls touching the same
// contract may fail with ErrAborted.
func (r *Runtime) Call(req CallRequest) (*Outcome, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	outcome, _, err := r.execute(handle, C.DYTGO_CALL, &req, sizes{r.maxCallOutput, maxCallTrace})
	if err != nil {
		return nil, err
	}
	return outcome, r.finishCommitted(handle, req.Block, outcome)
}

// Query runs a method read-only against committed state (a state write
// traps); nothing is committed.
func (r *Runtime) Query(req CallRequest) (*Outcome, error) {
	return r.rerunnable(C.DYTGO_QUERY, &req)
}

// EstimateGas runs the call with its writes against committed state and
// reports the outcome and gas used; it commits nothing.
func (r *Runtime) EstimateGas(req CallRequest) (*Outcome, error) {
	return r.rerunnable(C.DYTGO_ESTIMATE, &req)
}

// rerunnable runs a request that commits nothing, again with larger buffers
// while its output or trace does not fit.
func (r *Runtime) rerunnable(kind C.dytgo_kind, req *CallRequest) (*Outcome, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	capacity := sizes{firstQueryOutput, firstTrace}
	for run := 1; ; run++ {
		outcome, need, err := r.execute(handle, kind, req, capacity)
		if err != nil || need.fit(capacity) || run == maxQueryRuns {
			return outcome, truncation(err, outcome)
		}
		capacity = need
	}
}

// execute runs a call, query or estimate with buffers of `capacity`, and
// says what they needed.
func (r *Runtime) execute(handle *C.dyt_runtime, kind C.dytgo_kind, req *CallRequest,
	capacity sizes) (*Outcome, sizes, error) {
	op := fmt.Sprintf("%s %q", kindNames[kind], req.Method)
	if strings.IndexByte(req.Method, 0) >= 0 {
		return nil, sizes{}, invalid(op, "the method name contains a NUL byte")
	}
	method := append([]byte(req.Method), 0)
	buffers := newCBuffers(capacity)
	defer buffers.free()
	var result C.dytgo_result
	code := C.dytgo_execute(handle, kind, addressPtr(&req.Sender), addressPtr(&req.Contract),
		(*C.char)(unsafe.Pointer(&method[0])), bytesPtr(req.Input), C.size_t(len(req.Input)),
		C.uint64_t(req.GasLimit), C.uint64_t(req.Block), C.uint64_t(req.Timestamp),
		buffers.c, &result)
	if err := newError(op, code, buffers.errorMessage()); err != nil {
		return nil, sizes{}, err
	}
	outcome := buffers.outcome(&result)
	return &outcome, needs(&result), nil
}

var kindNames = map[C.dytgo_kind]string{
	C.DYTGO_CALL: "call", C.DYTGO_QUERY: "query", C.DYTGO_ESTIMATE: "estimate gas",
}

// finishCommitted fills the Events of a committed request's outcome, and
// says whether its output was cut.
func (r *Runtime) finishCommitted(handle *C.dyt_runtime, block uint64, outcome *Outcome) error {
	if outcome.OK() && outcome.EventCount > 0 {
		events, err := r.transactionEvents(handle, block, outcome)
		if err != nil {
			return err
		}
		outcome.Events = events
	}
	return truncation(nil, outcome)
}

func truncation(err error, outcome *Outcome) error {
	if err == nil && outcome.OutputLen > len(outcome.Output) {
		return ErrOutputTruncated
	}
	return err
}

// cBuffers holds the C buffers of one request, freed by free.
type cBuffers struct{ c C.dytgo_buffers }

func newCBuffers(capacity sizes) cBuffers {
	var b cBuffers
	// One allocation: the message, error and trace buffers, then the output.
	block := C.malloc(C.size_t(2*messageCap + capacity.trace + capacity.output))
	b.c.message = (*C.char)(block)
	b.c.message_cap = messageCap
	b.c.error = (*C.char)(unsafe.Add(block, messageCap))
	b.c.error_cap = messageCap
	*b.c.error = 0
	b.c.trace = (*C.char)(unsafe.Add(block, 2*messageCap))
	b.c.trace_cap = C.size_t(capacity.trace)
	b.c.output = (*C.uint8_t)(unsafe.Add(block, 2*messageCap+capacity.trace))
	b.c.output_cap = C.size_t(capacity.output)
	return b
}

// capacity is what the buffers hold.
func (b cBuffers) capacity() sizes {
	return sizes{int(b.c.output_cap), int(b.c.trace_cap)}
}

func (b cBuffers) free() { C.free(unsafe.Pointer(b.c.message)) }

func (b cBuffers) errorMessage() string { return C.GoString(b.c.error) }

func copyBytes(from *C.uint8_t, n C.size_t) []byte {
	out := make([]byte, n)
	copy(out, unsafe.Slice((*byte)(unsafe.Pointer(from)), n))
	return out
}

// outcome copies the result and the buffers' contents into Go memory.
func (b cBuffers) outcome(result *C.dytgo_result) Outcome {
	copied := result.output_len
	if copied > b.c.output_cap {
		copied = b.c.output_cap
	}
	return Outcome{
		Status:     Status(result.status),
		Output:     copyBytes(b.c.output, copied),
		OutputLen:  int(result.output_len),
		Message:    C.GoString(b.c.message),
		GasUsed:    uint64(result.gas_used),
		GasReport:  gasReport(&result.gas_report),
		Trace:      C.GoString(b.c.trace),
		TxIndex:    uint32(result.tx_index),
		EventCount: int(result.event_count),
	}
}

func gasReport(r *C.dyt_gas_report) GasReport {
	return GasReport{
		Limit:       uint64(r.limit),
		Used:        uint64(r.used),
		Remaining:   uint64(r.remaining),
		Loading:     uint64(r.loading),
		Instantiate: uint64(r.instantiate),
		Wasm:        uint64(r.wasm),
		HostStorage: uint64(r.host_storage),
		HostEvents:  uint64(r.host_events),
		HostCalls:   uint64(r.host_calls),
		HostOther:   uint64(r.host_other),
	}
}
