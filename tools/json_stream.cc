#include "tools/json_stream.h"

#include <string>

#include "nlohmann/json.hpp"

namespace dytallix::internal {

void JsonStream::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_member_.empty()) return;
  if (has_member_.back()) std::fputc(',', out_);
  has_member_.back() = true;
}

void JsonStream::BeginObject() {
  BeforeValue();
  std::fputc('{', out_);
  has_member_.push_back(false);
}

void JsonStream::EndObject() {
  has_member_.pop_back();
  std::fputc('}', out_);
}

void JsonStream::BeginArray() {
  BeforeValue();
  std::fputc('[', out_);
  has_member_.push_back(false);
}

void JsonStream::EndArray() {
  has_member_.pop_back();
  std::fputc(']', out_);
}

void JsonStream::Key(std::string_view key) {
  String(key);
  std::fputc(':', out_);
  after_key_ = true;
}

void JsonStream::String(std::string_view text) {
  BeforeValue();
  // nlohmann's serializer escapes one string the way it escapes a tree's.
  const std::string quoted = nlohmann::json(text).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fwrite(quoted.data(), 1, quoted.size(), out_);
}

void JsonStream::Number(uint64_t number) {
  BeforeValue();
  std::fprintf(out_, "%llu", static_cast<unsigned long long>(number));
}

void JsonStream::Bool(bool value) {
  BeforeValue();
  std::fputs(value ? "true" : "false", out_);
}

}  // namespace dytallix::internal
