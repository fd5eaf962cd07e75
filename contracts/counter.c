/* Counter: the smallest useful contract. Keeps one 64-bit count in storage.
 *   increment()  adds the 8-byte little-endian input (or 1 if no input),
 *                emits "incremented" with the new count, returns it.
 *   get()        returns the count (8 bytes little-endian). */
#include "dytallix.h"

static const char kCountKey[] = "count";

static int64_t LoadCount(void) {
  int64_t count = 0;
  if (dyt_storage_get(kCountKey, DYT_LITERAL_LEN(kCountKey), &count,
                      sizeof(count)) != (int32_t)sizeof(count)) {
    count = 0;
  }
  return count;
}

DYT_METHOD(increment) {
  int64_t step = 1;
  if (dyt_input_len() == (int32_t)sizeof(step)) dyt_input_read(&step);
  if (step < 0) {
    static const char kMessage[] = "negative step";
    dyt_revert(kMessage, DYT_LITERAL_LEN(kMessage));
  }
  int64_t count = LoadCount() + step;
  dyt_storage_set(kCountKey, DYT_LITERAL_LEN(kCountKey), &count, sizeof(count));
  static const char kTopic[] = "incremented";
  dyt_emit_event(kTopic, DYT_LITERAL_LEN(kTopic), &count, sizeof(count));
  dyt_return_data(&count, sizeof(count));
}

DYT_METHOD(get) {
  int64_t count = LoadCount();
  dyt_return_data(&count, sizeof(count));
}
