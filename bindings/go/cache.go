package dytallix

// #include "shim.h"
import "C"

// CacheMetrics describes the compiled-code cache (dyt_cache_metrics).
type CacheMetrics struct {
	HitsPinned    uint64 // lookups answered by pinned code
	HitsMemory    uint64 // lookups answered by the LRU tier
	Misses        uint64 // lookups that compiled
	Evictions     uint64 // LRU entries dropped for the budget
	EntriesPinned uint64
	EntriesMemory uint64
	BytesPinned   uint64
	BytesMemory   uint64
	ByteBudget    uint64 // Config.CacheBytes, or the default
}

// Pin keeps the compiled code of the contract at address cached whatever
// the budget; ErrNotFound if there is no contract there. Caching never
// changes gas or results.
func (r *Runtime) Pin(address Address) error { return r.pin(address, true) }

// Unpin returns the contract's code to the LRU tier.
func (r *Runtime) Unpin(address Address) error { return r.pin(address, false) }

func (r *Runtime) pin(address Address, pin bool) error {
	handle, err := r.acquire()
	if err != nil {
		return err
	}
	defer r.mu.RUnlock()
	op := "unpin "
	if pin {
		op = "pin "
	}
	message := newCMessage()
	defer message.free()
	code := C.dytgo_pin(handle, addressPtr(&address), cBool(pin), message.ptr, messageCap)
	return newError(op+address.String(), code, message.String())
}

// CacheMetrics reports the compiled-code cache's counters and sizes.
func (r *Runtime) CacheMetrics() (CacheMetrics, error) {
	handle, err := r.acquire()
	if err != nil {
		return CacheMetrics{}, err
	}
	defer r.mu.RUnlock()
	var m C.dyt_cache_metrics
	C.dyt_cache_metrics_get(handle, &m)
	return CacheMetrics{
		HitsPinned:    uint64(m.hits_pinned),
		HitsMemory:    uint64(m.hits_memory),
		Misses:        uint64(m.misses),
		Evictions:     uint64(m.evictions),
		EntriesPinned: uint64(m.entries_pinned),
		EntriesMemory: uint64(m.entries_memory),
		BytesPinned:   uint64(m.bytes_pinned),
		BytesMemory:   uint64(m.bytes_memory),
		ByteBudget:    uint64(m.byte_budget),
	}, nil
}
