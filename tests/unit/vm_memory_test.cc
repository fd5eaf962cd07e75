// Linear memory and tables: bounds checks, growth up to the profile's cap,
// bulk operations, segments.
#include "gtest/gtest.h"
#include "testing/vm_matchers.h"

namespace dytallix::testing {
namespace {

using ::testing::Not;

constexpr std::string_view kMemory = R"(
(module
  (memory (export "mem") 1)
  (data (i32.const 8) "\01\02\03\04\05\06\07\08")
  (data $passive "hello")
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load8_s_off") (param i32) (result i32)
    (i32.load8_s offset=0xFFFF (local.get 0)))
  (func (export "load_max_offset") (param i32) (result i32)
    (i32.load offset=0xFFFFFFFF (local.get 0)))
  (func (export "store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32)
    (memory.init $passive (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $passive))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
)";

TEST(VmMemoryTest, LoadsAreLittleEndianAndBoundsChecked) {
  WatVm vm(kMemory);
  EXPECT_THAT(vm.Call("load64", {I32(8)}), Returns(I64(0x0807060504030201)));
  EXPECT_THAT(vm.Call("load64", {I32(65536 - 8)}), Returns(I64(0)));
  EXPECT_THAT(vm.Call("load64", {I32(65536 - 7)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
  // addr + offset is computed in 64 bits: no wrap-around.
  EXPECT_THAT(vm.Call("load8_s_off", {I32(0)}), Returns(I32(0)));
  EXPECT_THAT(vm.Call("load8_s_off", {I32(1)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
  EXPECT_THAT(vm.Call("load_max_offset", {I32(1)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
}

TEST(VmMemoryTest, StoresTruncateAndAreVisibleToTheEmbedder) {
  WatVm vm(kMemory);
  EXPECT_THAT(vm.Call("store16", {I32(100), I32(0xABCDEF)}), Returns());
  auto mem = internal::ExportedMemory(vm.instance(), "mem");
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ((*mem)->bytes()[100], 0xEF);
  EXPECT_EQ((*mem)->bytes()[101], 0xCD);
  EXPECT_EQ((*mem)->bytes()[102], 0x00);
  (*mem)->WritableBytes()[0xFFFF] = 0x80;
  EXPECT_THAT(vm.Call("load8_s_off", {I32(0)}), Returns(I32(0xFFFFFF80)));
}

TEST(VmMemoryTest, BulkOperations) {
  WatVm vm(kMemory);
  EXPECT_THAT(vm.Call("fill", {I32(0), I32(0x1FF), I32(4)}), Returns());
  EXPECT_THAT(vm.Call("load64", {I32(0)}), Returns(I64(0x00000000FFFFFFFF)));
  // Overlapping copy behaves like memmove.
  EXPECT_THAT(vm.Call("copy", {I32(9), I32(8), I32(8)}), Returns());
  EXPECT_THAT(vm.Call("load64", {I32(8)}), Returns(I64(0x0706050403020101)));
  EXPECT_THAT(vm.Call("fill", {I32(65535), I32(0), I32(2)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
  EXPECT_THAT(vm.Call("copy", {I32(0), I32(65535), I32(0)}), Returns());
  EXPECT_THAT(vm.Call("init", {I32(200), I32(1), I32(4)}), Returns());
  EXPECT_THAT(vm.Call("load64", {I32(200)}), Returns(I64(0x6F6C6C65)));
  EXPECT_THAT(vm.Call("init", {I32(0), I32(2), I32(4)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
  EXPECT_THAT(vm.Call("drop"), Returns());
  EXPECT_THAT(vm.Call("init", {I32(0), I32(0), I32(1)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
  EXPECT_THAT(vm.Call("init", {I32(0), I32(0), I32(0)}), Returns());
}

TEST(VmMemoryTest, GrowStopsAtTheContractCapOf256Pages) {
  WatVm vm(kMemory, Profile::Contract());
  EXPECT_THAT(vm.Call("grow", {I32(254)}), Returns(I32(1)));
  EXPECT_THAT(vm.Call("grow", {I32(2)}), Returns(I32(-1)));
  EXPECT_THAT(vm.Call("grow", {I32(1)}), Returns(I32(255)));
  EXPECT_THAT(vm.Call("size"), Returns(I32(256)));
  EXPECT_THAT(vm.Call("grow", {I32(1)}), Returns(I32(-1)));
  EXPECT_THAT(vm.Call("grow", {I32(0)}), Returns(I32(256)));
  // The new pages are zero and accessible up to the last byte.
  EXPECT_THAT(vm.Call("load64", {I32(256 * 65536 - 8)}), Returns(I64(0)));
  EXPECT_THAT(vm.Call("load64", {I32(256 * 65536 - 7)}),
              Traps(TrapKind::kOutOfBoundsMemoryAccess));
}

TEST(VmMemoryTest, GrowRespectsDeclaredMaximum) {
  WatVm vm(R"((module (memory 1 3)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))");
  EXPECT_THAT(vm.Call("grow", {I32(3)}), Returns(I32(-1)));
  EXPECT_THAT(vm.Call("grow", {I32(2)}), Returns(I32(1)));
  EXPECT_THAT(vm.Call("grow", {I32(0x10000)}), Returns(I32(-1)));
}

constexpr std::string_view kTable = R"(
(module
  (table $t (export "t") 2 10 funcref)
  (table $e 1 externref)
  (elem $seg funcref (ref.func $a) (ref.null func) (ref.func $b))
  (func $a (result i32) (i32.const 10))
  (func $b (result i32) (i32.const 20))
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32) (result i32)
    (table.grow $t (ref.func $a) (local.get 0)))
  (func (export "init") (param i32 i32 i32)
    (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (elem.drop $seg))
  (func (export "is_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
  (func (export "call") (param i32) (result i32)
    (call_indirect $t (result i32) (local.get 0)))
  (func (export "fill") (param i32 i32)
    (table.fill $t (local.get 0) (ref.func $b) (local.get 1)))
  (func (export "copy") (param i32 i32 i32)
    (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "set_extern") (param externref) (table.set $e (i32.const 0) (local.get 0)))
  (func (export "get_extern") (result externref) (table.get $e (i32.const 0))))
)";

TEST(VmTableTest, GrowInitFillCopy) {
  WatVm vm(kTable);
  EXPECT_THAT(vm.Call("size"), Returns(I32(2)));
  EXPECT_THAT(vm.Call("grow", {I32(3)}), Returns(I32(2)));
  EXPECT_THAT(vm.Call("grow", {I32(6)}), Returns(I32(-1)));
  EXPECT_THAT(vm.Call("call", {I32(4)}), Returns(I32(10)));
  EXPECT_THAT(vm.Call("init", {I32(0), I32(0), I32(3)}), Returns());
  EXPECT_THAT(vm.Call("call", {I32(2)}), Returns(I32(20)));
  EXPECT_THAT(vm.Call("is_null", {I32(1)}), Returns(I32(1)));
  EXPECT_THAT(vm.Call("call", {I32(1)}),
              Traps(TrapKind::kUninitializedElement));
  EXPECT_THAT(vm.Call("init", {I32(3), I32(0), I32(3)}),
              Traps(TrapKind::kOutOfBoundsTableAccess));
  EXPECT_THAT(vm.Call("drop"), Returns());
  EXPECT_THAT(vm.Call("init", {I32(0), I32(0), I32(1)}),
              Traps(TrapKind::kOutOfBoundsTableAccess));
  EXPECT_THAT(vm.Call("fill", {I32(0), I32(2)}), Returns());
  EXPECT_THAT(vm.Call("call", {I32(1)}), Returns(I32(20)));
  EXPECT_THAT(vm.Call("copy", {I32(3), I32(0), I32(2)}), Returns());
  EXPECT_THAT(vm.Call("call", {I32(4)}), Returns(I32(20)));
  EXPECT_THAT(vm.Call("fill", {I32(5), I32(1)}),
              Traps(TrapKind::kOutOfBoundsTableAccess));
  EXPECT_THAT(vm.Call("is_null", {I32(5)}),
              Traps(TrapKind::kOutOfBoundsTableAccess));
}

TEST(VmTableTest, ExternrefsRoundTripByHostValue) {
  WatVm vm(kTable);
  EXPECT_THAT(vm.Call("get_extern"),
              Returns(Value::Null(internal::ValType::kExternRef)));
  EXPECT_THAT(vm.Call("set_extern", {Value::ExternRef(0)}), Returns());
  EXPECT_THAT(vm.Call("get_extern"), Returns(Value::ExternRef(0)));
  EXPECT_THAT(vm.Call("get_extern"), Not(Returns(Value::ExternRef(1))));
}

}  // namespace
}  // namespace dytallix::testing
