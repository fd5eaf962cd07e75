#include "fuzz/engine_run.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace dytallix::internal {
namespace {

bool Exhausted(const std::optional<TrapKind>& trap) {
  return trap && (*trap == TrapKind::kCallStackExhausted ||
                  *trap == TrapKind::kValueStackExhausted);
}

bool OutOfGas(const std::optional<TrapKind>& trap) {
  return trap && *trap == TrapKind::kOutOfGas;
}

bool IsNan(const Cell& cell) {
  if (cell.first == ValType::kF32) {
    return std::isnan(std::bit_cast<float>(static_cast<uint32_t>(cell.second)));
  }
  return cell.first == ValType::kF64 &&
         std::isnan(std::bit_cast<double>(cell.second));
}

bool SameCells(const std::vector<Cell>& a, const std::vector<Cell>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (a[i].first != b[i].first || !IsNan(a[i]) || !IsNan(b[i])) return false;
  }
  return true;
}

std::string Text(const std::optional<TrapKind>& trap) {
  return trap ? "trap " + std::string(TrapKindName(*trap)) : "no trap";
}

std::string Text(const std::vector<Cell>& cells) {
  std::string text = "[";
  for (const auto& [type, bits] : cells) {
    char hex[24];
    std::snprintf(hex, sizeof hex, ":0x%llx ",
                  static_cast<unsigned long long>(bits));
    text += std::string(ValTypeName(type)) + hex;
  }
  return text + "]";
}

std::string Text(const CallOutcome& outcome) {
  return outcome.trap ? Text(outcome.trap) : Text(outcome.results);
}

}  // namespace

absl::StatusOr<EngineRun> RunOn(WasmEngine& engine,
                                std::span<const uint8_t> wasm,
                                const Module& module,
                                std::span<const uint8_t> arg_bytes,
                                size_t max_calls) {
  absl::StatusOr<std::optional<TrapKind>> start = engine.Instantiate(wasm);
  if (!start.ok()) return start.status();
  EngineRun run{.start_trap = *start};
  if (run.start_trap) return run;
  testing::Choices choices(arg_bytes);
  for (const Export& e : module.exports) {
    if (e.kind != ExternKind::kFunction) continue;
    if (run.calls.size() == max_calls) break;
    std::vector<Cell> args;
    for (ValType t : module.FunctionType(e.index).params) {
      const Value v = Argument(t, choices);
      args.push_back({t, v.slot()});
    }
    CallObservation call{.name = e.name, .outcome = engine.Call(e.name, args)};
    for (const Export& x : module.exports) {
      if (x.kind == ExternKind::kMemory) {
        call.memories.push_back(HashMemory(engine.Memory(x.name)));
      } else if (x.kind == ExternKind::kGlobal) {
        call.globals.push_back(engine.Global(x.name));
      }
    }
    const std::optional<TrapKind> trap = call.outcome.trap;
    run.calls.push_back(std::move(call));
    if (OutOfGas(trap) || Exhausted(trap)) break;
  }
  return run;
}

Comparison CompareRuns(const EngineRun& a, const EngineRun& b) {
  Comparison c;
  if (OutOfGas(a.start_trap) || OutOfGas(b.start_trap) ||
      Exhausted(a.start_trap) || Exhausted(b.start_trap)) {
    return c;
  }
  if (a.start_trap != b.start_trap) {
    c.difference =
        "instantiation: " + Text(a.start_trap) + " vs " + Text(b.start_trap);
    return c;
  }
  for (; c.calls < std::min(a.calls.size(), b.calls.size()); ++c.calls) {
    const CallObservation& x = a.calls[c.calls];
    const CallObservation& y = b.calls[c.calls];
    if (OutOfGas(x.outcome.trap) || OutOfGas(y.outcome.trap) ||
        Exhausted(x.outcome.trap) || Exhausted(y.outcome.trap)) {
      return c;
    }
    const std::string call = "call " + x.name + ": ";
    if (x.outcome.trap != y.outcome.trap ||
        !SameCells(x.outcome.results, y.outcome.results)) {
      c.difference = call + Text(x.outcome) + " vs " + Text(y.outcome);
      return c;
    }
    if (x.memories != y.memories) {
      c.difference = call + "exported memory differs after it";
      return c;
    }
    if (!SameCells(x.globals, y.globals)) {
      c.difference = call + "exported globals after it: " + Text(x.globals) +
                     " vs " + Text(y.globals);
      return c;
    }
  }
  return c;
}

}  // namespace dytallix::internal
