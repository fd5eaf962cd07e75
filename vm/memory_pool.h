// What a contract call allocates, reused per thread: address-space
// reservations for linear memories, and a Store's call stack.
//
// A contract call instantiates a fresh memory (host/executor.h); mapping and
// unmapping its reservation each time costs a page-table build, faults on
// first touch, and a TLB flush on unmap. So a released reservation goes into
// a small pool of the releasing thread, zeroed, and the next memory of the
// same reservation size on that thread takes it.
//
// A reservation from the pool is indistinguishable from a fresh one to the
// VM: its first `accessible` bytes are readable, writable and zero, and every
// byte past them up to `reserved` is PROT_NONE (faults on access).
//
// A call also gets a fresh Store, whose call stack (an 8 MiB value array and
// a 96 KiB frame vector) was two large heap allocations per call, each making
// malloc consolidate its free lists. So the pool also keeps the call stack of
// the last Store destroyed on the thread, for the next Store with the same
// limits. Its value slots are not cleared: validated code writes a slot
// before it reads it, so what an earlier call left there is never seen.
//
// A released reservation is zeroed only where it was written: each
// reservation is preceded by a map of one byte per 4 KiB page of it (the
// byte of page p at base - 1 - p), and whatever writes linear memory marks
// the pages it wrote (MarkWritten; the interpreter's store handlers inline).
// A contract call that wrote 3 pages of its 128 KiB memory then clears 12
// KiB, where clearing all of it was a tenth of a token transfer's time.
// Debug builds check that a released reservation is all zero after that.
//
// Thread-safety: each thread has its own pool (thread_local); a reservation
// or a stack may be released on another thread than the one that acquired
// it. At thread exit the thread's pool is unmapped and freed.
#ifndef DYTALLIX_VM_MEMORY_POOL_H_
#define DYTALLIX_VM_MEMORY_POOL_H_

#include <cstdint>
#include <cstring>
#include <memory>

#include "base/profile.h"

namespace dytallix::internal {

// How many released reservations a thread keeps.
inline constexpr int kMemoryPoolSize = 4;
// Of a released reservation's accessible bytes, this many are zeroed with
// memset and stay resident; the rest go back to the kernel (MADV_DONTNEED)
// and fault in zero when touched again. Bounds what a pool holds resident.
// Measured on the token contract (2 pages): memset of the 128 KiB costs far
// less than MADV_DONTNEED and the faults that follow (runtime_bench transfer
// 23.5 us vs 31.5 us, query 9.7 us vs 15.6 us).
inline constexpr uint64_t kMemoryKeepResident = 256 << 10;

// A reservation of `reserved` bytes (a multiple of the page size) whose first
// `accessible` bytes (<= reserved, a multiple of the page size) are readable,
// writable and zero, the rest inaccessible. Null if the address space cannot
// be had. Release it with ReleaseMemoryReservation.
uint8_t* AcquireMemoryReservation(uint64_t reserved, uint64_t accessible);

// Releases a reservation from AcquireMemoryReservation(reserved, ...) whose
// first `accessible` bytes are now readable and writable (it may have grown)
// and the rest inaccessible. The caller must not touch it afterwards.
void ReleaseMemoryReservation(uint8_t* base, uint64_t reserved,
                              uint64_t accessible);

// The written-page map's unit.
inline constexpr uint64_t kWrittenPageShift = 12;

// The map byte of page `page` of the reservation at `base`: non-zero if the
// page was written since the reservation was last cleared.
[[gnu::always_inline]] inline uint8_t& WrittenMark(uint8_t* base,
                                                   uint64_t page) {
  return *(base - 1 - page);
}

// Marks the bytes [offset, offset + length) of the reservation at `base` as
// written. REQUIRES: they are accessible.
inline void MarkWritten(uint8_t* base, uint64_t offset, uint64_t length) {
  if (length == 0) return;
  const uint64_t first = offset >> kWrittenPageShift;
  const uint64_t last = (offset + length - 1) >> kWrittenPageShift;
  std::memset(&WrittenMark(base, last), 1, last - first + 1);
}

// The same for an access of at most a page (a store instruction's): the
// pages of its first and last byte, one page or two, marked without a call.
[[gnu::always_inline]] inline void MarkAccessWritten(uint8_t* base,
                                                     uint64_t offset,
                                                     uint64_t length) {
  WrittenMark(base, offset >> kWrittenPageShift) = 1;
  WrittenMark(base, (offset + length - 1) >> kWrittenPageShift) = 1;
}

struct ExecutionStack;  // vm/store.h

// A call stack with `profile`'s value-stack slots and call depth, at rest (no
// frames, nothing used): the pooled one if its limits are these, else a new
// one.
std::unique_ptr<ExecutionStack> AcquireExecutionStack(const Profile& profile);

// Releases `stack`, from AcquireExecutionStack(profile) and at rest again,
// to the pool of the calling thread (replacing the one it held).
void ReleaseExecutionStack(std::unique_ptr<ExecutionStack> stack,
                           const Profile& profile);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_MEMORY_POOL_H_
