// Test vocabulary for the VM: a module instantiated from WAT text
// (WatVm), value shorthands (I32(1), F64(0.5), ...) and the matchers
// Returns(values...) and Traps(kind) over Invoke/Call results.
#ifndef DYTALLIX_TESTING_VM_MATCHERS_H_
#define DYTALLIX_TESTING_VM_MATCHERS_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "testing/wat.h"
#include "vm/engine.h"

namespace dytallix::internal {

inline void PrintTo(const Value& v, std::ostream* os) {
  *os << ValTypeName(v.type()) << ":";
  switch (v.type()) {
    case ValType::kF32:
      *os << v.f32() << " (0x" << std::hex << v.f32_bits() << std::dec << ")";
      break;
    case ValType::kF64:
      *os << v.f64() << " (0x" << std::hex << v.f64_bits() << std::dec << ")";
      break;
    default:
      *os << v.i64();
      break;
  }
}

inline void PrintTo(const CallResult& r, std::ostream* os) {
  if (r.trap) {
    *os << "trap " << TrapText(*r.trap);
    return;
  }
  *os << "returned [";
  for (const Value& v : r.results) {
    PrintTo(v, os);
    *os << " ";
  }
  *os << "]";
}

}  // namespace dytallix::internal

namespace dytallix::testing {

using internal::CallOptions;
using internal::CallResult;
using internal::Profile;
using internal::TrapKind;
using internal::Value;

inline Value I32(uint32_t v) { return Value::I32(v); }
inline Value I64(uint64_t v) { return Value::I64(v); }
inline Value F32(float v) { return Value::F32(v); }
inline Value F64(double v) { return Value::F64(v); }

// A module assembled from WAT and instantiated in its own Store. Any failure
// to get there aborts the test binary with the reason: the text is part of
// the test.
class WatVm {
 public:
  explicit WatVm(std::string_view wat, const Profile& profile = Profile::Spec(),
                 const internal::Linker& linker = {})
      : store_(std::make_unique<internal::Store>(profile)) {
    auto module = internal::Load(Wasm(wat), profile);
    Check(module.status(), "load");
    auto result = internal::Instantiate(*store_, *module, linker);
    Check(result.status(), "instantiate");
    if (result->trap) {
      Die(std::string("instantiation trapped: ") +
          std::string(internal::TrapKindName(result->trap->kind)));
    }
    instance_ = result->instance;
  }

  absl::StatusOr<CallResult> Call(std::string_view name,
                                  std::vector<Value> args = {},
                                  const CallOptions& options = {}) {
    return internal::Invoke(*store_, *instance_, name, args, options);
  }

  internal::Store& store() { return *store_; }
  internal::Instance& instance() { return *instance_; }

 private:
  static void Check(const absl::Status& status, const char* what) {
    if (!status.ok()) Die(std::string(what) + ": " + status.ToString());
  }
  [[noreturn]] static void Die(const std::string& message) {
    std::fprintf(stderr, "WatVm: %s\n", message.c_str());
    std::abort();
  }

  std::unique_ptr<internal::Store> store_;
  internal::Instance* instance_ = nullptr;
};

MATCHER_P(ReturnsValues, expected,
          "returns " + ::testing::PrintToString(expected)) {
  if (!arg.ok()) {
    *result_listener << "status: " << arg.status();
    return false;
  }
  *result_listener << ::testing::PrintToString(*arg);
  return !arg->trap && arg->results == expected;
}

// Returns(I32(1), F64(2.0)): the call returned exactly these values (same
// types, same bits).
template <typename... V>
auto Returns(V... values) {
  return ReturnsValues(std::vector<Value>{values...});
}

// The call trapped with `kind`.
MATCHER_P(Traps, kind,
          "traps with \"" + std::string(internal::TrapKindName(kind)) + "\"") {
  if (!arg.ok()) {
    *result_listener << "status: " << arg.status();
    return false;
  }
  *result_listener << ::testing::PrintToString(*arg);
  return arg->trap && arg->trap->kind == kind;
}

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_VM_MATCHERS_H_
