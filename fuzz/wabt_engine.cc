#include "fuzz/wabt_engine.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wabt/binary-reader.h"
#include "wabt/cast.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"

namespace dytallix::internal {
namespace {

namespace wi = wabt::interp;

wabt::Features TwoPointZero() {
  wabt::Features features;
  features.disable_simd();
  return features;
}

// Reads an unsigned LEB128 of at most 5 bytes at `pos`; false at the end.
bool ReadU32(std::span<const uint8_t> bytes, size_t& pos, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 35 && pos < bytes.size(); shift += 7) {
    const uint8_t b = bytes[pos++];
    value |= uint64_t{b & 0x7fu} << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

// A section's extent in a module: `begin` is its id byte, `payload` the
// first byte after its size, `end` one past its last byte.
struct Section {
  uint8_t id;
  size_t begin;
  size_t payload;
  size_t end;
};

// The module's sections in order, up to the end or to where the framing
// breaks (a size unreadable or reaching past the end).
struct Framing {
  std::vector<Section> sections;
  bool sound = true;  // read to the end
};

Framing Sections(std::span<const uint8_t> wasm) {
  Framing framing;
  size_t pos = 8;  // magic and version
  while (pos < wasm.size()) {
    Section section{.id = wasm[pos], .begin = pos};
    ++pos;
    uint64_t size = 0;
    if (!ReadU32(wasm, pos, size) || size > wasm.size() - pos) {
      framing.sound = false;
      break;
    }
    section.payload = pos;
    section.end = pos += size;
    framing.sections.push_back(section);
  }
  return framing;
}

// The data count section's count, if there is one. wabt reserves memory for
// that many segments before it checks the count (BinaryReaderInterp::
// OnDataCount), so a huge one would exhaust memory.
std::optional<uint64_t> DataCount(std::span<const uint8_t> wasm,
                                  const Framing& framing) {
  constexpr uint8_t kDataCountSection = 12;
  for (const Section& section : framing.sections) {
    if (section.id != kDataCountSection) continue;
    size_t pos = section.payload;
    uint64_t count = 0;
    if (ReadU32(wasm, pos, count)) return count;
    return std::nullopt;
  }
  return std::nullopt;
}

// `wasm` without its custom sections, when its framing is sound. Their
// contents are no error for the spec, but wabt parses some ("name",
// "target_features", ...), and even with custom section errors ignored it
// rejects one its parser did not read to the end ("unfinished section").
std::vector<uint8_t> WithoutCustomSections(std::span<const uint8_t> wasm,
                                           const Framing& framing) {
  constexpr uint8_t kCustomSection = 0;
  if (wasm.size() < 8 || !framing.sound) return {wasm.begin(), wasm.end()};
  std::vector<uint8_t> kept(wasm.begin(), wasm.begin() + 8);
  for (const Section& section : framing.sections) {
    if (section.id == kCustomSection) continue;
    kept.insert(kept.end(), wasm.begin() + section.begin,
                wasm.begin() + section.end);
  }
  return kept;
}

// Decodes and validates `wasm` into `desc`; "" or wabt's first error. A
// custom section's contents are never an error (the spec does not look
// inside): wabt reads the module without them, or, where the framing is
// broken, with errors in them ignored (which ignores a malformed section
// name too).
std::string Read(std::span<const uint8_t> wasm, wi::ModuleDesc* desc) {
  const Framing framing = Sections(wasm);
  // Malformed anyway: the count must be the data section's, and a segment
  // takes at least 2 bytes.
  if (DataCount(wasm, framing).value_or(0) > wasm.size() / 2) {
    return "data count larger than the module could hold (not read by wabt)";
  }
  const wabt::ReadBinaryOptions options(TwoPointZero(), nullptr,
                                        /*read_debug_names=*/false,
                                        /*stop_on_first_error=*/true,
                                        /*fail_on_custom_section_error=*/false);
  const std::vector<uint8_t> read = WithoutCustomSections(wasm, framing);
  wabt::Errors errors;
  if (wabt::Succeeded(wi::ReadBinaryInterp(
          "fuzz.wasm", read.data(), read.size(), options, &errors, desc))) {
    return "";
  }
  return errors.empty() ? "rejected" : errors.front().message;
}

// An absent or larger maximum acts as `cap` (base/profile.h).
void Cap(wabt::Limits& limits, uint64_t cap) {
  if (limits.has_max && limits.max <= cap) return;
  limits.max = std::max(cap, limits.initial);
  limits.has_max = true;
}

struct TrapText {
  const char* prefix;
  TrapKind kind;
};

// wabt's trap messages (src/interp/interp.cc), by prefix.
constexpr TrapText kTrapTexts[] = {
    {"unreachable executed", TrapKind::kUnreachable},
    {"integer divide by zero", TrapKind::kIntegerDivideByZero},
    {"integer overflow", TrapKind::kIntegerOverflow},
    {"invalid conversion to integer", TrapKind::kInvalidConversionToInteger},
    {"out of bounds memory access", TrapKind::kOutOfBoundsMemoryAccess},
    {"out of bounds table access", TrapKind::kOutOfBoundsTableAccess},
    {"undefined table index", TrapKind::kUndefinedElement},
    {"uninitialized table element", TrapKind::kUninitializedElement},
    {"indirect call signature mismatch", TrapKind::kIndirectCallTypeMismatch},
    {"call stack exhausted", TrapKind::kCallStackExhausted},
    {"value stack exhausted", TrapKind::kValueStackExhausted},
};

std::optional<TrapKind> KindOf(const std::string& message) {
  for (const TrapText& t : kTrapTexts) {
    if (message.starts_with(t.prefix)) return t.kind;
  }
  return std::nullopt;
}

TrapKind KindOrDie(const std::string& message) {
  const std::optional<TrapKind> kind = KindOf(message);
  if (kind) return *kind;
  std::fprintf(stderr, "WabtEngine: unknown trap \"%s\"\n", message.c_str());
  std::abort();
}

ValType OurType(wi::ValueType t) {
  switch (t) {
    case wabt::Type::I32:
      return ValType::kI32;
    case wabt::Type::I64:
      return ValType::kI64;
    case wabt::Type::F32:
      return ValType::kF32;
    case wabt::Type::F64:
      return ValType::kF64;
    case wabt::Type::FuncRef:
      return ValType::kFuncRef;
    case wabt::Type::ExternRef:
      return ValType::kExternRef;
    default:
      std::fprintf(stderr, "WabtEngine: unexpected type %s\n",
                   t.GetName().c_str());
      std::abort();
  }
}

wi::Value Zero(wi::ValueType t) {
  if (wi::IsReference(t)) return wi::Value::Make(wi::Ref::Null);
  return wi::Value::Make(uint64_t{0});
}

}  // namespace

struct WabtEngine::State {
  wi::Store store{TwoPointZero()};
  wi::Instance::Ptr instance;
  std::map<std::string, wi::Ref, std::less<>> exports;
  std::vector<wi::Foreign::Ptr> host_values;  // externref i is host_values[i]
  std::vector<wi::Object::Ptr> stubs;         // keeps the imports alive

  wi::Ref Export(std::string_view name) const {
    const auto it = exports.find(name);
    if (it == exports.end()) {
      std::fprintf(stderr, "WabtEngine: no export %.*s\n",
                   static_cast<int>(name.size()), name.data());
      std::abort();
    }
    return it->second;
  }

  wi::Ref HostValue(uint64_t i) {
    while (host_values.size() <= i) {
      host_values.push_back(wi::Foreign::New(store, nullptr));
    }
    return host_values[i].ref();
  }

  wi::Value ToValue(const Cell& cell) {
    const auto [type, slot] = cell;
    switch (type) {
      case ValType::kI32:
      case ValType::kF32:
        return wi::Value::Make(static_cast<uint32_t>(slot));
      case ValType::kI64:
      case ValType::kF64:
        return wi::Value::Make(slot);
      case ValType::kExternRef:
        return wi::Value::Make(slot == 0 ? wi::Ref::Null : HostValue(slot - 1));
      default:
        if (slot == 0) return wi::Value::Make(wi::Ref::Null);
        return wi::Value::Make(instance->funcs().at(slot - 1));
    }
  }

  // The position of `ref` in `refs` + 1; 0 for null; UINT64_MAX if absent.
  template <typename Refs>
  static uint64_t Position(const Refs& refs, wi::Ref ref) {
    if (ref == wi::Ref::Null) return 0;
    for (size_t i = 0; i < refs.size(); ++i) {
      if (refs[i].ref() == ref) return i + 1;
    }
    return UINT64_MAX;
  }

  Cell ToCell(wi::ValueType t, const wi::Value& v) const {
    const ValType type = OurType(t);
    switch (type) {
      case ValType::kI32:
      case ValType::kF32:
        return {type, v.Get<uint32_t>()};
      case ValType::kI64:
      case ValType::kF64:
        return {type, v.Get<uint64_t>()};
      case ValType::kExternRef:
        return {type, Position(host_values, v.Get<wi::Ref>())};
      default: {
        const wi::Ref ref = v.Get<wi::Ref>();
        if (ref == wi::Ref::Null) return {type, 0};
        const wi::RefVec& funcs = instance->funcs();
        const auto it = std::find(funcs.begin(), funcs.end(), ref);
        return {type, it == funcs.end()
                          ? UINT64_MAX
                          : static_cast<uint64_t>(it - funcs.begin()) + 1};
      }
    }
  }

  // A stub for one import (wabt_engine.h), or null for a tag.
  wi::Object::Ptr Stub(const wi::ImportType& import, const Profile& caps) {
    const wi::ExternType* type = import.type.get();
    if (auto* func = wabt::dyn_cast<wi::FuncType>(type)) {
      return wi::HostFunc::New(
          store, *func,
          [results = func->results](wi::Thread&, const wi::Values&,
                                    wi::Values& out, wi::Trap::Ptr*) {
            out.clear();
            for (wi::ValueType t : results) out.push_back(Zero(t));
            return wabt::Result::Ok;
          });
    }
    if (auto* table = wabt::dyn_cast<wi::TableType>(type)) {
      wi::TableType capped = *table;
      Cap(capped.limits, caps.max_table_elements);
      return wi::Table::New(store, capped);
    }
    if (auto* memory = wabt::dyn_cast<wi::MemoryType>(type)) {
      wi::MemoryType capped = *memory;
      Cap(capped.limits, caps.max_memory_pages);
      return wi::Memory::New(store, capped);
    }
    if (auto* global = wabt::dyn_cast<wi::GlobalType>(type)) {
      return wi::Global::New(store, *global, Zero(global->type));
    }
    return {};
  }
};

WabtEngine::WabtEngine(const Profile& caps) : caps_(caps) {}
WabtEngine::~WabtEngine() = default;

absl::Status WabtEngine::Validate(std::span<const uint8_t> wasm) {
  wi::ModuleDesc desc;
  const std::string error = Read(wasm, &desc);
  if (error.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(error);
}

absl::StatusOr<std::optional<TrapKind>> WabtEngine::Instantiate(
    std::span<const uint8_t> wasm) {
  state_ = std::make_unique<State>();
  wi::ModuleDesc desc;
  const std::string error = Read(wasm, &desc);
  if (!error.empty()) return absl::InvalidArgumentError(error);
  for (wi::MemoryDesc& m : desc.memories) {
    Cap(m.type.limits, caps_.max_memory_pages);
  }
  for (wi::TableDesc& t : desc.tables) {
    Cap(t.type.limits, caps_.max_table_elements);
  }
  wi::Store& store = state_->store;
  const wi::Module::Ptr module = wi::Module::New(store, std::move(desc));
  wi::RefVec imports;
  for (const wi::ImportType& import : module->import_types()) {
    wi::Object::Ptr stub = state_->Stub(import, caps_);
    if (!stub) return absl::UnimplementedError("a tag import");
    imports.push_back(stub.ref());
    state_->stubs.push_back(std::move(stub));
  }
  wi::Trap::Ptr trap;
  state_->instance =
      wi::Instance::Instantiate(store, module.ref(), imports, &trap);
  if (!state_->instance) {
    const std::string message = trap ? trap->message() : "no instance";
    const std::optional<TrapKind> kind = KindOf(message);
    if (!kind) return absl::FailedPreconditionError(message);
    return kind;
  }
  const wi::RefVec& refs = state_->instance->exports();
  for (size_t i = 0; i < refs.size(); ++i) {
    state_->exports.emplace(module->export_types()[i].name, refs[i]);
  }
  return std::nullopt;
}

CallOutcome WabtEngine::Call(std::string_view name,
                             std::span<const Cell> args) {
  wi::Store& store = state_->store;
  const wi::Func::Ptr func = store.UnsafeGet<wi::Func>(state_->Export(name));
  wi::Values params;
  for (const Cell& cell : args) params.push_back(state_->ToValue(cell));
  wi::Values results;
  wi::Trap::Ptr trap;
  CallOutcome outcome;
  if (wabt::Failed(func->Call(store, params, results, &trap))) {
    outcome.trap = KindOrDie(trap ? trap->message() : "no trap");
    return outcome;
  }
  const wi::ValueTypes& types = func->type().results;
  for (size_t i = 0; i < results.size(); ++i) {
    outcome.results.push_back(state_->ToCell(types[i], results[i]));
  }
  return outcome;
}

std::span<const uint8_t> WabtEngine::Memory(std::string_view name) {
  const wi::Memory::Ptr memory =
      state_->store.UnsafeGet<wi::Memory>(state_->Export(name));
  return {memory->UnsafeData(), memory->ByteSize()};
}

Cell WabtEngine::Global(std::string_view name) {
  const wi::Global::Ptr global =
      state_->store.UnsafeGet<wi::Global>(state_->Export(name));
  return state_->ToCell(global->type().type, global->Get());
}

}  // namespace dytallix::internal
