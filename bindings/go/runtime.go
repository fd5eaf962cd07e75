package dytallix

// #include <stdlib.h>
// #include "shim.h"
import "C"

import (
	"runtime/cgo"
	"sync"
	"time"
	"unsafe"
)

// OpenMode says what Open may do with Config.DBPath (dyt_open_mode).
type OpenMode int

const (
	// OpenReadWrite: the store must exist, else ErrNotFound and nothing is
	// created.
	OpenReadWrite OpenMode = iota
	// OpenCreate: as OpenReadWrite, but a DBPath that does not exist or is
	// an empty directory gets a new, empty store. A directory holding files
	// but no sound store is refused and left as it was.
	OpenCreate
	// OpenReadOnly: the store must exist and is never written; Deploy and
	// Call fail with ErrFailedPrecondition. Works while another process has
	// the store open read-write.
	OpenReadOnly
)

// DefaultMaxCallOutput is Config.MaxCallOutput's default: 16 MiB, the linear
// memory limit of the contract profile, so no contract output is longer.
const DefaultMaxCallOutput = 16 << 20

// Config opens a Runtime; the zero value is an in-memory runtime with the
// contract profile and the built-in analyzer.
type Config struct {
	DBPath string   // RocksDB directory; "": in memory
	Mode   OpenMode // OpenReadWrite by default
	// Each commit returns only once durable (fsync), surviving power loss.
	// Off: a commit survives a crash of the process, not a power loss.
	Sync bool
	// The spec profile (only the limits the WebAssembly spec demands)
	// instead of the contract profile.
	SpecProfile bool
	// The gas limit of requests with GasLimit 0; 0: 10^7.
	DefaultGasLimit uint64

	// Deploys of modules scoring below this fail with ErrInvalidArgument;
	// 0..100, 0 rejects nothing.
	MinAnalyzerScore uint8
	// An external analyzer: the path of a shared library implementing
	// dytallix/plugin_abi.h; "": the built-in analyzer.
	AnalyzerPlugin string
	// One plugin call's time limit, in whole milliseconds; 0: 1 s.
	AnalyzerTimeout time.Duration
	// When the plugin fails: true accepts the module (score 100 and an
	// "analyzer-unavailable" finding); false fails the deploy with
	// ErrUnavailable.
	AnalyzerFailOpen bool
	// Receives the anomalies the analyzer flags in executions; nil discards
	// them. It runs on the thread that ran the execution, possibly from many
	// goroutines at once, while the request is in progress: it must be safe
	// for concurrent use, return promptly, and not call the Runtime.
	OnAnomaly func(Anomaly)

	// Bytes of unpinned compiled code to keep cached (an LRU); 0: 256 MiB.
	// Pinned code (Pin) is kept whatever the budget.
	CacheBytes uint64

	// The output buffer of Call and Deploy, in bytes; 0:
	// DefaultMaxCallOutput. See ErrOutputTruncated.
	MaxCallOutput int
}

// Runtime is an open contract runtime. It is safe for concurrent use by many
// goroutines (see the package documentation, "Threads").
type Runtime struct {
	// mu guards handle: requests hold it shared, Close exclusively, so
	// Close waits for requests in flight and none starts after it.
	mu            sync.RWMutex
	handle        *C.dyt_runtime // nil once closed
	anomaly       cgo.Handle     // 0 if no OnAnomaly
	maxCallOutput int
}

// The size of the buffers for dyt_last_error and trap messages.
const messageCap = 1024

// Open opens a runtime. Release it with Close.
func Open(config Config) (*Runtime, error) {
	if config.MaxCallOutput < 0 {
		return nil, invalid("open", "MaxCallOutput is negative")
	}
	var c C.dyt_config
	if config.DBPath != "" {
		c.db_path = C.CString(config.DBPath)
		defer C.free(unsafe.Pointer(c.db_path))
	}
	if config.AnalyzerPlugin != "" {
		c.analyzer_plugin = C.CString(config.AnalyzerPlugin)
		defer C.free(unsafe.Pointer(c.analyzer_plugin))
	}
	c.open_mode = C.dyt_open_mode(config.Mode)
	c.sync = cBool(config.Sync)
	c.spec_profile = cBool(config.SpecProfile)
	c.default_gas_limit = C.uint64_t(config.DefaultGasLimit)
	c.min_analyzer_score = C.uint8_t(config.MinAnalyzerScore)
	c.analyzer_timeout_ms = C.uint32_t(config.AnalyzerTimeout / time.Millisecond)
	c.analyzer_fail_open = cBool(config.AnalyzerFailOpen)
	c.cache_bytes = C.uint64_t(config.CacheBytes)

	rt := &Runtime{maxCallOutput: config.MaxCallOutput}
	if rt.maxCallOutput == 0 {
		rt.maxCallOutput = DefaultMaxCallOutput
	}
	if config.OnAnomaly != nil {
		rt.anomaly = cgo.NewHandle(config.OnAnomaly)
	}
	message := newCMessage()
	defer message.free()
	var handle *C.dyt_runtime
	code := C.dytgo_open(&c, C.uintptr_t(rt.anomaly), &handle, message.ptr, messageCap)
	if err := newError("open", code, message.String()); err != nil {
		if rt.anomaly != 0 {
			rt.anomaly.Delete()
		}
		return nil, err
	}
	rt.handle = handle
	return rt, nil
}

// Close waits for the requests in progress, then releases the runtime (and,
// for a RocksDB store, the database and its lock). Later calls of any method
// return ErrClosed, as does a second Close.
func (r *Runtime) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.handle == nil {
		return ErrClosed
	}
	C.dyt_runtime_free(r.handle)
	r.handle = nil
	if r.anomaly != 0 {
		r.anomaly.Delete() // no execution, so no callback, is running
		r.anomaly = 0
	}
	return nil
}

// acquire takes the shared lock and returns the handle, or ErrClosed. The
// caller must call r.mu.RUnlock() when it returns no error.
func (r *Runtime) acquire() (*C.dyt_runtime, error) {
	r.mu.RLock()
	if r.handle == nil {
		r.mu.RUnlock()
		return nil, ErrClosed
	}
	return r.handle, nil
}

// StateDigest is the hash of all committed contract state: equal on nodes
// that ran the same requests.
func (r *Runtime) StateDigest() (Hash, error) {
	handle, err := r.acquire()
	if err != nil {
		return Hash{}, err
	}
	defer r.mu.RUnlock()
	var digest Hash
	C.dyt_state_digest(handle, (*C.uint8_t)(unsafe.Pointer(&digest[0])))
	return digest, nil
}

// Contract returns the record of the contract at address; ErrNotFound if
// there is none.
func (r *Runtime) Contract(address Address) (ContractInfo, error) {
	handle, err := r.acquire()
	if err != nil {
		return ContractInfo{}, err
	}
	defer r.mu.RUnlock()
	var info C.dyt_contract_info
	message := newCMessage()
	defer message.free()
	code := C.dytgo_get_contract(handle, addressPtr(&address), &info, message.ptr, messageCap)
	if err := newError("contract "+address.String(), code, message.String()); err != nil {
		return ContractInfo{}, err
	}
	return ContractInfo{
		CodeHash:      *(*Hash)(unsafe.Pointer(&info.code_hash[0])),
		Deployer:      *(*Address)(unsafe.Pointer(&info.deployer[0])),
		DeployBlock:   uint64(info.deploy_block),
		AnalyzerScore: uint8(info.analyzer_score),
	}, nil
}

// OpenNote says what opening the store recovered from; "" if nothing.
func (r *Runtime) OpenNote() (string, error) {
	handle, err := r.acquire()
	if err != nil {
		return "", err
	}
	defer r.mu.RUnlock()
	size := C.dyt_open_note(handle, nil, 0)
	if size == 0 {
		return "", nil
	}
	buffer := (*C.char)(C.malloc(size + 1))
	defer C.free(unsafe.Pointer(buffer))
	C.dyt_open_note(handle, buffer, size+1)
	return C.GoString(buffer), nil
}

//export dytgoAnomaly
func dytgoAnomaly(handle C.uintptr_t, anomaly *C.dyt_anomaly) {
	sink := cgo.Handle(handle).Value().(func(Anomaly))
	sink(Anomaly{
		Contract: *(*Address)(unsafe.Pointer(&anomaly.contract[0])),
		Method:   C.GoString(anomaly.method),
		GasUsed:  uint64(anomaly.gas_used),
		Severity: Severity(anomaly.severity),
		Code:     C.GoString(anomaly.code),
		Message:  C.GoString(anomaly.message),
		Place:    C.GoString(anomaly.place),
	})
}

func cBool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func addressPtr(a *Address) *C.uint8_t { return (*C.uint8_t)(unsafe.Pointer(&a[0])) }

// bytesPtr points at b's first byte, or is nil for an empty b.
func bytesPtr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

// cMessage is a C buffer for an error message, freed by free.
type cMessage struct{ ptr *C.char }

func newCMessage() cMessage {
	m := cMessage{(*C.char)(C.malloc(messageCap))}
	*m.ptr = 0
	return m
}

func (m cMessage) String() string { return C.GoString(m.ptr) }
func (m cMessage) free()          { C.free(unsafe.Pointer(m.ptr)) }
