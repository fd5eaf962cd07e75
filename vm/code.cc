#include "vm/code.h"

#include <algorithm>
#include <iterator>

namespace dytallix::internal {

uint32_t CompiledFunction::OffsetAt(uint32_t pos) const {
  auto it =
      std::upper_bound(offsets.begin(), offsets.end(), pos,
                       [](uint32_t p, const std::pair<uint32_t, uint32_t>& e) {
                         return p < e.first;
                       });
  return it == offsets.begin() ? 0 : std::prev(it)->second;
}

}  // namespace dytallix::internal
