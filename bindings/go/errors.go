package dytallix

// #include "dytallix/dytallix.h"
import "C"

import "errors"

// The sentinels of the C API's dyt_error codes: test with errors.Is.
var (
	// ErrInvalidArgument: a bad request or module (DYT_INVALID_ARGUMENT).
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrNotFound: no such contract or method, or no store at DBPath while
	// Mode is not OpenCreate (DYT_NOT_FOUND).
	ErrNotFound = errors.New("not found")
	// ErrAborted: a commit conflict with a concurrent call; nothing was
	// written; retry (DYT_ABORTED).
	ErrAborted = errors.New("aborted")
	// ErrUnavailable: the database is locked by another process, or a
	// fail-closed analyzer plugin failed or timed out (DYT_UNAVAILABLE).
	ErrUnavailable = errors.New("unavailable")
	// ErrFailedPrecondition: e.g. another state format version, a DBPath
	// holding something other than a store, or a write to a read-only
	// runtime (DYT_FAILED_PRECONDITION).
	ErrFailedPrecondition = errors.New("failed precondition")
	// ErrDataLoss: corrupt or incomplete state files; the store is refused
	// and left untouched (DYT_DATA_LOSS).
	ErrDataLoss = errors.New("data loss")
	// ErrInternal: any other failure (DYT_INTERNAL).
	ErrInternal = errors.New("internal error")
)

// ErrClosed is returned by every method of a Runtime after Close.
var ErrClosed = errors.New("dytallix: runtime is closed")

// ErrOutputTruncated comes with the Outcome of a Call or Deploy whose output
// was longer than Config.MaxCallOutput. The request ran (and committed, if it
// returned normally); the Outcome's Output holds its first MaxCallOutput
// bytes and OutputLen the full length. Query and EstimateGas run again with
// a larger buffer instead, and return it only if the output still grew
// between their last runs (state committed meanwhile).
var ErrOutputTruncated = errors.New("dytallix: output longer than its buffer")

// Error is a failed request: which operation, the C API's code (one of the
// sentinels above, which errors.Is matches) and its message.
type Error struct {
	Op      string // e.g. `call "transfer"`, "deploy", "open"
	Code    error  // ErrInvalidArgument ... ErrInternal
	Message string // dyt_last_error's message
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "dytallix: " + e.Op + ": " + e.Code.Error()
	}
	return "dytallix: " + e.Op + ": " + e.Code.Error() + ": " + e.Message
}

// Unwrap returns Code, so errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Code }

func codeError(code C.dyt_error) error {
	switch code {
	case C.DYT_INVALID_ARGUMENT:
		return ErrInvalidArgument
	case C.DYT_NOT_FOUND:
		return ErrNotFound
	case C.DYT_ABORTED:
		return ErrAborted
	case C.DYT_UNAVAILABLE:
		return ErrUnavailable
	case C.DYT_FAILED_PRECONDITION:
		return ErrFailedPrecondition
	case C.DYT_DATA_LOSS:
		return ErrDataLoss
	default:
		return ErrInternal
	}
}

// newError returns nil for DYT_OK, else an *Error with the message.
func newError(op string, code C.dyt_error, message string) error {
	if code == C.DYT_OK {
		return nil
	}
	return &Error{Op: op, Code: codeError(code), Message: message}
}

// invalid is an *Error for a request the binding refuses before C sees it.
func invalid(op, message string) error {
	return &Error{Op: op, Code: ErrInvalidArgument, Message: message}
}
