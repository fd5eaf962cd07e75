// Programs built with DYTALLIX_MALLOC=jemalloc (cmake/allocator.cmake) must
// allocate through jemalloc: linked in the wrong place, its archive adds
// nothing and every allocation quietly stays with glibc's malloc (a first
// attempt at linking it did exactly that). Registered only in such builds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "gtest/gtest.h"

// jemalloc's control interface; weak, so that a program without jemalloc
// still links and the test fails on a null address instead.
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length,
                       void* new_value, size_t new_length)
    __attribute__((weak));

namespace {

uint64_t AllocatedByThisThread() {
  uint64_t bytes = 0;
  size_t length = sizeof(bytes);
  EXPECT_EQ(mallctl("thread.allocated", &bytes, &length, nullptr, 0), 0);
  return bytes;
}

TEST(AllocatorTest, JemallocIsLinked) {
  ASSERT_NE(&mallctl, nullptr);
  const char* version = nullptr;
  size_t length = sizeof(version);
  ASSERT_EQ(mallctl("version", &version, &length, nullptr, 0), 0);
  EXPECT_EQ(std::string(version).substr(0, 2), "5.");
}

TEST(AllocatorTest, MallocAndOperatorNewGoThroughJemalloc) {
  ASSERT_NE(&mallctl, nullptr);
  constexpr size_t kBytes = 1 << 20;
  const uint64_t before = AllocatedByThisThread();
  void* block = std::malloc(kBytes);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, kBytes);
  const uint64_t after_malloc = AllocatedByThisThread();
  std::free(block);
  EXPECT_GE(after_malloc - before, kBytes);
  auto array = std::make_unique<char[]>(kBytes);
  EXPECT_GE(AllocatedByThisThread() - after_malloc, kBytes);
}

}  // namespace
