#include "decoder/expr_decoder.h"

#include <type_traits>
#include <vector>

#include "absl/strings/str_format.h"
#include "base/buffers.h"
#include "base/status_macros.h"

namespace dytallix::internal {
namespace {

// Where the instructions go, and what the surrounding code allows.
struct InstrSink {
  std::vector<Instr>& code;
  std::vector<uint32_t>& br_table_targets;
  bool data_index_allowed;
};

// Reads instr.op. (A Status rather than StatusOr<Opcode>: it keeps the
// opcode in a register on the hot path.)
absl::Status ReadOpcode(Reader& r, Instr& instr) {
  DYT_ASSIGN_OR_RETURN(const uint8_t byte, r.ReadByte());
  if (std::optional<Opcode> op = SingleByteOpcode(byte)) {
    instr.op = *op;
    return absl::OkStatus();
  }
  if (byte == kMiscPrefix) {
    DYT_ASSIGN_OR_RETURN(const uint32_t code, r.ReadU32());
    if (std::optional<Opcode> op = MiscOpcode(code)) {
      instr.op = *op;
      return absl::OkStatus();
    }
    return r.Error(instr.offset,
                   absl::StrFormat("illegal opcode 0xfc %u", code));
  }
  if (byte == kSimdPrefix) return r.SimdError(instr.offset, "0xfd opcode");
  return r.Error(instr.offset, absl::StrFormat("illegal opcode 0x%02x", byte));
}

// s33: 0x40 (empty), a one-byte negative value type, or a type index >= 0.
absl::Status ReadBlockType(Reader& r, Instr& instr) {
  const size_t start = r.Offset();
  DYT_ASSIGN_OR_RETURN(const uint8_t byte, r.PeekByte());
  if (byte == 0x40) {
    instr.set_block_empty();
    return r.ReadByte().status();
  }
  if (byte >= 0x40 && byte < 0x80) {
    DYT_ASSIGN_OR_RETURN(const ValType type, r.ReadValType());
    instr.set_block_value_type(type);
    return absl::OkStatus();
  }
  DYT_ASSIGN_OR_RETURN(const int64_t index, r.ReadS33());
  if (index < 0) return r.Error(start, "malformed block type");
  instr.set_block_type_index(static_cast<uint32_t>(index));
  return absl::OkStatus();
}

absl::Status ReadBrTable(Reader& r, Instr& instr, InstrSink& sink) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  std::vector<uint32_t>& targets = sink.br_table_targets;
  instr.set_br_table(static_cast<uint32_t>(targets.size()), count + 1);
  for (uint64_t i = 0; i <= count; ++i) {
    DYT_ASSIGN_OR_RETURN(const uint32_t depth, r.ReadU32());
    targets.push_back(depth);
  }
  return absl::OkStatus();
}

absl::Status ReadSelectTypes(Reader& r, Instr& instr) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount());
  ValType first{};
  for (uint32_t i = 0; i < count; ++i) {
    DYT_ASSIGN_OR_RETURN(const ValType type, r.ReadValType());
    if (i == 0) first = type;
  }
  instr.set_select_types(count, first);
  return absl::OkStatus();
}

// Reads one u32 immediate, or two, and hands them to `store`.
template <typename Store>
absl::Status ReadU32s(Reader& r, Store store) {
  DYT_ASSIGN_OR_RETURN(const uint32_t first, r.ReadU32());
  if constexpr (std::is_invocable_v<Store, uint32_t>) {
    store(first);
  } else {
    DYT_ASSIGN_OR_RETURN(const uint32_t second, r.ReadU32());
    store(first, second);
  }
  return absl::OkStatus();
}

absl::Status RequireDataCount(const Reader& r, const Instr& instr,
                              const InstrSink& sink) {
  if (sink.data_index_allowed) return absl::OkStatus();
  return r.Error(instr.offset, "data count section required");
}

// Reads the immediates of instr.op (already read) into instr.
absl::Status ReadImmediates(Reader& r, Instr& instr, InstrSink& sink) {
  switch (InfoOf(instr.op).imm) {
    case ImmKind::kNone:
      return absl::OkStatus();
    case ImmKind::kBlockType:
      return ReadBlockType(r, instr);
    case ImmKind::kBrTable:
      return ReadBrTable(r, instr, sink);
    case ImmKind::kData:
      DYT_RETURN_IF_ERROR(RequireDataCount(r, instr, sink));
      [[fallthrough]];
    case ImmKind::kElem:
      return ReadU32s(r, [&](uint32_t i) { instr.set_segment_index(i); });
    case ImmKind::kLabel:
      return ReadU32s(r, [&](uint32_t i) { instr.set_label_depth(i); });
    case ImmKind::kFunc:
      return ReadU32s(r, [&](uint32_t i) { instr.set_function_index(i); });
    case ImmKind::kLocal:
      return ReadU32s(r, [&](uint32_t i) { instr.set_local_index(i); });
    case ImmKind::kGlobal:
      return ReadU32s(r, [&](uint32_t i) { instr.set_global_index(i); });
    case ImmKind::kTable:
      return ReadU32s(r, [&](uint32_t i) { instr.set_table_index(i); });
    case ImmKind::kCallIndirect:
      return ReadU32s(r, [&](uint32_t type, uint32_t table) {
        instr.set_call_indirect(type, table);
      });
    case ImmKind::kMemArg:
      return ReadU32s(r, [&](uint32_t align_log2, uint32_t offset) {
        instr.set_mem_arg(align_log2, offset);
      });
    case ImmKind::kTableInit:
      return ReadU32s(r, [&](uint32_t segment, uint32_t table) {
        instr.set_table_init(segment, table);
      });
    case ImmKind::kTableCopy:
      return ReadU32s(r, [&](uint32_t destination, uint32_t source) {
        instr.set_table_copy(destination, source);
      });
    case ImmKind::kMemoryIndex:
      return r.ExpectByte(0x00, "memory index byte");
    case ImmKind::kMemoryInit: {
      DYT_RETURN_IF_ERROR(RequireDataCount(r, instr, sink));
      DYT_RETURN_IF_ERROR(
          ReadU32s(r, [&](uint32_t i) { instr.set_segment_index(i); }));
      return r.ExpectByte(0x00, "memory index byte");
    }
    case ImmKind::kMemoryCopy:
      DYT_RETURN_IF_ERROR(r.ExpectByte(0x00, "memory index byte"));
      return r.ExpectByte(0x00, "memory index byte");
    case ImmKind::kI32: {
      DYT_ASSIGN_OR_RETURN(const int32_t value, r.ReadS32());
      instr.set_bits(static_cast<uint64_t>(int64_t{value}));
      return absl::OkStatus();
    }
    case ImmKind::kI64: {
      DYT_ASSIGN_OR_RETURN(const int64_t value, r.ReadS64());
      instr.set_bits(static_cast<uint64_t>(value));
      return absl::OkStatus();
    }
    case ImmKind::kF32: {
      DYT_ASSIGN_OR_RETURN(const uint64_t bits, r.ReadFixed(4));
      instr.set_bits(bits);
      return absl::OkStatus();
    }
    case ImmKind::kF64: {
      DYT_ASSIGN_OR_RETURN(const uint64_t bits, r.ReadFixed(8));
      instr.set_bits(bits);
      return absl::OkStatus();
    }
    case ImmKind::kSelectTypes:
      return ReadSelectTypes(r, instr);
    case ImmKind::kRefType: {
      DYT_ASSIGN_OR_RETURN(const ValType type, r.ReadRefType());
      instr.set_ref_type(type);
      return absl::OkStatus();
    }
  }
  return r.Error(instr.offset, "unknown immediate kind");
}

// Decodes instructions up to and including the `end` that closes nesting
// depth 0 (the end of the function or constant expression).
absl::Status DecodeInstructions(Reader& r, InstrSink& sink) {
  uint32_t depth = 0;
  while (true) {
    Instr instr;
    instr.offset = static_cast<uint32_t>(r.Offset());
    DYT_RETURN_IF_ERROR(ReadOpcode(r, instr));
    DYT_RETURN_IF_ERROR(ReadImmediates(r, instr, sink));
    sink.code.push_back(instr);
    switch (instr.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
        ++depth;
        break;
      case Opcode::kEnd:
        if (depth == 0) return absl::OkStatus();
        --depth;
        break;
      default:
        break;
    }
  }
}

// The local declarations; their total (params excluded) must fit in u32.
// Counted, never expanded.
absl::Status DecodeLocals(Reader& body, Function& f) {
  DYT_ASSIGN_OR_RETURN(const uint32_t count, body.ReadCount());
  f.locals.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t start = body.Offset();
    LocalDecl decl;
    DYT_ASSIGN_OR_RETURN(decl.count, body.ReadU32());
    DYT_ASSIGN_OR_RETURN(decl.type, body.ReadValType());
    f.num_locals += decl.count;
    if (f.num_locals > UINT32_MAX) return body.Error(start, "too many locals");
    f.locals.push_back(decl);
  }
  return absl::OkStatus();
}

// Errors past a body's end say "unexpected end of function body".
constexpr char kBodyUnit[] = "function body";

// The instructions from `body`'s position to its end into f.code and
// f.br_table_targets.
absl::Status DecodeCode(Reader& body, bool has_data_count, Function& f) {
  f.br_table_targets.clear();
  // Decoded into this thread's buffer, sized for the most instructions the
  // body can hold (one per byte), then copied out at their exact count: a
  // guess of the count had the vector grow, copying what it held, in a tenth
  // of the bodies' decoding, and kept up to twice the memory needed.
  // A thread keeps at most this much of it between bodies.
  constexpr size_t kMaxKeptDecodeBytes = 16 * 1024 * sizeof(Instr);
  thread_local std::vector<Instr> decoded;
  decoded.clear();
  decoded.reserve(body.Remaining());
  InstrSink sink{decoded, f.br_table_targets, has_data_count};
  absl::Status status = DecodeInstructions(body, sink);
  if (status.ok() && !body.AtEnd()) {
    status = body.Error("expected 'end' at end of body");
  }
  if (status.ok()) f.code.assign(decoded.begin(), decoded.end());
  // Also after an error: a malformed body's buffer was sized like any other.
  FreeIfLarger(decoded, kMaxKeptDecodeBytes);
  return status;
}

}  // namespace

absl::StatusOr<ConstExpr> DecodeConstExpr(Reader& r) {
  ConstExpr expr;
  expr.offset = static_cast<uint32_t>(r.Offset());
  // A br_table's targets are dropped: it is never constant, so the validator
  // rejects it, and the decoder only has to get past it.
  std::vector<uint32_t> br_table_targets;
  InstrSink sink{expr.instrs, br_table_targets, /*data_index_allowed=*/true};
  DYT_RETURN_IF_ERROR(DecodeInstructions(r, sink));
  expr.instrs.pop_back();  // the final `end`
  return expr;
}

absl::Status DecodeFunctionBody(Reader& section, bool has_data_count,
                                bool with_code, Function& f) {
  f.body_offset = static_cast<uint32_t>(section.Offset());
  DYT_ASSIGN_OR_RETURN(Reader body, section.ReadSized(kBodyUnit));
  f.body_size = static_cast<uint32_t>(body.Remaining());
  DYT_RETURN_IF_ERROR(DecodeLocals(body, f));
  f.code_offset = static_cast<uint32_t>(body.Offset());
  f.code_size = static_cast<uint32_t>(body.Remaining());
  if (!with_code) return absl::OkStatus();
  return DecodeCode(body, has_data_count, f);
}

absl::Status DecodeFunctionCode(std::span<const uint8_t> bytes,
                                bool has_data_count, Function& f) {
  Reader body(bytes, f.code_offset, size_t{f.code_offset} + f.code_size, "code",
              kBodyUnit);
  return DecodeCode(body, has_data_count, f);
}

}  // namespace dytallix::internal
