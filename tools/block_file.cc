#include "tools/block_file.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "dytallix/hex.h"
#include "nlohmann/json.hpp"
#include "tools/file_util.h"

namespace dytallix::internal {
namespace {

// We build with -fno-exceptions (JSON_NOEXCEPTION): every nlohmann call
// that would throw aborts instead, so values are type-checked before they
// are read, and only scalars are dumped (dumping is recursive).
using Json = nlohmann::json;

// A place in the file, as errors name it: "transaction 2: gas_limit".
std::string Where(const std::string& place, const std::string& key) {
  return place.empty() ? key : absl::StrCat(place, ": ", key);
}

// Checks the syntax, and that no object gives a key twice, which parsing
// into a Json would let pass (the last value winning). Accepts every value.
class SyntaxChecker : public nlohmann::json_sax<Json> {
 public:
  const std::string& error() const { return error_; }

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override {
    return Value();
  }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override {
    Value();
    frames_.push_back({.object = true});
    return true;
  }
  bool key(string_t& key) override {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key).second) {
      error_ = absl::StrCat(Where(Place(), key), ": given twice");
      return false;
    }
    frame.key = key;
    return true;
  }
  bool end_object() override { return Pop(); }
  bool start_array(std::size_t) override {
    Value();
    frames_.push_back({.object = false});
    return true;
  }
  bool end_array() override { return Pop(); }
  bool parse_error(std::size_t, const std::string&,
                   const Json::exception& e) override {
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    error_ = e.what();
    const size_t tag_end = error_.find("] ");
    if (tag_end != std::string::npos) error_.erase(0, tag_end + 2);
    return false;
  }

 private:
  struct Frame {
    bool object = false;
    std::set<std::string> keys{};  // an object's keys so far
    std::string key{};             // an object's current member
    size_t next = 0;               // an array's next element
  };

  bool Value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().next;
    return true;
  }
  bool Pop() {
    frames_.pop_back();
    return true;
  }
  // The innermost object's place: "transaction 2" for a transaction's.
  std::string Place() const {
    std::string place;
    for (size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (!frame.object) {
        absl::StrAppend(&place, "[", frame.next - 1, "]");
      } else if (i == 0 && frame.key == "transactions") {
        absl::StrAppend(&place, "transaction ", frames_[1].next - 1);
        ++i;  // the array's index is said
      } else {
        place = Where(place, frame.key);
      }
    }
    return place;
  }

  std::vector<Frame> frames_;
  std::string error_;
};

// What a value is, for "got ...": a scalar as JSON (at most 40 characters
// of it), a container by its kind.
std::string Got(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// The members of one JSON object, each checked as it is read. `place`
// names the object in errors ("transaction 2"; "" for the block).
class Fields {
 public:
  Fields(const Json& object, std::string place)
      : object_(object), place_(std::move(place)) {}

  absl::Status Error(const std::string& key, const std::string& why) const {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(place_, key), ": ", why));
  }

  // Refuses a key not in `known`, naming what `what` takes.
  absl::Status CheckKnown(std::initializer_list<const char*> known,
                          const char* what) const {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Error(key, absl::StrCat("unknown field (", what, " takes ",
                                       absl::StrJoin(known, ", "), ")"));
      }
    }
    return absl::OkStatus();
  }

  // The member `key`, or `fallback` (nullopt: the key is required).
  absl::StatusOr<uint64_t> Number(const std::string& key,
                                  std::optional<uint64_t> fallback) const {
    DYT_ASSIGN_OR_RETURN(const Json* value, Find(key, fallback.has_value()));
    if (value == nullptr) return *fallback;
    if (!value->is_number_unsigned()) {
      return Error(key,
                   "needs a whole number (0 to 2^64-1), got " + Got(*value));
    }
    return value->get<uint64_t>();
  }

  absl::StatusOr<std::string> Text(const std::string& key) const {
    DYT_ASSIGN_OR_RETURN(const Json* value, Find(key, false));
    if (!value->is_string()) {
      return Error(key, "needs a string, got " + Got(*value));
    }
    return value->get<std::string>();
  }

  // Optional: no bytes when absent.
  absl::StatusOr<std::string> Bytes(const std::string& key) const {
    DYT_ASSIGN_OR_RETURN(const Json* value, Find(key, true));
    if (value == nullptr) return std::string();
    if (!value->is_string()) {
      return Error(key, "needs hex digits in a string, got " + Got(*value));
    }
    absl::StatusOr<std::string> bytes = FromHex(value->get<std::string>());
    if (!bytes.ok()) return Error(key, std::string(bytes.status().message()));
    return bytes;
  }

  absl::StatusOr<Address> AddressOf(const std::string& key) const {
    DYT_ASSIGN_OR_RETURN(const Json* value, Find(key, false));
    if (!value->is_string()) {
      return Error(key, "needs an address (64 hex digits in a string), got " +
                            Got(*value));
    }
    absl::StatusOr<Address> address = ParseAddress(value->get<std::string>());
    if (!address.ok())
      return Error(key, std::string(address.status().message()));
    return address;
  }

  // The member `key`; nullptr if it is absent and `optional`.
  absl::StatusOr<const Json*> Find(const std::string& key,
                                   bool optional) const {
    const auto it = object_.find(key);
    if (it != object_.end()) return &*it;
    if (optional) return nullptr;
    return Error(key, "missing");
  }

 private:
  const Json& object_;
  std::string place_;
};

absl::StatusOr<std::string> ReadCode(const Fields& fields,
                                     const std::filesystem::path& base_dir) {
  DYT_ASSIGN_OR_RETURN(std::string name, fields.Text("code"));
  const std::filesystem::path path(name);
  absl::StatusOr<std::vector<uint8_t>> code =
      ReadFileBytes(path.is_absolute() ? path : base_dir / path);
  if (!code.ok())
    return fields.Error("code", std::string(code.status().message()));
  return std::string(code->begin(), code->end());
}

// The transaction's type, once its keys are all ones that type takes.
absl::StatusOr<Transaction::Kind> KindOf(const Fields& fields) {
  DYT_ASSIGN_OR_RETURN(const std::string type, fields.Text("type"));
  if (type == "deploy") {
    DYT_RETURN_IF_ERROR(fields.CheckKnown(
        {"type", "sender", "code", "input", "gas_limit"}, "a deploy"));
    return Transaction::Kind::kDeploy;
  }
  if (type == "call") {
    DYT_RETURN_IF_ERROR(fields.CheckKnown(
        {"type", "sender", "contract", "method", "input", "gas_limit"},
        "a call"));
    return Transaction::Kind::kCall;
  }
  return fields.Error("type", "needs \"deploy\" or \"call\", got " + Got(type));
}

// Fields are checked in the order the format lists them; the code file is
// read last.
absl::StatusOr<Transaction> ParseTransaction(
    const Json& json, size_t index, const std::filesystem::path& base_dir) {
  const std::string place = absl::StrCat("transaction ", index);
  if (!json.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(place, ": needs an object, got ", Got(json)));
  }
  const Fields fields(json, place);
  Transaction tx;
  DYT_ASSIGN_OR_RETURN(tx.kind, KindOf(fields));
  DYT_ASSIGN_OR_RETURN(tx.sender, fields.AddressOf("sender"));
  if (tx.kind == Transaction::Kind::kCall) {
    DYT_ASSIGN_OR_RETURN(tx.contract, fields.AddressOf("contract"));
    DYT_ASSIGN_OR_RETURN(tx.method, fields.Text("method"));
  }
  DYT_ASSIGN_OR_RETURN(tx.input, fields.Bytes("input"));
  DYT_ASSIGN_OR_RETURN(tx.gas_limit, fields.Number("gas_limit", 0));
  if (tx.kind == Transaction::Kind::kDeploy) {
    DYT_ASSIGN_OR_RETURN(tx.code, ReadCode(fields, base_dir));
  }
  return tx;
}

}  // namespace

absl::StatusOr<BlockFile> ParseBlockFile(
    std::string_view text, const std::filesystem::path& base_dir) {
  SyntaxChecker checker;
  if (!Json::sax_parse(text.begin(), text.end(), &checker)) {
    return absl::InvalidArgumentError(checker.error());
  }
  const Json json = Json::parse(text.begin(), text.end(), nullptr, false);
  if (!json.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "needs one JSON object {\"height\": N, \"transactions\": [...]}, "
        "got ",
        Got(json)));
  }
  const Fields fields(json, "");
  DYT_RETURN_IF_ERROR(
      fields.CheckKnown({"height", "timestamp", "transactions"}, "a block"));
  BlockFile file;
  DYT_ASSIGN_OR_RETURN(file.block.number, fields.Number("height", {}));
  DYT_ASSIGN_OR_RETURN(file.block.timestamp, fields.Number("timestamp", 0));
  DYT_ASSIGN_OR_RETURN(const Json* transactions,
                       fields.Find("transactions", false));
  if (!transactions->is_array()) {
    return fields.Error("transactions",
                        "needs an array, got " + Got(*transactions));
  }
  for (size_t k = 0; k < transactions->size(); ++k) {
    DYT_ASSIGN_OR_RETURN(Transaction tx,
                         ParseTransaction((*transactions)[k], k, base_dir));
    file.transactions.push_back(std::move(tx));
  }
  return file;
}

absl::StatusOr<BlockFile> ReadBlockFile(const std::string& path) {
  absl::StatusOr<std::vector<uint8_t>> bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();  // it names the path
  const std::string_view text(reinterpret_cast<const char*>(bytes->data()),
                              bytes->size());
  absl::StatusOr<BlockFile> file =
      ParseBlockFile(text, std::filesystem::path(path).parent_path());
  if (!file.ok()) {
    return WithContext(file.status(), path);
  }
  return file;
}

}  // namespace dytallix::internal
