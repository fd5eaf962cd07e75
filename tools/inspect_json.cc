// The --json form of an Inspection: one object on one line.
#include <cstdio>
#include <string>

#include "analyzer/analyzer.h"
#include "nlohmann/json.hpp"
#include "tools/inspection.h"
#include "tools/wasm_listing.h"

namespace dytallix::internal {
namespace {

using Json = nlohmann::json;

Json SummaryJson(const Module& module) {
  return {{"types", module.types.size()},
          {"imports", module.imports.size()},
          {"functions", module.functions.size()},
          {"imported_functions", module.NumImportedFunctions()},
          {"tables", module.tables.size()},
          {"memories", module.memories.size()},
          {"globals", module.globals.size()},
          {"exports", module.exports.size()},
          {"element_segments", module.elements.size()},
          {"data_segments", module.data.size()},
          {"custom_sections", module.customs.size()}};
}

Json ImportsJson(const Module& module) {
  Json imports = Json::array();
  for (const Import& import : module.imports) {
    Json entry = {{"kind", ExternKindName(import.kind)},
                  {"module", import.module},
                  {"name", import.name}};
    if (import.kind == ExternKind::kFunction &&
        import.type_index < module.types.size()) {
      entry["type"] = TypeString(module.types[import.type_index]);
    }
    imports.push_back(std::move(entry));
  }
  return imports;
}

Json ExportsJson(const Module& module) {
  Json exports = Json::array();
  for (const Export& e : module.exports) {
    Json entry = {
        {"kind", ExternKindName(e.kind)}, {"name", e.name}, {"index", e.index}};
    if (e.kind == ExternKind::kFunction && e.index < module.NumFunctions()) {
      entry["type"] = TypeString(module.FunctionType(e.index));
    }
    exports.push_back(std::move(entry));
  }
  return exports;
}

Json ListingJson(const Function& function) {
  Json code = Json::array();
  for (const ListingLine& line : Listing(function)) {
    code.push_back(
        {{"offset", line.offset}, {"depth", line.depth}, {"text", line.text}});
  }
  return code;
}

Json FunctionsJson(const Inspection& inspection) {
  const Module& module = *inspection.module;
  const auto exported = FunctionExportNames(module);
  Json functions = Json::array();
  for (size_t i = 0; i < module.functions.size(); ++i) {
    const Function& f = module.functions[i];
    const uint32_t index =
        module.NumImportedFunctions() + static_cast<uint32_t>(i);
    Json entry = {{"index", index},
                  {"exports", Json::array()},
                  {"instructions", f.code.size()},
                  {"locals", f.num_locals},
                  {"body_offset", f.body_offset},
                  {"body_size", f.body_size}};
    if (auto it = exported.find(index); it != exported.end()) {
      entry["exports"] = it->second;
    }
    if (f.type_index < module.types.size()) {
      entry["type"] = TypeString(module.types[f.type_index]);
    }
    if (std::optional<uint32_t> stack = MaxStackHeight(inspection, i)) {
      entry["max_stack"] = *stack;
    }
    if (inspection.disassemble) entry["code"] = ListingJson(f);
    functions.push_back(std::move(entry));
  }
  return functions;
}

Json VerdictJson(const Verdict& verdict) {
  Json findings = Json::array();
  for (const Finding& f : verdict.findings) {
    Json entry = {{"severity", SeverityName(f.severity)},
                  {"code", f.code},
                  {"message", f.message},
                  {"place", f.place}};
    if (std::optional<Place> place = ParsePlace(f.place)) {
      entry["function"] = place->function;
      entry["offset"] = place->offset;
    }
    findings.push_back(std::move(entry));
  }
  return {{"score", verdict.score}, {"findings", std::move(findings)}};
}

Json ValidationJson(const Inspection& inspection) {
  const absl::Status& status = inspection.validation->status();
  Json validation = {{"profile", inspection.profile_name}, {"ok", status.ok()}};
  if (!status.ok()) validation["error"] = std::string(status.message());
  return validation;
}

}  // namespace

void PrintInspectionJson(const Inspection& inspection) {
  Json object = {{"file", inspection.path}, {"size", inspection.size_bytes}};
  if (!inspection.module.ok()) {
    object["decode_error"] = std::string(inspection.module.status().message());
  } else {
    const Module& module = *inspection.module;
    object["summary"] = SummaryJson(module);
    object["imports"] = ImportsJson(module);
    object["exports"] = ExportsJson(module);
    object["validation"] = ValidationJson(inspection);
    object["functions"] = FunctionsJson(inspection);
    if (inspection.verdict)
      object["analyzer"] = VerdictJson(*inspection.verdict);
  }
  // Names and messages may hold bytes that are not UTF-8: replace them
  // rather than fail.
  const std::string text =
      object.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::printf("%s\n", text.c_str());
}

}  // namespace dytallix::internal
