package dytallix

import (
	"encoding/hex"
	"fmt"
)

// Address is a sender's or a contract's 32-byte address.
type Address [32]byte

// String is the address in lowercase hex, as the CLI prints it.
func (a Address) String() string { return hex.EncodeToString(a[:]) }

// ParseAddress reads 64 hex digits.
func ParseAddress(text string) (Address, error) {
	var a Address
	err := parseHex32(text, a[:])
	return a, err
}

// Hash is a SHA-256 digest: a code hash or a state digest.
type Hash [32]byte

// String is the hash in lowercase hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

func parseHex32(text string, out []byte) error {
	if len(text) != 64 {
		return invalid("parse", fmt.Sprintf("want 64 hex digits, got %d characters", len(text)))
	}
	if _, err := hex.Decode(out, []byte(text)); err != nil {
		return invalid("parse", err.Error())
	}
	return nil
}

// Status says how a call that ran ended (dyt_call_status).
type Status int

const (
	StatusOK       Status = iota // returned; Output is the return data
	StatusReverted               // reverted; Output is the revert message
	StatusTrapped                // trapped; Message says why
	StatusOutOfGas               // ran out of gas; GasUsed is the limit
)

var statusNames = [...]string{"ok", "reverted", "trapped", "out of gas"}

// String is "ok", "reverted", "trapped" or "out of gas", as in the C++ API.
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Outcome is how a deploy's init or a call ended.
type Outcome struct {
	Status Status
	// StatusOK: the return data; StatusReverted: the revert message.
	Output []byte
	// The full length of the output: len(Output) unless ErrOutputTruncated.
	OutputLen int
	// StatusTrapped, StatusOutOfGas: why it stopped; otherwise "".
	Message string
	// Gas used, also when the call failed (the limit on StatusOutOfGas).
	GasUsed uint64
	// Where the gas went.
	GasReport GasReport
	// Reverted, trapped or out of gas while the contract ran: its
	// WebAssembly call stack, one "function N at offset 0xOFFSET NAME in
	// CONTRACT_HEX\n" line per frame, innermost first (NAME is
	// module-supplied: escape it before display); "" otherwise. For people and logs, never consensus
	// data. Call and Deploy cut it at 256 KiB, which only the spec
	// profile's deeper stacks reach.
	Trace string
	// The transaction index the request ran at in its block.
	TxIndex uint32
	// How many events the call emitted (StatusOK only).
	EventCount int
	// The emitted events, in emission order: filled by Call and Deploy
	// (committed events); nil for Query and EstimateGas, which commit none.
	Events []Event
}

// OK reports whether the call returned normally.
func (o *Outcome) OK() bool { return o.Status == StatusOK }

// GasReport says where a request's gas went (dyt_gas_report): Used =
// Loading + Instantiate + Wasm + HostStorage + HostEvents + HostCalls +
// HostOther.
type GasReport struct {
	Limit     uint64
	Used      uint64 // Outcome.GasUsed
	Remaining uint64 // Limit - Used
	// Per byte of code loaded for the call (a deploy's also pays for storing
	// its code); nested calls' loading is in HostCalls.
	Loading     uint64
	Instantiate uint64 // each fresh instance's charge
	Wasm        uint64 // the contract's own instructions
	HostStorage uint64 // storage_get, storage_set, storage_remove
	HostEvents  uint64 // emit_event
	// call_contract, result_len, result_read, and everything the nested
	// calls used.
	HostCalls uint64
	HostOther uint64 // every other host function
}

// DeployRequest deploys Code and runs its init method with Input.
type DeployRequest struct {
	Sender    Address
	Code      []byte // the module's binary
	Input     []byte // init's input
	GasLimit  uint64 // 0: Config.DefaultGasLimit
	Block     uint64
	Timestamp uint64
}

// Deployed is what Deploy did.
type Deployed struct {
	// The new contract's address; the zero Address when Init is not OK (no
	// contract was created).
	Address Address
	Init    Outcome
}

// CallRequest runs Method of Contract with Input.
type CallRequest struct {
	Sender    Address
	Contract  Address
	Method    string
	Input     []byte
	GasLimit  uint64 // 0: Config.DefaultGasLimit
	Block     uint64
	Timestamp uint64
}

// ContractInfo is the record kept for a deployed contract.
type ContractInfo struct {
	CodeHash      Hash
	Deployer      Address
	DeployBlock   uint64
	AnalyzerScore uint8 // 0..100
}

// EventCursor is an event's place in chain order; EventFilter.After pages
// on from it.
type EventCursor struct {
	Block      uint64
	TxIndex    uint32
	EventIndex uint32
}

// Event is a committed event.
type Event struct {
	Block      uint64
	TxIndex    uint32
	EventIndex uint32  // within its transaction
	Contract   Address // the emitting contract
	Timestamp  uint64
	Topic      string
	Data       []byte
}

// Cursor is the event's place: set it as EventFilter.After to get the
// events after it.
func (e *Event) Cursor() EventCursor {
	return EventCursor{Block: e.Block, TxIndex: e.TxIndex, EventIndex: e.EventIndex}
}

// EventFilter selects committed events; the zero value selects the first 100.
type EventFilter struct {
	Contract  *Address // nil: any contract
	Topic     string   // "": any topic
	FromBlock uint64   // inclusive
	ToBlock   uint64   // inclusive; 0: no upper bound
	Limit     uint32   // at most this many; 0: 100
	// Paging: only events after this place (the previous page's last
	// event's Cursor()); nil: from the start.
	After *EventCursor
}

// Severity grades an anomaly.
type Severity uint8

const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
)

var severityNames = [...]string{"info", "low", "medium", "high"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// Anomaly is an execution the built-in analyzer flagged (e.g. "gas-spike");
// advisory.
type Anomaly struct {
	Contract Address
	Method   string
	GasUsed  uint64
	Severity Severity
	Code     string // e.g. "gas-spike"
	Message  string
	Place    string // "function N at offset 0xOFFSET" or ""
}
