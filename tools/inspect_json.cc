// The --json form of an Inspection: one object on one line, written as it
// is produced. Memory beyond the Inspection is one instruction's text at a
// time, so a listing of millions of instructions costs no more than one.
#include <cstdio>
#include <string>

#include "analyzer/analyzer.h"
#include "base/place.h"
#include "tools/inspection.h"
#include "tools/json_stream.h"
#include "tools/wasm_listing.h"

namespace dytallix::internal {
namespace {

void WriteSummary(const Module& module, JsonStream& json) {
  json.BeginObject();
  json.Member("types", module.types.size());
  json.Member("imports", module.imports.size());
  json.Member("functions", module.functions.size());
  json.Member("imported_functions", module.NumImportedFunctions());
  json.Member("tables", module.tables.size());
  json.Member("memories", module.memories.size());
  json.Member("globals", module.globals.size());
  json.Member("exports", module.exports.size());
  json.Member("element_segments", module.elements.size());
  json.Member("data_segments", module.data.size());
  json.Member("custom_sections", module.customs.size());
  json.EndObject();
}

void WriteImports(const Module& module, JsonStream& json) {
  json.BeginArray();
  for (const Import& import : module.imports) {
    json.BeginObject();
    json.Member("kind", ExternKindName(import.kind));
    json.Member("module", import.module);
    json.Member("name", import.name);
    if (import.kind == ExternKind::kFunction &&
        import.type_index < module.types.size()) {
      json.Member("type", TypeString(module.types[import.type_index]));
    }
    json.EndObject();
  }
  json.EndArray();
}

void WriteExports(const Module& module, JsonStream& json) {
  json.BeginArray();
  for (const Export& e : module.exports) {
    json.BeginObject();
    json.Member("kind", ExternKindName(e.kind));
    json.Member("name", e.name);
    json.Member("index", e.index);
    if (e.kind == ExternKind::kFunction && e.index < module.NumFunctions()) {
      json.Member("type", TypeString(module.FunctionType(e.index)));
    }
    json.EndObject();
  }
  json.EndArray();
}

void WriteListing(const Function& function, JsonStream& json) {
  json.BeginArray();
  ForEachListingLine(function, [&](const ListingLine& line) {
    json.BeginObject();
    json.Member("offset", line.offset);
    json.Member("depth", line.depth);
    json.Member("text", line.text);
    json.EndObject();
  });
  json.EndArray();
}

// Defined function `i` of the inspected module.
void WriteFunction(const Inspection& inspection, size_t i,
                   const std::vector<std::string>* exported, JsonStream& json) {
  const Module& module = *inspection.module;
  const Function& f = module.functions[i];
  json.BeginObject();
  json.Member("index", module.NumImportedFunctions() + i);
  json.Key("exports");
  json.BeginArray();
  if (exported != nullptr) {
    for (const std::string& name : *exported) json.String(name);
  }
  json.EndArray();
  json.Member("instructions", f.code.size());
  json.Member("locals", f.num_locals);
  json.Member("body_offset", f.body_offset);
  json.Member("body_size", f.body_size);
  if (f.type_index < module.types.size()) {
    json.Member("type", TypeString(module.types[f.type_index]));
  }
  if (std::optional<uint32_t> stack = MaxStackHeight(inspection, i)) {
    json.Member("max_stack", *stack);
  }
  if (inspection.disassemble) {
    json.Key("code");
    WriteListing(f, json);
  }
  json.EndObject();
}

void WriteFunctions(const Inspection& inspection, JsonStream& json) {
  const Module& module = *inspection.module;
  const auto exported = FunctionExportNames(module);
  json.BeginArray();
  for (size_t i = 0; i < module.functions.size(); ++i) {
    auto it = exported.find(module.NumImportedFunctions() + i);
    WriteFunction(inspection, i, it == exported.end() ? nullptr : &it->second,
                  json);
  }
  json.EndArray();
}

void WriteVerdict(const Verdict& verdict, JsonStream& json) {
  json.BeginObject();
  json.Member("score", verdict.score);
  json.Key("findings");
  json.BeginArray();
  for (const Finding& f : verdict.findings) {
    json.BeginObject();
    json.Member("severity", SeverityName(f.severity));
    json.Member("code", f.code);
    json.Member("message", f.message);
    json.Member("place", f.place ? PlaceText(*f.place) : "");
    if (f.place) {
      json.Member("function", f.place->function_index);
      json.Member("offset", f.place->offset);
    }
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

void WriteValidation(const Inspection& inspection, JsonStream& json) {
  const absl::Status& status = inspection.validation->status();
  json.BeginObject();
  json.Member("profile", inspection.profile_name);
  json.Key("ok");
  json.Bool(status.ok());
  if (!status.ok()) json.Member("error", std::string(status.message()));
  json.EndObject();
}

}  // namespace

void PrintInspectionJson(const Inspection& inspection) {
  JsonStream json(stdout);
  json.BeginObject();
  json.Member("file", inspection.path);
  json.Member("size", inspection.size_bytes);
  if (!inspection.module.ok()) {
    json.Member("decode_error",
                std::string(inspection.module.status().message()));
  } else {
    const Module& module = *inspection.module;
    json.Key("summary");
    WriteSummary(module, json);
    json.Key("imports");
    WriteImports(module, json);
    json.Key("exports");
    WriteExports(module, json);
    json.Key("validation");
    WriteValidation(inspection, json);
    json.Key("functions");
    WriteFunctions(inspection, json);
    if (inspection.verdict) {
      json.Key("analyzer");
      WriteVerdict(*inspection.verdict, json);
    }
  }
  json.EndObject();
  std::fputc('\n', stdout);
}

}  // namespace dytallix::internal
