#include "tools/block_output.h"

#include <cstdio>
#include <optional>
#include <string>

#include "dytallix/hex.h"
#include "nlohmann/json.hpp"
#include "tools/outcome_output.h"
#include "tools/value_text.h"

namespace dytallix::internal {
namespace {

bool IsDeploy(const Transaction& tx) {
  return tx.kind == Transaction::Kind::kDeploy;
}

// The address to print: a deploy's when its init succeeded (as deploy
// prints it; a failed init created no contract).
std::optional<Address> Deployed(const Transaction& tx,
                                const TransactionResult& result) {
  if (!IsDeploy(tx) || !result.error.ok() || !result.outcome.ok()) {
    return std::nullopt;
  }
  return result.address;
}

nlohmann::json TransactionJson(size_t index, const Transaction& tx,
                               const TransactionResult& result) {
  nlohmann::json object;
  if (result.error.ok()) {
    object = OutcomeJson(result.outcome, Deployed(tx, result));
  } else {
    object = {{"status", "rejected"},
              {"error", std::string(result.error.message())},
              {"gas_used", result.outcome.gas_used},
              {"tx_index", result.outcome.tx_index}};
  }
  object["index"] = index;
  object["type"] = IsDeploy(tx) ? "deploy" : "call";
  if (!IsDeploy(tx)) object["method"] = tx.method;
  return object;
}

void PrintTransactionText(size_t index, const Transaction& tx,
                          const TransactionResult& result) {
  if (IsDeploy(tx)) {
    std::printf("transaction %zu: deploy\n", index);
  } else {
    std::printf("transaction %zu: call %s\n", index,
                EscapeText(tx.method).c_str());
  }
  if (result.error.ok()) {
    PrintOutcomeText(result.outcome, Deployed(tx, result));
    return;
  }
  std::printf("rejected: %s\n",
              EscapeText(std::string(result.error.message())).c_str());
  std::printf("gas used: %llu\n",
              static_cast<unsigned long long>(result.outcome.gas_used));
}

void PrintBlockJson(const BlockResult& result,
                    std::span<const Transaction> transactions, bool committed) {
  nlohmann::json object = {{"height", result.block.number},
                           {"timestamp", result.block.timestamp},
                           {"transactions", nlohmann::json::array()},
                           {"state_digest", ToHex(result.state_digest)},
                           {"gas_used", result.gas_used},
                           {"stats",
                            {{"executions", result.stats.executions},
                             {"reexecutions", result.stats.reexecutions},
                             {"in_order", result.stats.in_order}}},
                           {"committed", committed}};
  for (size_t k = 0; k < result.transactions.size(); ++k) {
    object["transactions"].push_back(
        TransactionJson(k, transactions[k], result.transactions[k]));
  }
  PrintJson(object);
}

}  // namespace

void PrintBlockResult(const BlockResult& result,
                      std::span<const Transaction> transactions, bool committed,
                      bool json) {
  if (json) {
    PrintBlockJson(result, transactions, committed);
    return;
  }
  for (size_t k = 0; k < result.transactions.size(); ++k) {
    PrintTransactionText(k, transactions[k], result.transactions[k]);
  }
  std::printf("block %llu: %zu transactions, timestamp %llu\n",
              static_cast<unsigned long long>(result.block.number),
              result.transactions.size(),
              static_cast<unsigned long long>(result.block.timestamp));
  std::printf("block gas used: %llu\n",
              static_cast<unsigned long long>(result.gas_used));
  std::printf("state digest: %s\n", ToHex(result.state_digest).c_str());
  std::printf("stats: executions %u, re-executions %u, in order %u\n",
              result.stats.executions, result.stats.reexecutions,
              result.stats.in_order);
  std::printf("committed: %s\n", committed ? "yes" : "no (--dry-run)");
}

}  // namespace dytallix::internal
