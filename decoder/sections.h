// The decoders of each section's contents. Each takes a reader spanning
// exactly the section's contents (after its id and size) and adds what it
// reads to the module; the caller checks section order and that the contents
// were consumed exactly.
//
// sections.cc: custom, type, import, function, table, memory, global, export,
// start and data count. segments.cc: element, code and data.
#ifndef DYTALLIX_DECODER_SECTIONS_H_
#define DYTALLIX_DECODER_SECTIONS_H_

#include "absl/status/status.h"
#include "decoder/module.h"
#include "decoder/reader.h"

namespace dytallix::internal {

absl::Status DecodeCustomSection(Reader& r, Module& m);
absl::Status DecodeTypeSection(Reader& r, Module& m);
absl::Status DecodeImportSection(Reader& r, Module& m);
absl::Status DecodeFunctionSection(Reader& r, Module& m);
absl::Status DecodeTableSection(Reader& r, Module& m);
absl::Status DecodeMemorySection(Reader& r, Module& m);
absl::Status DecodeGlobalSection(Reader& r, Module& m);
absl::Status DecodeExportSection(Reader& r, Module& m);
absl::Status DecodeStartSection(Reader& r, Module& m);
absl::Status DecodeDataCountSection(Reader& r, Module& m);

absl::Status DecodeElementSection(Reader& r, Module& m);
// REQUIRES: the function and data count sections, if any, are decoded (they
// come first in a well-formed module). The number of bodies must equal the
// number of functions declared.
absl::Status DecodeCodeSection(Reader& r, Module& m);
absl::Status DecodeDataSection(Reader& r, Module& m);

}  // namespace dytallix::internal

#endif  // DYTALLIX_DECODER_SECTIONS_H_
