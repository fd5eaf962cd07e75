#include "tools/stats_output.h"

#include <cstdio>
#include <string_view>

#include "dytallix/hex.h"
#include "nlohmann/json.hpp"
#include "tools/outcome_output.h"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

using ull = unsigned long long;

std::string_view FamilyLabel(size_t index) {
  return index < kFamilyNames.size() ? kFamilyNames[index].name
                                     : kUnknownFamily;
}

FamilyTally Total(const StoreScan& scan) {
  FamilyTally total;
  for (const FamilyTally& family : scan.families) {
    total.records += family.records;
    total.bytes += family.bytes;
  }
  return total;
}

nlohmann::json TallyJson(const FamilyTally& tally) {
  return {{"records", tally.records}, {"bytes", tally.bytes}};
}

nlohmann::json RecordsJson(const StoreScan& scan) {
  nlohmann::json records = {{"total", TallyJson(Total(scan))}};
  for (size_t i = 0; i < scan.families.size(); ++i) {
    records[std::string(FamilyLabel(i))] = TallyJson(scan.families[i]);
  }
  return records;
}

nlohmann::json CodeJson(const CodeLoad& code) {
  nlohmann::json object = {{"code_hash", ToHex(code.code_hash)},
                           {"stored", code.tally.stored},
                           {"wasm_bytes", code.tally.wasm_bytes},
                           {"contracts", code.tally.contracts},
                           {"compiled_bytes", nullptr}};
  if (code.compiled_bytes) object["compiled_bytes"] = *code.compiled_bytes;
  if (!code.error.empty()) object["error"] = code.error;
  return object;
}

nlohmann::json CacheJson(const CacheMetrics& m) {
  nlohmann::json pinned = nlohmann::json::array();
  for (const auto& [hash, hits] : m.pinned_hits) {
    pinned.push_back({{"code_hash", ToHex(hash)}, {"hits", hits}});
  }
  return {{"hits_pinned", m.hits_pinned},
          {"hits_memory", m.hits_memory},
          {"misses", m.misses},
          {"evictions", m.evictions},
          {"entries_pinned", m.entries_pinned},
          {"entries_memory", m.entries_memory},
          {"bytes_pinned", m.bytes_pinned},
          {"bytes_memory", m.bytes_memory},
          {"byte_budget", m.byte_budget},
          {"pinned_hits", pinned}};
}

void PrintStatsJson(const StoreStats& stats) {
  const StoreScan& scan = stats.scan;
  nlohmann::json object = {{"store", stats.path},
                           {"format_version", nullptr},
                           {"disk_bytes", stats.disk_bytes},
                           {"state_digest", ToHex(scan.state_digest)},
                           {"last_block", nullptr},
                           {"records", RecordsJson(scan)},
                           {"codes", nlohmann::json::array()},
                           {"compiled_bytes", stats.compiled_bytes},
                           {"cache", CacheJson(stats.cache)}};
  if (scan.format_version) object["format_version"] = *scan.format_version;
  if (scan.last_block) {
    object["last_block"] = {{"height", scan.last_block->first},
                            {"digest", ToHex(scan.last_block->second)}};
  }
  for (const CodeLoad& code : stats.codes) {
    object["codes"].push_back(CodeJson(code));
  }
  PrintJson(object);
}

void PrintStoreText(const StoreStats& stats) {
  const StoreScan& scan = stats.scan;
  std::printf("store: %s\n", EscapeText(stats.path).c_str());
  if (scan.format_version) {
    std::printf("format version: %u\n", *scan.format_version);
  } else {
    std::printf("format version: none (an empty store)\n");
  }
  std::printf("disk bytes: %llu\n", static_cast<ull>(stats.disk_bytes));
  std::printf("state digest: %s\n", ToHex(scan.state_digest).c_str());
  if (scan.last_block) {
    std::printf("last block: %llu, digest %s\n",
                static_cast<ull>(scan.last_block->first),
                ToHex(scan.last_block->second).c_str());
  } else {
    std::printf("last block: none\n");
  }
}

void PrintRecordsText(const StoreScan& scan) {
  const FamilyTally total = Total(scan);
  std::printf("records: total %llu, bytes %llu\n",
              static_cast<ull>(total.records), static_cast<ull>(total.bytes));
  for (size_t i = 0; i < scan.families.size(); ++i) {
    const FamilyTally& family = scan.families[i];
    if (i == kFamilyNames.size() && family.records == 0) continue;
    const std::string_view label = FamilyLabel(i);
    std::printf("  %.*s: records %llu, bytes %llu\n",
                static_cast<int>(label.size()), label.data(),
                static_cast<ull>(family.records),
                static_cast<ull>(family.bytes));
  }
}

void PrintCodeText(const CodeLoad& code) {
  std::printf("code %s: %swasm bytes %llu, contracts %llu, ",
              ToHex(code.code_hash).c_str(),
              code.tally.stored ? "" : "MISSING, ",
              static_cast<ull>(code.tally.wasm_bytes),
              static_cast<ull>(code.tally.contracts));
  if (code.compiled_bytes) {
    std::printf("compiled bytes %llu\n",
                static_cast<ull>(*code.compiled_bytes));
  } else {
    std::printf("not loaded: %s\n", EscapeText(code.error).c_str());
  }
}

void PrintCacheText(const StoreStats& stats) {
  const CacheMetrics& m = stats.cache;
  std::printf("compiled code: %llu bytes, cache budget %llu bytes (%s)\n",
              static_cast<ull>(stats.compiled_bytes),
              static_cast<ull>(m.byte_budget),
              stats.compiled_bytes <= m.byte_budget ? "fits" : "exceeds it");
  std::printf(
      "cache: misses %llu, hits pinned %llu, hits memory %llu, evictions "
      "%llu\n",
      static_cast<ull>(m.misses), static_cast<ull>(m.hits_pinned),
      static_cast<ull>(m.hits_memory), static_cast<ull>(m.evictions));
  std::printf(
      "cache entries: %llu unpinned (%llu bytes), %llu pinned (%llu bytes)\n",
      static_cast<ull>(m.entries_memory), static_cast<ull>(m.bytes_memory),
      static_cast<ull>(m.entries_pinned), static_cast<ull>(m.bytes_pinned));
  for (const auto& [hash, hits] : m.pinned_hits) {
    std::printf("pinned code %s: %llu hits\n", ToHex(hash).c_str(),
                static_cast<ull>(hits));
  }
}

}  // namespace

void PrintStats(const StoreStats& stats, bool json) {
  if (json) {
    PrintStatsJson(stats);
    return;
  }
  PrintStoreText(stats);
  PrintRecordsText(stats.scan);
  for (const CodeLoad& code : stats.codes) PrintCodeText(code);
  PrintCacheText(stats);
}

}  // namespace dytallix::internal
