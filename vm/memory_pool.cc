#include "vm/memory_pool.h"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "base/check.h"
#include "vm/store.h"

namespace dytallix::internal {
namespace {

struct Reservation {
  uint8_t* base;
  uint64_t reserved;
  uint64_t accessible;  // zero bytes; the rest PROT_NONE
};

// Trivially destructible, so it stays usable after the thread's PoolCloser
// has run (a memory or stack freed by a later thread_local destructor is
// unmapped or deleted).
struct Pool {
  Reservation entries[kMemoryPoolSize] = {};
  int size = 0;
  ExecutionStack* stack = nullptr;  // and the limits it was made for:
  uint32_t stack_slots = 0;         // max_value_stack
  uint32_t stack_depth = 0;         // max_call_depth
  bool closed = false;
};
thread_local constinit Pool pool;

// The bytes of the written-page map before a reservation of `reserved`
// bytes: one per 4 KiB page, rounded up to 64 KiB (a multiple of any page
// size mprotect works in).
uint64_t MapBytes(uint64_t reserved) {
  const uint64_t pages =
      (reserved + (1 << kWrittenPageShift) - 1) >> kWrittenPageShift;
  return (pages + 0xffff) & ~uint64_t{0xffff};
}

// Unmaps a reservation and its map.
void UnmapReservation(uint8_t* base, uint64_t reserved) {
  const uint64_t map = MapBytes(reserved);
  munmap(base - map, map + reserved);
}

// Unmaps a pooled reservation. ASan does not clear the shadow of unmapped
// pages: a later mapping at the same address must not inherit the poison.
void Unmap(const Reservation& r) {
  ASAN_UNPOISON_MEMORY_REGION(r.base, r.accessible);
  UnmapReservation(r.base, r.reserved);
}

// Empties the pool when its thread exits.
struct PoolCloser {
  ~PoolCloser() {
    for (int i = 0; i < pool.size; ++i) Unmap(pool.entries[i]);
    pool.size = 0;
    delete pool.stack;
    pool.stack = nullptr;
    pool.closed = true;
  }
};

// Registers the thread's PoolCloser; called before anything enters the pool.
void OpenPool() {
  static thread_local PoolCloser closer;
  (void)closer;
}

// Makes exactly the first `to` bytes of `r` accessible. The bytes it makes
// inaccessible are zero, so they are zero again if they come back.
bool Resize(const Reservation& r, uint64_t to) {
  if (to > r.accessible) {
    return mprotect(r.base + r.accessible, to - r.accessible,
                    PROT_READ | PROT_WRITE) == 0;
  }
  if (to < r.accessible) {
    return mprotect(r.base + to, r.accessible - to, PROT_NONE) == 0;
  }
  return true;
}

// Zeroes the first `accessible` bytes at `base` and clears their marks: the
// cheaper way for each part (memset of the written pages among those kept
// resident, MADV_DONTNEED for the large rest).
bool Zero(uint8_t* base, uint64_t accessible) {
  constexpr uint64_t kPage = uint64_t{1} << kWrittenPageShift;
  const uint64_t kept = std::min(accessible, kMemoryKeepResident);
  const uint64_t kept_pages = kept >> kWrittenPageShift;
  uint64_t page = 0;
  while (page < kept_pages) {
    if (WrittenMark(base, page) == 0) {
      ++page;
      continue;
    }
    // A run of written pages, cleared at once (their marks lie below them).
    uint64_t end = page + 1;
    while (end < kept_pages && WrittenMark(base, end) != 0) ++end;
    std::memset(base + page * kPage, 0, (end - page) * kPage);
    std::memset(&WrittenMark(base, end - 1), 0, end - page);
    page = end;
  }
  DYT_DCHECK(std::all_of(base, base + kept, [](uint8_t b) { return b == 0; }));
  if (accessible == kept) return true;
  const uint64_t pages = accessible >> kWrittenPageShift;
  std::memset(&WrittenMark(base, pages - 1), 0, pages - kept_pages);
  return madvise(base + kept, accessible - kept, MADV_DONTNEED) == 0;
}

uint8_t* MapFresh(uint64_t reserved, uint64_t accessible) {
  const uint64_t map = MapBytes(reserved);
  void* p = mmap(nullptr, map + reserved, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  uint8_t* base = static_cast<uint8_t*>(p) + map;
  const Reservation fresh{base, reserved, 0};
  if (mprotect(p, map, PROT_READ | PROT_WRITE) != 0 ||
      !Resize(fresh, accessible)) {
    UnmapReservation(base, reserved);
    return nullptr;
  }
  return base;
}

}  // namespace

uint8_t* AcquireMemoryReservation(uint64_t reserved, uint64_t accessible) {
  // The most recently released first: its pages are the likeliest cached.
  for (int i = pool.size - 1; i >= 0; --i) {
    const Reservation r = pool.entries[i];
    if (r.reserved != reserved) continue;
    std::copy(pool.entries + i + 1, pool.entries + pool.size, pool.entries + i);
    --pool.size;
    if (!Resize(r, accessible)) {
      Unmap(r);
      break;
    }
    // All it had poisoned: the part now PROT_NONE may be grown into.
    ASAN_UNPOISON_MEMORY_REGION(r.base, std::max(accessible, r.accessible));
    return r.base;
  }
  return MapFresh(reserved, accessible);
}

void ReleaseMemoryReservation(uint8_t* base, uint64_t reserved,
                              uint64_t accessible) {
  OpenPool();
  if (pool.closed || pool.size == kMemoryPoolSize || !Zero(base, accessible)) {
    UnmapReservation(base, reserved);
    return;
  }
  // Under ASan, a stale pointer into a memory that was freed reports.
  ASAN_POISON_MEMORY_REGION(base, accessible);
  pool.entries[pool.size++] = {base, reserved, accessible};
}

std::unique_ptr<ExecutionStack> AcquireExecutionStack(const Profile& profile) {
  if (pool.stack != nullptr && pool.stack_slots == profile.max_value_stack &&
      pool.stack_depth == profile.max_call_depth) {
    return std::unique_ptr<ExecutionStack>(std::exchange(pool.stack, nullptr));
  }
  auto stack = std::make_unique<ExecutionStack>();
  // Not value-initialised: the pages are touched only as frames use them.
  stack->slots.reset(new uint64_t[profile.max_value_stack]);
  stack->frames.reserve(std::min<uint32_t>(profile.max_call_depth, 4096));
  return stack;
}

void ReleaseExecutionStack(std::unique_ptr<ExecutionStack> stack,
                           const Profile& profile) {
  // The run loop and Call unwind what they used, also on a trap.
  DYT_DCHECK(stack->slots_used == 0 && stack->depth == 0 &&
             stack->reentry == 0 && stack->frames.empty());
  OpenPool();
  if (pool.closed) return;
  delete pool.stack;
  pool.stack = stack.release();
  pool.stack_slots = profile.max_value_stack;
  pool.stack_depth = profile.max_call_depth;
}

}  // namespace dytallix::internal
