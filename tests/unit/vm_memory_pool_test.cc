// Reused linear-memory reservations (vm/memory_pool.h): a memory that takes a
// released reservation is zero, has its own size, and faults past it, as a
// fresh one does.
#include <cstdint>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "base/profile.h"
#include "gtest/gtest.h"
#include "testing/vm_matchers.h"
#include "vm/engine.h"
#include "vm/memory_pool.h"
#include "vm/store.h"

namespace dytallix::internal {
namespace {

constexpr uint64_t kPage = MemoryInstance::kPageSize;

MemoryType Pages(uint32_t min) {
  MemoryType type;
  type.limits.min = min;
  type.limits.max = 256;
  return type;
}

// A memory of `min` pages in a Store of its own, so it can be freed alone.
struct OwnedMemory {
  explicit OwnedMemory(uint32_t min)
      : store(std::make_unique<Store>(Profile::Contract())),
        memory(store->NewMemory(Pages(min))) {}
  std::unique_ptr<Store> store;
  MemoryInstance* memory;
};

TEST(VmMemoryPoolTest, AReusedMemoryIsZeroAndHasItsOwnSize) {
  uint8_t* first_base = nullptr;
  {
    OwnedMemory used(2);
    ASSERT_NE(used.memory, nullptr);
    first_base = used.memory->base();
    ASSERT_EQ(used.memory->Grow(3), 2);
    for (uint64_t i = 0; i < used.memory->size(); i += 4093) {
      const uint8_t byte = 0xAB;
      used.memory->Write(i, {&byte, 1});
    }
    used.memory->WritableBytes().back() = 0xCD;
  }
  OwnedMemory reused(2);
  ASSERT_NE(reused.memory, nullptr);
  EXPECT_EQ(reused.memory->base(), first_base);  // it came from the pool
  EXPECT_EQ(reused.memory->pages(), 2u);
  EXPECT_EQ(reused.memory->type().limits.min, 2u);
  for (uint8_t byte : reused.memory->bytes()) ASSERT_EQ(byte, 0);
  // The pages it had grown into come back zero too.
  ASSERT_EQ(reused.memory->Grow(4), 2);
  for (uint8_t byte : reused.memory->bytes()) ASSERT_EQ(byte, 0);
}

TEST(VmMemoryPoolTest, AReusedMemoryFaultsPastItsSize) {
  {
    OwnedMemory used(2);
    ASSERT_NE(used.memory, nullptr);
    ASSERT_EQ(used.memory->Grow(2), 2);
    used.memory->WritableBytes()[3 * kPage] = 1;
  }
  OwnedMemory reused(2);
  ASSERT_NE(reused.memory, nullptr);
  volatile uint8_t* past = reused.memory->base() + 2 * kPage;
  EXPECT_DEATH(*past = 1, "");
}

TEST(VmMemoryPoolTest, AMemoryLargerThanItsPooledReservationIsAccessible) {
  { OwnedMemory used(1); }
  OwnedMemory reused(5);
  ASSERT_NE(reused.memory, nullptr);
  reused.memory->WritableBytes()[5 * kPage - 1] = 7;
  EXPECT_EQ(reused.memory->bytes()[5 * kPage - 1], 7);
}

// Every way code writes memory marks the pages it wrote: after a memory
// written by each (stores, one straddling two pages, fill, copy, init) is
// freed, the next memory from its reservation is all zero.
TEST(VmMemoryPoolTest, EveryWriteByCodeIsClearedForTheNextMemory) {
  constexpr std::string_view kWriter = R"(
(module
  (memory (export "mem") 3)
  (data $passive "hello")
  (func (export "write")
    (i64.store (i32.const 4092) (i64.const -1))
    (i32.store8 (i32.const 70000) (i32.const 7))
    (memory.fill (i32.const 100000) (i32.const 9) (i32.const 20000))
    (memory.copy (i32.const 150000) (i32.const 4092) (i32.const 8))
    (memory.init $passive (i32.const 196000) (i32.const 0) (i32.const 5))))
)";
  const uint8_t* first_base = nullptr;
  {
    testing::WatVm vm(kWriter);
    ASSERT_THAT(vm.Call("write", {}), testing::Returns());
    auto memory = ExportedMemory(vm.instance(), "mem");
    ASSERT_TRUE(memory.ok());
    first_base = (*memory)->base();
    for (uint64_t at : {4092, 4099, 70000, 100000, 119999, 150007, 196004}) {
      EXPECT_NE((*memory)->bytes()[at], 0) << at;
    }
  }
  testing::WatVm next(kWriter);
  auto memory = ExportedMemory(next.instance(), "mem");
  ASSERT_TRUE(memory.ok());
  ASSERT_EQ((*memory)->base(), first_base);  // the same reservation
  for (uint64_t at = 0; at < (*memory)->size(); ++at) {
    ASSERT_EQ((*memory)->bytes()[at], 0) << at;
  }
}

#ifdef DYTALLIX_DCHECK
// A write that is not marked is not cleared; debug builds catch it when the
// memory is released.
TEST(VmMemoryPoolDeathTest, AnUnmarkedWriteFailsTheCheckOnRelease) {
  EXPECT_DEATH(
      {
        OwnedMemory memory(1);
        memory.memory->base()[5000] = 1;
      },
      "");
}
#endif

TEST(VmMemoryPoolTest, APoolKeepsAtMostItsSize) {
  constexpr uint64_t kReserved = 16 * kPage;
  constexpr int kMany = kMemoryPoolSize + 2;
  std::vector<uint8_t*> bases;
  for (int i = 0; i < kMany; ++i) {
    bases.push_back(AcquireMemoryReservation(kReserved, kPage));
    ASSERT_NE(bases.back(), nullptr);
  }
  const std::set<uint8_t*> released(bases.begin(), bases.end());
  for (uint8_t* base : bases) ReleaseMemoryReservation(base, kReserved, kPage);
  int reused = 0;
  bases.clear();
  for (int i = 0; i < kMany; ++i) {
    bases.push_back(AcquireMemoryReservation(kReserved, kPage));
    ASSERT_NE(bases.back(), nullptr);
    reused += released.count(bases.back()) ? 1 : 0;
  }
  // Freshly mapped ones may land on an address unmapped above; at least
  // the pooled ones are reused, and never more than were released.
  EXPECT_GE(reused, kMemoryPoolSize);
  for (uint8_t* base : bases) ReleaseMemoryReservation(base, kReserved, kPage);
}

TEST(VmMemoryPoolTest, OnlyAReservationOfTheSameSizeIsReused) {
  uint8_t* small = AcquireMemoryReservation(4 * kPage, kPage);
  ASSERT_NE(small, nullptr);
  ReleaseMemoryReservation(small, 4 * kPage, kPage);
  uint8_t* large = AcquireMemoryReservation(8 * kPage, kPage);
  ASSERT_NE(large, nullptr);
  EXPECT_NE(large, small);
  ReleaseMemoryReservation(large, 8 * kPage, kPage);
}

}  // namespace
}  // namespace dytallix::internal
