/* A sample external analyzer for the tests, built once per behaviour
 * (SAMPLE_OK, SAMPLE_LOW, SAMPLE_HANG, SAMPLE_FAIL, SAMPLE_BAD,
 * SAMPLE_NO_SYMBOL) as a shared library. Its verdict depends only on the
 * module bytes, as plugin_abi.h requires. */
#include <string.h>
#include <unistd.h>

#include "dytallix/plugin_abi.h"

static void Put(dytallix_finding* f, uint8_t severity, const char* code,
                const char* message, uint32_t offset) {
  memset(f, 0, sizeof(*f));
  f->severity = severity;
  f->has_place = 1;
  f->function = 0;
  f->offset = offset;
  strncpy(f->code, code, sizeof(f->code));
  strncpy(f->message, message, sizeof(f->message));
}

#ifdef SAMPLE_NO_SYMBOL
int not_the_entry_point(void) { return 0; }
#else
int dytallix_analyze(const uint8_t* wasm, size_t wasm_len, uint8_t* score,
                     dytallix_finding* findings, size_t findings_cap,
                     size_t* findings_len) {
  (void)wasm;
#if defined(SAMPLE_HANG)
  sleep(2);
#endif
#if defined(SAMPLE_FAIL)
  return 7;
#endif
  *findings_len = 0;
  if (findings_cap < 2) return 1;
#if defined(SAMPLE_LOW)
  *score = 10;
  Put(&findings[0], 3, "model-risk", "the model says this looks dangerous",
      (uint32_t)wasm_len);
  *findings_len = 1;
#elif defined(SAMPLE_BAD)
  *score = 200;
#else
  *score = 90;
  Put(&findings[0], 1, "model-note", "module size is the offset",
      (uint32_t)wasm_len);
  /* A code that fills its whole array: the runtime cuts it there. */
  memset(&findings[1], 0, sizeof(findings[1]));
  memset(findings[1].code, 'x', sizeof(findings[1].code));
  findings[1].severity = 0;
  *findings_len = 2;
#endif
  return 0;
}
#endif
