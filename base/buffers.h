// Reused scratch buffers.
#ifndef DYTALLIX_BASE_BUFFERS_H_
#define DYTALLIX_BASE_BUFFERS_H_

#include <cstddef>
#include <vector>

namespace dytallix::internal {

// Frees `buffer`'s storage if it holds more than `max_bytes`: a buffer a
// thread reuses from one job to the next does not keep its largest job's
// storage for good.
template <typename T>
void FreeIfLarger(std::vector<T>& buffer, size_t max_bytes) {
  if (buffer.capacity() * sizeof(T) > max_bytes) std::vector<T>().swap(buffer);
}

}  // namespace dytallix::internal

#endif  // DYTALLIX_BASE_BUFFERS_H_
