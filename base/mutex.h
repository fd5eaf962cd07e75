// The library's one set of locks: Mutex, SharedMutex (readers and writers),
// their scoped holders MutexLock, ReaderMutexLock and WriterMutexLock, and
// CondVar. Thin wrappers over std::mutex, std::shared_mutex and
// std::condition_variable, annotated with Abseil's thread-safety attributes,
// so clang's -Wthread-safety (on in the strict presets) checks every
// ABSL_GUARDED_BY field and ABSL_EXCLUSIVE_LOCKS_REQUIRED function. They are
// pthread locks underneath, which ThreadSanitizer understands.
//
// Typical use:
//   mutable Mutex mu_;
//   uint64_t commits_ ABSL_GUARDED_BY(mu_);
//   uint64_t Commits() const { MutexLock lock(&mu_); return commits_; }
//
// None of these types may be copied or moved. A lock must be released by
// the thread that acquired it; locks are not recursive.
#ifndef DYTALLIX_BASE_MUTEX_H_
#define DYTALLIX_BASE_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "absl/base/thread_annotations.h"

namespace dytallix::internal {

class CondVar;

// An exclusive lock.
class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

// A reader-writer lock: many readers, or one writer.
class ABSL_LOCKABLE SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  void ReaderLock() ABSL_SHARED_LOCK_FUNCTION() { mu_.lock_shared(); }
  void ReaderUnlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

// Holds `*mu` from construction to the end of the scope. The scope may
// release and retake it in between with mu->Unlock() and mu->Lock().
class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->Lock();
  }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// Holds `*mu` shared (as a reader) for the scope.
class ABSL_SCOPED_LOCKABLE ReaderMutexLock {
 public:
  explicit ReaderMutexLock(SharedMutex* mu) ABSL_SHARED_LOCK_FUNCTION(mu)
      : mu_(mu) {
    mu_->ReaderLock();
  }
  ~ReaderMutexLock() ABSL_UNLOCK_FUNCTION() { mu_->ReaderUnlock(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Holds `*mu` exclusively (as the writer) for the scope.
class ABSL_SCOPED_LOCKABLE WriterMutexLock {
 public:
  explicit WriterMutexLock(SharedMutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu)
      : mu_(mu) {
    mu_->Lock();
  }
  ~WriterMutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  WriterMutexLock(const WriterMutexLock&) = delete;
  WriterMutexLock& operator=(const WriterMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// A condition variable for a Mutex. Waits may wake spuriously, so a waiter
// re-checks its condition in a loop:
//   MutexLock lock(&mu_);
//   while (!done_) done_changed_.Wait(&mu_);
// and whoever changes the condition does so holding the mutex, then calls
// Signal or SignalAll.
class CondVar {
 public:
  using Clock = std::chrono::steady_clock;

  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases `*mu` and blocks until signalled (or woken spuriously), then
  // takes `*mu` again before returning. REQUIRES: the caller holds `*mu`.
  void Wait(Mutex* mu) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // still held: the caller's
  }

  // Like Wait, but also wakes at `deadline`. Returns false if it woke because
  // the deadline had passed, true otherwise. `*mu` is held on return either
  // way. REQUIRES: the caller holds `*mu`.
  bool WaitUntil(Mutex* mu, Clock::time_point deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const std::cv_status status = cv_.wait_until(lock, deadline);
    lock.release();
    return status == std::cv_status::no_timeout;
  }

  // Wakes one waiter, or every waiter.
  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_MUTEX_H_
