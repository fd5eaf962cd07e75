// A JSON writer that prints as it goes, for output too large to build as a
// tree first (`inspect --disassemble --json` lists every instruction of a
// module). It keeps one flag per open object or array and nothing else.
#ifndef DYTALLIX_TOOLS_JSON_STREAM_H_
#define DYTALLIX_TOOLS_JSON_STREAM_H_

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace dytallix::internal {

// Writes one JSON value to `out`, compact, with members in call order.
// The caller nests calls as in the value: Key before each member of an
// object, one value (or Begin..End) after it; nothing checks this.
// Strings may hold any bytes: control characters are escaped and bytes that
// are not UTF-8 become U+FFFD, so the output is always valid JSON.
// Not thread-safe; `out` must outlive the writer.
class JsonStream {
 public:
  explicit JsonStream(FILE* out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  void String(std::string_view text);
  void Number(uint64_t number);
  void Bool(bool value);

  // Key, then the value.
  void Member(std::string_view key, std::string_view text) {
    Key(key);
    String(text);
  }
  void Member(std::string_view key, const char* text) {
    Member(key, std::string_view(text));
  }
  void Member(std::string_view key, uint64_t number) {
    Key(key);
    Number(number);
  }

 private:
  // Writes the comma a value needs if it is not its container's first.
  void BeforeValue();

  FILE* out_;
  std::vector<bool> has_member_;  // one per open object or array
  bool after_key_ = false;
};

}  // namespace dytallix::internal

#endif  // DYTALLIX_TOOLS_JSON_STREAM_H_
