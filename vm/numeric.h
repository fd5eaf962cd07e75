// The semantics of WebAssembly's numeric instructions, one inline function
// per instruction, named like its opcode (vm/vm_ops.def lists their types).
//
// Floats follow IEEE-754 exactly as WebAssembly 2.0 specifies: round to
// nearest-even, nearest = round-half-even, min/max propagate NaN and order
// -0 < +0, abs/neg/copysign work on the sign bit only. NaN results here are
// whatever the hardware yields (an arithmetic NaN); canonicalization, when a
// profile asks for it, is a separate instruction the compiler appends.
//
// Integer operands are passed as unsigned bit patterns; the signed variants
// reinterpret them. Helpers that can trap return false and set *trap.
#ifndef DYTALLIX_VM_NUMERIC_H_
#define DYTALLIX_VM_NUMERIC_H_

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "vm/value.h"

namespace dytallix::internal::numeric {

inline constexpr uint32_t kCanonicalNanF32 = 0x7FC00000u;
inline constexpr uint64_t kCanonicalNanF64 = 0x7FF8000000000000ull;

inline int32_t S(uint32_t v) { return static_cast<int32_t>(v); }
inline int64_t S(uint64_t v) { return static_cast<int64_t>(v); }
inline uint32_t B(bool v) { return v ? 1 : 0; }

// i32 and i64, written once for both widths.
template <typename T>
T Clz(T a) {
  return std::countl_zero(a);
}
template <typename T>
T Ctz(T a) {
  return std::countr_zero(a);
}
template <typename T>
T Popcnt(T a) {
  return std::popcount(a);
}
template <typename T>
T Shl(T a, T b) {
  return a << (b & (sizeof(T) * 8 - 1));
}
template <typename T>
T ShrU(T a, T b) {
  return a >> (b & (sizeof(T) * 8 - 1));
}
template <typename T>
T ShrS(T a, T b) {
  return static_cast<T>(S(a) >> (b & (sizeof(T) * 8 - 1)));
}
template <typename T>
T Rotl(T a, T b) {
  return std::rotl(a, static_cast<int>(b & (sizeof(T) * 8 - 1)));
}
template <typename T>
T Rotr(T a, T b) {
  return std::rotr(a, static_cast<int>(b & (sizeof(T) * 8 - 1)));
}

template <typename T>
bool DivS(T a, T b, T* out, TrapKind* trap) {
  if (b == 0) return *trap = TrapKind::kIntegerDivideByZero, false;
  if (S(a) == std::numeric_limits<decltype(S(a))>::min() && S(b) == -1) {
    return *trap = TrapKind::kIntegerOverflow, false;
  }
  *out = static_cast<T>(S(a) / S(b));
  return true;
}
template <typename T>
bool DivU(T a, T b, T* out, TrapKind* trap) {
  if (b == 0) return *trap = TrapKind::kIntegerDivideByZero, false;
  *out = a / b;
  return true;
}
template <typename T>
bool RemS(T a, T b, T* out, TrapKind* trap) {
  if (b == 0) return *trap = TrapKind::kIntegerDivideByZero, false;
  // INT_MIN % -1 is undefined in C++ but 0 in WebAssembly.
  *out = S(b) == -1 ? 0 : static_cast<T>(S(a) % S(b));
  return true;
}
template <typename T>
bool RemU(T a, T b, T* out, TrapKind* trap) {
  if (b == 0) return *trap = TrapKind::kIntegerDivideByZero, false;
  *out = a % b;
  return true;
}

inline uint32_t I32Eqz(uint32_t a) { return B(a == 0); }
inline uint32_t I32Eq(uint32_t a, uint32_t b) { return B(a == b); }
inline uint32_t I32Ne(uint32_t a, uint32_t b) { return B(a != b); }
inline uint32_t I32LtS(uint32_t a, uint32_t b) { return B(S(a) < S(b)); }
inline uint32_t I32LtU(uint32_t a, uint32_t b) { return B(a < b); }
inline uint32_t I32GtS(uint32_t a, uint32_t b) { return B(S(a) > S(b)); }
inline uint32_t I32GtU(uint32_t a, uint32_t b) { return B(a > b); }
inline uint32_t I32LeS(uint32_t a, uint32_t b) { return B(S(a) <= S(b)); }
inline uint32_t I32LeU(uint32_t a, uint32_t b) { return B(a <= b); }
inline uint32_t I32GeS(uint32_t a, uint32_t b) { return B(S(a) >= S(b)); }
inline uint32_t I32GeU(uint32_t a, uint32_t b) { return B(a >= b); }
inline uint32_t I32Clz(uint32_t a) { return Clz(a); }
inline uint32_t I32Ctz(uint32_t a) { return Ctz(a); }
inline uint32_t I32Popcnt(uint32_t a) { return Popcnt(a); }
inline uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
inline uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
inline uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }
inline bool I32DivS(uint32_t a, uint32_t b, uint32_t* o, TrapKind* t) {
  return DivS(a, b, o, t);
}
inline bool I32DivU(uint32_t a, uint32_t b, uint32_t* o, TrapKind* t) {
  return DivU(a, b, o, t);
}
inline bool I32RemS(uint32_t a, uint32_t b, uint32_t* o, TrapKind* t) {
  return RemS(a, b, o, t);
}
inline bool I32RemU(uint32_t a, uint32_t b, uint32_t* o, TrapKind* t) {
  return RemU(a, b, o, t);
}
inline uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
inline uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
inline uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }
inline uint32_t I32Shl(uint32_t a, uint32_t b) { return Shl(a, b); }
inline uint32_t I32ShrS(uint32_t a, uint32_t b) { return ShrS(a, b); }
inline uint32_t I32ShrU(uint32_t a, uint32_t b) { return ShrU(a, b); }
inline uint32_t I32Rotl(uint32_t a, uint32_t b) { return Rotl(a, b); }
inline uint32_t I32Rotr(uint32_t a, uint32_t b) { return Rotr(a, b); }
inline uint32_t I32Extend8S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int8_t>(a));
}
inline uint32_t I32Extend16S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int16_t>(a));
}

inline uint32_t I64Eqz(uint64_t a) { return B(a == 0); }
inline uint32_t I64Eq(uint64_t a, uint64_t b) { return B(a == b); }
inline uint32_t I64Ne(uint64_t a, uint64_t b) { return B(a != b); }
inline uint32_t I64LtS(uint64_t a, uint64_t b) { return B(S(a) < S(b)); }
inline uint32_t I64LtU(uint64_t a, uint64_t b) { return B(a < b); }
inline uint32_t I64GtS(uint64_t a, uint64_t b) { return B(S(a) > S(b)); }
inline uint32_t I64GtU(uint64_t a, uint64_t b) { return B(a > b); }
inline uint32_t I64LeS(uint64_t a, uint64_t b) { return B(S(a) <= S(b)); }
inline uint32_t I64LeU(uint64_t a, uint64_t b) { return B(a <= b); }
inline uint32_t I64GeS(uint64_t a, uint64_t b) { return B(S(a) >= S(b)); }
inline uint32_t I64GeU(uint64_t a, uint64_t b) { return B(a >= b); }
inline uint64_t I64Clz(uint64_t a) { return Clz(a); }
inline uint64_t I64Ctz(uint64_t a) { return Ctz(a); }
inline uint64_t I64Popcnt(uint64_t a) { return Popcnt(a); }
inline uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
inline uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
inline uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }
inline bool I64DivS(uint64_t a, uint64_t b, uint64_t* o, TrapKind* t) {
  return DivS(a, b, o, t);
}
inline bool I64DivU(uint64_t a, uint64_t b, uint64_t* o, TrapKind* t) {
  return DivU(a, b, o, t);
}
inline bool I64RemS(uint64_t a, uint64_t b, uint64_t* o, TrapKind* t) {
  return RemS(a, b, o, t);
}
inline bool I64RemU(uint64_t a, uint64_t b, uint64_t* o, TrapKind* t) {
  return RemU(a, b, o, t);
}
inline uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
inline uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
inline uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }
inline uint64_t I64Shl(uint64_t a, uint64_t b) { return Shl(a, b); }
inline uint64_t I64ShrS(uint64_t a, uint64_t b) { return ShrS(a, b); }
inline uint64_t I64ShrU(uint64_t a, uint64_t b) { return ShrU(a, b); }
inline uint64_t I64Rotl(uint64_t a, uint64_t b) { return Rotl(a, b); }
inline uint64_t I64Rotr(uint64_t a, uint64_t b) { return Rotr(a, b); }
inline uint64_t I64Extend8S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int8_t>(a));
}
inline uint64_t I64Extend16S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int16_t>(a));
}
inline uint64_t I64Extend32S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int32_t>(a));
}

// Floats, written once for both widths. `Bits` is the same-size unsigned.
template <typename F>
using Bits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
template <typename U>
constexpr U SignBit() {
  return U{1} << (sizeof(U) * 8 - 1);
}

template <typename F>
F Min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // a quiet NaN
  if (a == b) {  // equal, or zeros of either sign: -0 wins
    return std::bit_cast<F>(std::bit_cast<Bits<F>>(a) |
                            std::bit_cast<Bits<F>>(b));
  }
  return a < b ? a : b;
}
template <typename F>
F Max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) {  // +0 wins
    return std::bit_cast<F>(std::bit_cast<Bits<F>>(a) &
                            std::bit_cast<Bits<F>>(b));
  }
  return a > b ? a : b;
}
// The rounding functions of libm may return a signalling NaN unchanged;
// WebAssembly wants a quiet one.
template <typename F>
F Quiet(F a, F rounded) {
  return std::isnan(a) ? a + a : rounded;
}
// Round half to even; relies on the default rounding mode (nearest), which
// the VM never changes.
template <typename F>
F Nearest(F a) {
  return Quiet(a, std::nearbyint(a));
}

inline uint32_t F32Eq(float a, float b) { return B(a == b); }
inline uint32_t F32Ne(float a, float b) { return B(a != b); }
inline uint32_t F32Lt(float a, float b) { return B(a < b); }
inline uint32_t F32Gt(float a, float b) { return B(a > b); }
inline uint32_t F32Le(float a, float b) { return B(a <= b); }
inline uint32_t F32Ge(float a, float b) { return B(a >= b); }
inline uint32_t F32Abs(uint32_t a) { return a & ~SignBit<uint32_t>(); }
inline uint32_t F32Neg(uint32_t a) { return a ^ SignBit<uint32_t>(); }
inline float F32Ceil(float a) { return Quiet(a, std::ceil(a)); }
inline float F32Floor(float a) { return Quiet(a, std::floor(a)); }
inline float F32Trunc(float a) { return Quiet(a, std::trunc(a)); }
inline float F32Nearest(float a) { return Nearest(a); }
inline float F32Sqrt(float a) { return std::sqrt(a); }
inline float F32Add(float a, float b) { return a + b; }
inline float F32Sub(float a, float b) { return a - b; }
inline float F32Mul(float a, float b) { return a * b; }
inline float F32Div(float a, float b) { return a / b; }
inline float F32Min(float a, float b) { return Min(a, b); }
inline float F32Max(float a, float b) { return Max(a, b); }
inline uint32_t F32Copysign(uint32_t a, uint32_t b) {
  return (a & ~SignBit<uint32_t>()) | (b & SignBit<uint32_t>());
}

inline uint32_t F64Eq(double a, double b) { return B(a == b); }
inline uint32_t F64Ne(double a, double b) { return B(a != b); }
inline uint32_t F64Lt(double a, double b) { return B(a < b); }
inline uint32_t F64Gt(double a, double b) { return B(a > b); }
inline uint32_t F64Le(double a, double b) { return B(a <= b); }
inline uint32_t F64Ge(double a, double b) { return B(a >= b); }
inline uint64_t F64Abs(uint64_t a) { return a & ~SignBit<uint64_t>(); }
inline uint64_t F64Neg(uint64_t a) { return a ^ SignBit<uint64_t>(); }
inline double F64Ceil(double a) { return Quiet(a, std::ceil(a)); }
inline double F64Floor(double a) { return Quiet(a, std::floor(a)); }
inline double F64Trunc(double a) { return Quiet(a, std::trunc(a)); }
inline double F64Nearest(double a) { return Nearest(a); }
inline double F64Sqrt(double a) { return std::sqrt(a); }
inline double F64Add(double a, double b) { return a + b; }
inline double F64Sub(double a, double b) { return a - b; }
inline double F64Mul(double a, double b) { return a * b; }
inline double F64Div(double a, double b) { return a / b; }
inline double F64Min(double a, double b) { return Min(a, b); }
inline double F64Max(double a, double b) { return Max(a, b); }
inline uint64_t F64Copysign(uint64_t a, uint64_t b) {
  return (a & ~SignBit<uint64_t>()) | (b & SignBit<uint64_t>());
}

// Float -> integer. The range test is on the truncated value, where the
// integer type's bounds (powers of two) are exact in every float type.
template <typename I, typename F>
bool InRange(F t) {
  if constexpr (std::is_signed_v<I>) {
    constexpr F kLow =
        static_cast<F>(std::numeric_limits<I>::min());  // -2^(N-1)
    return t >= kLow && t < -kLow;
  } else {
    // Integer division on purpose: max / 2 + 1 is exactly 2^(N-1).
    // NOLINTNEXTLINE(bugprone-integer-division)
    constexpr F kHalf = static_cast<F>(std::numeric_limits<I>::max() / 2 + 1);
    return t > F{-1} && t < F{2} * kHalf;  // 2^N
  }
}
template <typename I, typename F, typename U>
bool TruncChecked(F a, U* out, TrapKind* trap) {
  if (std::isnan(a))
    return *trap = TrapKind::kInvalidConversionToInteger, false;
  const F t = std::trunc(a);
  if (!InRange<I>(t)) return *trap = TrapKind::kIntegerOverflow, false;
  *out = static_cast<U>(static_cast<I>(t));
  return true;
}
template <typename I, typename F, typename U>
U TruncSat(F a) {
  if (std::isnan(a)) return 0;
  const F t = std::trunc(a);
  if (InRange<I>(t)) return static_cast<U>(static_cast<I>(t));
  return static_cast<U>(t < 0 ? std::numeric_limits<I>::min()
                              : std::numeric_limits<I>::max());
}

inline uint32_t I32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
inline bool I32TruncF32S(float a, uint32_t* o, TrapKind* t) {
  return TruncChecked<int32_t>(a, o, t);
}
inline bool I32TruncF32U(float a, uint32_t* o, TrapKind* t) {
  return TruncChecked<uint32_t>(a, o, t);
}
inline bool I32TruncF64S(double a, uint32_t* o, TrapKind* t) {
  return TruncChecked<int32_t>(a, o, t);
}
inline bool I32TruncF64U(double a, uint32_t* o, TrapKind* t) {
  return TruncChecked<uint32_t>(a, o, t);
}
inline uint64_t I64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(S(a));
}
inline uint64_t I64ExtendI32U(uint32_t a) { return a; }
inline bool I64TruncF32S(float a, uint64_t* o, TrapKind* t) {
  return TruncChecked<int64_t>(a, o, t);
}
inline bool I64TruncF32U(float a, uint64_t* o, TrapKind* t) {
  return TruncChecked<uint64_t>(a, o, t);
}
inline bool I64TruncF64S(double a, uint64_t* o, TrapKind* t) {
  return TruncChecked<int64_t>(a, o, t);
}
inline bool I64TruncF64U(double a, uint64_t* o, TrapKind* t) {
  return TruncChecked<uint64_t>(a, o, t);
}
inline float F32ConvertI32S(uint32_t a) { return static_cast<float>(S(a)); }
inline float F32ConvertI32U(uint32_t a) { return static_cast<float>(a); }
inline float F32ConvertI64S(uint64_t a) { return static_cast<float>(S(a)); }
inline float F32ConvertI64U(uint64_t a) { return static_cast<float>(a); }
inline float F32DemoteF64(double a) { return static_cast<float>(a); }
inline double F64ConvertI32S(uint32_t a) { return static_cast<double>(S(a)); }
inline double F64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
inline double F64ConvertI64S(uint64_t a) { return static_cast<double>(S(a)); }
inline double F64ConvertI64U(uint64_t a) { return static_cast<double>(a); }
inline double F64PromoteF32(float a) { return static_cast<double>(a); }
inline uint32_t I32ReinterpretF32(uint32_t a) { return a; }
inline uint64_t I64ReinterpretF64(uint64_t a) { return a; }
inline uint32_t F32ReinterpretI32(uint32_t a) { return a; }
inline uint64_t F64ReinterpretI64(uint64_t a) { return a; }
inline uint32_t I32TruncSatF32S(float a) {
  return TruncSat<int32_t, float, uint32_t>(a);
}
inline uint32_t I32TruncSatF32U(float a) {
  return TruncSat<uint32_t, float, uint32_t>(a);
}
inline uint32_t I32TruncSatF64S(double a) {
  return TruncSat<int32_t, double, uint32_t>(a);
}
inline uint32_t I32TruncSatF64U(double a) {
  return TruncSat<uint32_t, double, uint32_t>(a);
}
inline uint64_t I64TruncSatF32S(float a) {
  return TruncSat<int64_t, float, uint64_t>(a);
}
inline uint64_t I64TruncSatF32U(float a) {
  return TruncSat<uint64_t, float, uint64_t>(a);
}
inline uint64_t I64TruncSatF64S(double a) {
  return TruncSat<int64_t, double, uint64_t>(a);
}
inline uint64_t I64TruncSatF64U(double a) {
  return TruncSat<uint64_t, double, uint64_t>(a);
}

inline uint32_t RefIsNull(uint64_t a) { return B(a == 0); }

// NaN canonicalization (contract profile).
inline uint32_t CanonF32(uint32_t bits) {
  return std::isnan(std::bit_cast<float>(bits)) ? kCanonicalNanF32 : bits;
}
inline uint64_t CanonF64(uint64_t bits) {
  return std::isnan(std::bit_cast<double>(bits)) ? kCanonicalNanF64 : bits;
}

}  // namespace dytallix::internal::numeric

#endif  // DYTALLIX_VM_NUMERIC_H_
