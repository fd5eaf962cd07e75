#include "state/kv_store.h"

namespace dytallix::internal {

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last != 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return end;
}

absl::Status ScanPrefix(const KvReader& reader, std::string_view prefix,
                        ScanVisitor visit) {
  return reader.Scan(prefix, PrefixEnd(prefix), visit);
}

}  // namespace dytallix::internal
