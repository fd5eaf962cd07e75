/* The C ABI of an external analyzer plugin, version 1.
 *
 * A plugin is a shared library exporting dytallix_analyze. The runtime loads
 * it by path (dlopen), calls it on a worker thread under a time limit, and
 * copies the results out of buffers the runtime owns; the plugin allocates
 * nothing the runtime frees, and keeps no pointer past its return.
 *
 * dytallix_analyze may be called from several threads at once; it must not
 * assume anything about the thread it runs on. Its verdict is recorded with
 * the deployment and is an input to consensus: it must be a deterministic
 * function of the module bytes.
 */
#ifndef DYTALLIX_PLUGIN_ABI_H_
#define DYTALLIX_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DYTALLIX_ANALYZER_ABI_VERSION 1
#define DYTALLIX_FINDING_CODE_CAP 32     /* bytes, NUL included */
#define DYTALLIX_FINDING_MESSAGE_CAP 160 /* bytes, NUL included */

typedef struct dytallix_finding {
  uint8_t severity;  /* 0 info, 1 low, 2 medium, 3 high */
  uint8_t has_place; /* nonzero: function and offset are meaningful */
  uint32_t function; /* index in the module's function index space */
  uint32_t offset;   /* byte offset in the module binary */
  /* NUL-terminated; a string filling the whole array is cut at its end. */
  char code[DYTALLIX_FINDING_CODE_CAP];
  char message[DYTALLIX_FINDING_MESSAGE_CAP];
} dytallix_finding;

/* Analyzes the module `wasm[0, wasm_len)`: writes a score 0..100 to
 * *score, up to `findings_cap` findings to `findings` and their number to
 * *findings_len. Returns 0 on success; anything else is an error (the
 * outputs are then ignored). */
typedef int (*dytallix_analyze_fn)(const uint8_t* wasm, size_t wasm_len,
                                   uint8_t* score, dytallix_finding* findings,
                                   size_t findings_cap, size_t* findings_len);

#define DYTALLIX_ANALYZE_SYMBOL "dytallix_analyze"

#ifdef __cplusplus
}
#endif

#endif /* DYTALLIX_PLUGIN_ABI_H_ */
