// DYT_DCHECK(condition): an executable REQUIRES. In checked builds (the CMake
// option DYTALLIX_DCHECK, on in the dev, asan-ubsan and fuzz presets) a false
// condition prints the file, line and condition and aborts, so a broken
// invariant stops a test or a fuzzer at the line that noticed it. Otherwise
// the condition is not evaluated and costs nothing.
#ifndef DYTALLIX_BASE_CHECK_H_
#define DYTALLIX_BASE_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace dytallix::internal {

[[noreturn]] inline void DcheckFailed(const char* condition, const char* file,
                                      int line) {
  std::fprintf(stderr, "%s:%d: DYT_DCHECK failed: %s\n", file, line, condition);
  std::abort();
}

}  // namespace dytallix::internal

#ifdef DYTALLIX_DCHECK
#define DYT_DCHECK(condition) \
  ((condition)                \
       ? static_cast<void>(0) \
       : ::dytallix::internal::DcheckFailed(#condition, __FILE__, __LINE__))
#else
#define DYT_DCHECK(condition) static_cast<void>(sizeof(!(condition)))
#endif

#endif  // DYTALLIX_BASE_CHECK_H_
