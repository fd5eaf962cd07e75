package dytallix

// #include <stdlib.h>
// #include "shim.h"
import "C"

import (
	"fmt"
	"math"
	"strings"
	"unsafe"
)

// Events returns the committed events that match filter, in chain order. To
// read the next page, set filter.After to the last event's Cursor().
func (r *Runtime) Events(filter EventFilter) ([]Event, error) {
	handle, err := r.acquire()
	if err != nil {
		return nil, err
	}
	defer r.mu.RUnlock()
	return events(handle, &filter)
}

func events(handle *C.dyt_runtime, filter *EventFilter) ([]Event, error) {
	if strings.IndexByte(filter.Topic, 0) >= 0 {
		return nil, invalid("events", "the topic contains a NUL byte")
	}
	var contract *C.uint8_t
	if filter.Contract != nil {
		address := *filter.Contract // a copy: the caller's may change
		contract = addressPtr(&address)
	}
	var topic *C.char
	if filter.Topic != "" {
		bytes := append([]byte(filter.Topic), 0)
		topic = (*C.char)(unsafe.Pointer(&bytes[0]))
	}
	var after C.dyt_event_cursor
	hasAfter := filter.After != nil
	if hasAfter {
		after.block = C.uint64_t(filter.After.Block)
		after.tx_index = C.uint32_t(filter.After.TxIndex)
		after.event_index = C.uint32_t(filter.After.EventIndex)
	}
	var list *C.dyt_event_list
	message := newCMessage()
	defer message.free()
	code := C.dytgo_events(handle, contract, topic, C.uint64_t(filter.FromBlock),
		C.uint64_t(filter.ToBlock), C.uint32_t(filter.Limit), cBool(hasAfter), after,
		&list, message.ptr, messageCap)
	if err := newError("events", code, message.String()); err != nil {
		return nil, err
	}
	defer C.dyt_event_list_free(list)
	n := int(C.dyt_event_list_size(list))
	out := make([]Event, n)
	for i := range out {
		out[i] = copyEvent(C.dyt_event_list_get(list, C.size_t(i)))
	}
	return out, nil
}

// copyEvent copies an event out of its list, which is freed after.
func copyEvent(e *C.dyt_event) Event {
	return Event{
		Block:      uint64(e.block),
		TxIndex:    uint32(e.tx_index),
		EventIndex: uint32(e.event_index),
		Contract:   *(*Address)(unsafe.Pointer(&e.contract[0])),
		Timestamp:  uint64(e.timestamp),
		Topic:      C.GoStringN(e.topic, C.int(e.topic_len)),
		Data:       copyBytes(e.data, e.data_len),
	}
}

// transactionEvents reads the events a committed request emitted: the C
// outcome has only their count, and they are the first events of the
// request's (block, tx index), any contract.
func (r *Runtime) transactionEvents(handle *C.dyt_runtime, block uint64,
	outcome *Outcome) ([]Event, error) {
	filter := EventFilter{FromBlock: block, ToBlock: block, Limit: uint32(outcome.EventCount)}
	if outcome.TxIndex > 0 {
		filter.After = &EventCursor{Block: block, TxIndex: outcome.TxIndex - 1,
			EventIndex: math.MaxUint32}
	}
	found, err := events(handle, &filter)
	if err != nil {
		return nil, err
	}
	for _, event := range found {
		if event.TxIndex != outcome.TxIndex {
			found = nil
		}
	}
	if len(found) != outcome.EventCount {
		return nil, &Error{Op: "events", Code: ErrInternal, Message: fmt.Sprintf(
			"found %d events at block %d tx %d, the call emitted %d",
			len(found), block, outcome.TxIndex, outcome.EventCount)}
	}
	return found, nil
}
