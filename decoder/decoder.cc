#include "decoder/decoder.h"

#include <array>

#include "absl/strings/str_format.h"
#include "base/check.h"
#include "base/status_macros.h"
#include "decoder/expr_decoder.h"
#include "decoder/reader.h"
#include "decoder/sections.h"

namespace dytallix::internal {
namespace {

constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6D};  // "\0asm"
constexpr uint8_t kVersion[] = {0x01, 0x00, 0x00, 0x00};

struct SectionKind {
  const char* name;
  // Position in the required order; 0 (custom) may appear anywhere.
  int order;
  absl::Status (*decode)(Reader&, Module&);
};

// Indexed by section id. The data count section (id 12) sits between the
// element and code sections.
constexpr std::array<SectionKind, 13> kSectionKinds = {{
    {"custom", 0, DecodeCustomSection},
    {"type", 1, DecodeTypeSection},
    {"import", 2, DecodeImportSection},
    {"function", 3, DecodeFunctionSection},
    {"table", 4, DecodeTableSection},
    {"memory", 5, DecodeMemorySection},
    {"global", 6, DecodeGlobalSection},
    {"export", 7, DecodeExportSection},
    {"start", 8, DecodeStartSection},
    {"element", 9, DecodeElementSection},
    {"code", 11, DecodeCodeSection},
    {"data", 12, DecodeDataSection},
    {"datacount", 10, DecodeDataCountSection},
}};
constexpr uint8_t kCodeSectionId = 10;

absl::Status DecodeHeader(Reader& r) {
  for (uint8_t byte : kMagic) {
    DYT_RETURN_IF_ERROR(r.ExpectByte(byte, "magic number byte"));
  }
  for (uint8_t byte : kVersion) {
    DYT_RETURN_IF_ERROR(r.ExpectByte(byte, "version 1 byte"));
  }
  return absl::OkStatus();
}

// Decodes sections until the end of `r`, enforcing their order and sizes.
class SectionLoop {
 public:
  explicit SectionLoop(Module& module) : module_(module) {}

  absl::Status Run(Reader& r) {
    while (!r.AtEnd()) DYT_RETURN_IF_ERROR(DecodeSection(r));
    return CheckCounts(r);
  }

 private:
  absl::StatusOr<const SectionKind*> ReadKind(Reader& r) {
    const size_t start = r.Offset();
    DYT_ASSIGN_OR_RETURN(const uint8_t id, r.ReadByte());
    if (id >= kSectionKinds.size()) {
      return r.Renamed("unknown").Error(
          start, absl::StrFormat("unknown section id %u", id));
    }
    const SectionKind& kind = kSectionKinds[id];
    if (kind.order != 0) {
      if (kind.order <= last_order_) {
        return r.Renamed(kind.name).Error(start,
                                          "section out of order or duplicated");
      }
      last_order_ = kind.order;
    }
    if (id == kCodeSectionId) has_code_ = true;
    return &kind;
  }

  absl::Status DecodeSection(Reader& r) {
    DYT_ASSIGN_OR_RETURN(const SectionKind* kind, ReadKind(r));
    Reader framing = r.Renamed(kind->name);
    DYT_ASSIGN_OR_RETURN(Reader contents, framing.ReadSized("section"));
    r = framing.Renamed(r.SectionName());  // continue after the section
    DYT_RETURN_IF_ERROR(kind->decode(contents, module_));
    if (!contents.AtEnd()) {
      return contents.Error(absl::StrFormat(
          "section size mismatch: %u bytes left unread", contents.Remaining()));
    }
    return absl::OkStatus();
  }

  // The counts that two sections must agree on, when one of them is absent.
  absl::Status CheckCounts(const Reader& r) const {
    if (!has_code_ && !module_.functions.empty()) {
      return r.Renamed("code").Error(
          "function and code section have inconsistent lengths: no code "
          "section");
    }
    if (module_.data.empty() && module_.data_count.value_or(0) != 0) {
      return r.Renamed("data").Error(
          "data count and data section have inconsistent lengths: no data "
          "segments");
    }
    return absl::OkStatus();
  }

  Module& module_;
  int last_order_ = 0;
  bool has_code_ = false;
};

}  // namespace

absl::StatusOr<Module> Decode(std::span<const uint8_t> bytes, Bodies bodies) {
  Reader r(bytes, 0, bytes.size(), "header");
  if (bytes.size() > UINT32_MAX) return r.Error("module larger than 4 GiB");
  DYT_RETURN_IF_ERROR(DecodeHeader(r));
  Module module;
  module.size_bytes = static_cast<uint32_t>(bytes.size());
  module.bodies_deferred = bodies == Bodies::kDeferred;
  SectionLoop loop(module);
  Reader sections = r.Renamed("module");
  DYT_RETURN_IF_ERROR(loop.Run(sections));
  return module;
}

absl::Status DecodeBody(std::span<const uint8_t> bytes, const Module& module,
                        uint32_t defined_index, Function& out) {
  DYT_DCHECK(module.bodies_deferred);
  DYT_DCHECK(defined_index < module.functions.size());
  out = module.functions[defined_index];  // its empty code keeps out's buffers
  return DecodeFunctionCode(bytes, module.data_count.has_value(), out);
}

}  // namespace dytallix::internal
