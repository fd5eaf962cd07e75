#include "tools/outcome_output.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/place.h"
#include "dytallix/hex.h"
#include "nlohmann/json.hpp"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

bool Printable(std::string_view bytes) {
  return !bytes.empty() && std::all_of(bytes.begin(), bytes.end(), [](char c) {
    return c >= 0x20 && c < 0x7f;
  });
}

// "0x0a00 (text)" with the text part only for printable bytes.
std::string BytesText(std::string_view bytes) {
  std::string text = "0x" + ToHex(bytes);
  if (Printable(bytes)) text += " \"" + std::string(bytes) + "\"";
  return text;
}

nlohmann::json EventJson(const Event& event) {
  return {{"block", event.block},
          {"tx_index", event.tx_index},
          {"event_index", event.event_index},
          {"contract", ToHex(event.contract)},
          {"timestamp", event.timestamp},
          {"topic", event.topic},
          {"data", ToHex(event.data)}};
}

void PrintEventLine(const Event& event) {
  std::printf("event %s data %s (block %llu tx %u #%u contract %s)\n",
              EscapeText(event.topic).c_str(), BytesText(event.data).c_str(),
              static_cast<unsigned long long>(event.block), event.tx_index,
              event.event_index, ToHex(event.contract).c_str());
}

nlohmann::json GasReportJson(const GasReport& r) {
  return {{"limit", r.limit},
          {"used", r.used},
          {"remaining", r.remaining},
          {"loading", r.loading},
          {"instantiate", r.instantiate},
          {"wasm", r.wasm},
          {"host_storage", r.host_storage},
          {"host_events", r.host_events},
          {"host_calls", r.host_calls},
          {"host_other", r.host_other}};
}

nlohmann::json TraceJson(const std::vector<TraceFrame>& trace) {
  nlohmann::json frames = nlohmann::json::array();
  for (const TraceFrame& frame : trace) {
    frames.push_back({{"contract", ToHex(frame.contract)},
                      {"function_index", frame.function_index},
                      {"function", frame.function},
                      {"offset", frame.offset}});
  }
  return frames;
}

}  // namespace

// A revert message or topic may hold bytes that are not UTF-8: replace them
// rather than abort (nlohmann without exceptions).
void PrintJson(const nlohmann::json& json) {
  std::printf("%s\n", json.dump(-1, ' ', false,
                                nlohmann::json::error_handler_t::replace)
                          .c_str());
}

nlohmann::json OutcomeJson(const Outcome& outcome,
                           const std::optional<Address>& deployed) {
  nlohmann::json object = {{"status", CallStatusName(outcome.status)},
                           {"output", ToHex(outcome.output)},
                           {"gas_used", outcome.gas_used},
                           {"gas_report", GasReportJson(outcome.gas_report)},
                           {"tx_index", outcome.tx_index},
                           {"events", nlohmann::json::array()}};
  if (Printable(outcome.output)) object["output_text"] = outcome.output;
  if (!outcome.message.empty()) object["message"] = outcome.message;
  if (deployed) object["contract"] = ToHex(*deployed);
  if (!outcome.trace.empty()) object["trace"] = TraceJson(outcome.trace);
  for (const Event& event : outcome.events) {
    object["events"].push_back(EventJson(event));
  }
  return object;
}

void PrintOutcomeText(const Outcome& outcome,
                      const std::optional<Address>& deployed) {
  const std::string_view status = CallStatusName(outcome.status);
  std::printf("status: %.*s\n", static_cast<int>(status.size()), status.data());
  if (deployed) std::printf("contract: %s\n", ToHex(*deployed).c_str());
  if (!outcome.message.empty()) {
    std::printf("message: %s\n", EscapeText(outcome.message).c_str());
  }
  if (!outcome.output.empty()) {
    std::printf("output: %s\n", BytesText(outcome.output).c_str());
  }
  std::printf("gas used: %llu\n",
              static_cast<unsigned long long>(outcome.gas_used));
  const GasReport& r = outcome.gas_report;
  std::printf(
      "gas report: limit %llu, remaining %llu; loading %llu, instantiate "
      "%llu, wasm %llu, storage %llu, events %llu, calls %llu, other host "
      "%llu\n",
      static_cast<unsigned long long>(r.limit),
      static_cast<unsigned long long>(r.remaining),
      static_cast<unsigned long long>(r.loading),
      static_cast<unsigned long long>(r.instantiate),
      static_cast<unsigned long long>(r.wasm),
      static_cast<unsigned long long>(r.host_storage),
      static_cast<unsigned long long>(r.host_events),
      static_cast<unsigned long long>(r.host_calls),
      static_cast<unsigned long long>(r.host_other));
  for (const Event& event : outcome.events) PrintEventLine(event);
  for (const TraceFrame& frame : outcome.trace) {
    std::printf("  at %s %s in contract %s\n",
                PlaceText({frame.function_index, frame.offset}).c_str(),
                EscapeText(frame.function).c_str(),
                ToHex(frame.contract).c_str());
  }
}

void PrintOutcome(const Outcome& outcome,
                  const std::optional<Address>& deployed, bool json) {
  if (json) {
    PrintJson(OutcomeJson(outcome, deployed));
  } else {
    PrintOutcomeText(outcome, deployed);
  }
}

void PrintEvents(const std::vector<Event>& events, bool json) {
  if (json) {
    nlohmann::json array = nlohmann::json::array();
    for (const Event& event : events) array.push_back(EventJson(event));
    PrintJson(array);
    return;
  }
  for (const Event& event : events) PrintEventLine(event);
}

}  // namespace dytallix::internal
