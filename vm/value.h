// Value and Trap: what goes into and comes out of the VM.
//
// A Value is a typed 64-bit cell. Numbers are bit patterns (an f32 is its IEEE
// bits, so NaN payloads survive a round trip). References are:
//   null            the null funcref or externref,
//   a function      a FunctionInstance* owned by a Store,
//   a host value    an opaque externref number chosen by the embedder (the
//                   spec harness's `ref.extern N`), compared by number.
// The cell encoding is the VM's own slot encoding, so passing values in and
// out is a copy.
//
// Trap is the value an execution returns when it stops abnormally. Traps are
// never exceptions and never absl::Status inside the VM; the engine stays
// usable after one.
#ifndef DYTALLIX_VM_VALUE_H_
#define DYTALLIX_VM_VALUE_H_

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "base/place.h"
#include "decoder/module.h"

namespace dytallix::internal {

struct FunctionInstance;

class Value {
 public:
  Value() = default;  // i32 0

  static Value I32(uint32_t v) { return Value(ValType::kI32, v); }
  static Value I64(uint64_t v) { return Value(ValType::kI64, v); }
  static Value F32Bits(uint32_t bits) { return Value(ValType::kF32, bits); }
  static Value F64Bits(uint64_t bits) { return Value(ValType::kF64, bits); }
  static Value F32(float v) { return F32Bits(std::bit_cast<uint32_t>(v)); }
  static Value F64(double v) { return F64Bits(std::bit_cast<uint64_t>(v)); }
  // REQUIRES: IsRefType(type).
  static Value Null(ValType type) {
    DYT_DCHECK(IsRefType(type));
    return Value(type, 0);
  }
  // `f` may be null (then this is the null funcref).
  static Value FuncRef(const FunctionInstance* f) {
    return Value(ValType::kFuncRef, reinterpret_cast<uintptr_t>(f));
  }
  // A non-null host reference. REQUIRES: host_value != UINT64_MAX.
  static Value ExternRef(uint64_t host_value) {
    DYT_DCHECK(host_value != UINT64_MAX);
    return Value(ValType::kExternRef, host_value + 1);
  }
  // A value of `type` from a raw slot (the VM's encoding).
  static Value FromSlot(ValType type, uint64_t slot) {
    return Value(type, slot);
  }

  ValType type() const { return type_; }
  uint64_t slot() const { return bits_; }  // the VM's encoding

  uint32_t i32() const { return static_cast<uint32_t>(bits_); }
  uint64_t i64() const { return bits_; }
  uint32_t f32_bits() const { return static_cast<uint32_t>(bits_); }
  uint64_t f64_bits() const { return bits_; }
  float f32() const { return std::bit_cast<float>(f32_bits()); }
  double f64() const { return std::bit_cast<double>(bits_); }

  // For references only.
  bool is_null() const { return bits_ == 0; }
  const FunctionInstance* func() const {
    return reinterpret_cast<const FunctionInstance*>(bits_);
  }
  // REQUIRES: type() == kExternRef && !is_null().
  uint64_t extern_value() const {
    DYT_DCHECK(type_ == ValType::kExternRef && !is_null());
    return bits_ - 1;
  }

  // Same type and same bits (NaNs compare by payload).
  bool operator==(const Value&) const = default;

 private:
  Value(ValType type, uint64_t bits) : type_(type), bits_(bits) {}

  ValType type_ = ValType::kI32;
  uint64_t bits_ = 0;
};

enum class TrapKind : uint8_t {
  kUnreachable,
  kIntegerDivideByZero,
  kIntegerOverflow,
  kInvalidConversionToInteger,
  kOutOfBoundsMemoryAccess,
  kOutOfBoundsTableAccess,
  kUndefinedElement,
  kUninitializedElement,
  kIndirectCallTypeMismatch,
  kCallStackExhausted,
  kValueStackExhausted,
  kOutOfGas,
  kHost,  // a host function failed; the embedder's context knows why
};

// The stable text of a trap kind; for the spec's kinds it is the text of the
// spec suite's assert_trap (e.g. "out of bounds memory access").
std::string_view TrapKindName(TrapKind kind);

struct Trap {
  TrapKind kind = TrapKind::kUnreachable;
  // Where it happened: the function (index in its module's function index
  // space) and the byte offset in the module binary of the instruction that
  // trapped. A trap on entry (call depth, value stack) or in a host function
  // called by the embedder has offset 0; an instantiation segment's trap has
  // function 0 and the segment's byte offset. A host function's trap is
  // reported at the call instruction that reached it.
  uint32_t function_index = 0;
  uint32_t offset = 0;
  // The WebAssembly calls that led there, innermost first: each caller's
  // function and the offset of its call instruction. Within the Call that
  // trapped only (a host function's re-entry is a Call of its own). A stack
  // trace for people; never part of results, gas or state.
  std::vector<CodePlace> callers{};
  bool operator==(const Trap&) const = default;
};

// "<kind> in function <index> at offset 0x<offset>" (base/place.h).
std::string TrapText(const Trap& trap);

}  // namespace dytallix::internal

#endif  // DYTALLIX_VM_VALUE_H_
