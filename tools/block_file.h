// Block files: the JSON form of a block that `dytallix block` executes
// (README, "Blocks (for node developers)"):
//
//   {"height": 7, "timestamp": 1700000000, "transactions": [
//     {"type": "deploy", "sender": ADDR, "code": "token.wasm",
//      "input": HEX, "gas_limit": N},
//     {"type": "call", "sender": ADDR, "contract": ADDR,
//      "method": "transfer", "input": HEX, "gas_limit": N}]}
//
// "height", "transactions" and each transaction's "type" and "sender" (and
// a deploy's "code", a call's "contract" and "method") are required;
// "timestamp" defaults to 0, "input" to no bytes and "gas_limit" to 0 (the
// runtime's default limit). Numbers are whole numbers that fit 64 bits,
// addresses 64 hex digits, input any number of hex digit pairs ("0x"
// optional). A key the format does not name, or a key given twice in one
// object, is an error.
#ifndef DYTALLIX_TOOLS_BLOCK_FILE_H_
#define DYTALLIX_TOOLS_BLOCK_FILE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dytallix/runtime.h"

namespace dytallix::internal {

struct BlockFile {
  Block block;
  std::vector<Transaction> transactions;  // deploys hold their code's bytes
};

// Parses `text`, a block file's contents, and reads each deploy's code
// file (a relative path is resolved against `base_dir`). Errors say where:
// kInvalidArgument with the JSON syntax error's line and column, or with the
// transaction and field ("transaction 2: gas_limit: needs a whole number,
// got -1"); a code file that cannot be read gives the read error after its
// transaction ("transaction 0: code: cannot open ...").
absl::StatusOr<BlockFile> ParseBlockFile(std::string_view text,
                                         const std::filesystem::path& base_dir);

// Reads the block file at `path` and parses it, resolving code paths
// against the file's directory. Every error starts with "PATH: ".
absl::StatusOr<BlockFile> ReadBlockFile(const std::string& path);

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_BLOCK_FILE_H_
