/* Greeter: the README's first contract (its Rust twin is
 * contracts/rust/greeter). Keeps one greeting of 1 to 256 bytes.
 *   init(text)   stores the greeting
 *   set(text)    replaces it; emits "greeting" with the new text
 *   greet()      returns it
 * An empty or longer text reverts with "greeting must be 1-256 bytes". */
#include "dytallix.h"

static uint8_t text[256];

static int32_t ReadGreeting(void) {
  int32_t len = dyt_input_len();
  if (len == 0 || len > (int32_t)sizeof(text)) {
    DYT_REVERT("greeting must be 1-256 bytes");
  }
  dyt_input_read(text);
  return len;
}

DYT_METHOD(init) { dyt_storage_set("g", 1, text, ReadGreeting()); }

DYT_METHOD(set) {
  int32_t len = ReadGreeting();
  dyt_storage_set("g", 1, text, len);
  dyt_emit_event("greeting", DYT_LITERAL_LEN("greeting"), text, len);
}

DYT_METHOD(greet) {
  int32_t len = dyt_storage_get("g", 1, text, sizeof(text));
  dyt_return_data(text, len);
}
