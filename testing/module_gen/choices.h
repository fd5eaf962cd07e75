// Choices: the fuzzer's bytes read as a stream of decisions. Every decision
// the generator makes comes from here, so the same bytes always give the same
// module, and libFuzzer's mutations change the module's structure.
//
// Once the bytes run out every decision is 0; callers arrange that 0 is the
// choice that ends a list or picks the simplest form, so generation always
// finishes.
//
// Not thread-safe; it borrows the bytes, which must outlive it.
#ifndef DYTALLIX_TESTING_MODULE_GEN_CHOICES_H_
#define DYTALLIX_TESTING_MODULE_GEN_CHOICES_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace dytallix::testing {

class Choices {
 public:
  explicit Choices(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  // A number in [0, n). REQUIRES: n > 0.
  uint32_t Below(uint32_t n);
  // Raw bits, for constants and offsets.
  uint32_t U32();
  uint64_t U64();

 private:
  uint8_t Byte() { return next_ < bytes_.size() ? bytes_[next_++] : 0; }

  std::span<const uint8_t> bytes_;
  size_t next_ = 0;
};

}  // namespace dytallix::testing

#endif  // DYTALLIX_TESTING_MODULE_GEN_CHOICES_H_
