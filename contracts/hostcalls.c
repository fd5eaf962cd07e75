/* Hostcalls: calls every function of the host ABI, for the runtime's tests.
 *
 * Methods:
 *   everything  any input -> a Report (below). Also leaves "kept" = "yes" in
 *               storage and emits "everything" with the input as data.
 *   echo        any input -> the same bytes
 *   depth       ()        -> how many nested calls of itself succeeded
 *                            below it (8 bytes): it calls itself until the
 *                            runtime's nested call limit stops it
 *   burn        ()        -> never returns: spins until out of gas
 *   call_burn   ()        -> call_contract's status (8 bytes) for a nested
 *                            burn given 10,000 gas, then gas left (8 bytes) */
#include "dytallix.h"

typedef struct {
  uint64_t block_number;
  uint64_t block_timestamp;
  dyt_address caller;
  dyt_address self;
  uint64_t input_len;
  uint8_t input_sha256[32];
  uint64_t stored_len;    /* storage_get of what was just stored */
  uint64_t stored_equal;  /* 1 if it read back the same bytes */
  uint64_t removed_first; /* storage_remove: 1 */
  uint64_t removed_again; /* storage_remove: 0 */
  int64_t absent_len;     /* storage_get after removal: -1 */
  uint64_t gas_consumed;  /* gas_left before - after consume_gas(1000) */
  uint64_t echo_status;   /* call_contract(self, "echo", input) */
  uint64_t echo_len;      /* result_len */
  uint64_t echo_equal;    /* 1 if result_read gave the input back */
} Report;

enum { kMaxInput = 1024 };
static uint8_t input[kMaxInput];
static uint8_t scratch[kMaxInput];

static int32_t ReadInput(void) {
  int32_t len = dyt_input_len();
  if (len > kMaxInput) DYT_REVERT("input too long");
  dyt_input_read(input);
  return len;
}

static uint64_t Equal(const uint8_t* a, const uint8_t* b, int32_t len) {
  for (int32_t i = 0; i < len; ++i) {
    if (a[i] != b[i]) return 0;
  }
  return 1;
}

static void Storage(Report* report, int32_t len) {
  dyt_storage_set("k", 1, input, len);
  report->stored_len = (uint64_t)dyt_storage_get("k", 1, scratch, kMaxInput);
  report->stored_equal = Equal(scratch, input, len);
  report->removed_first = (uint64_t)dyt_storage_remove("k", 1);
  report->removed_again = (uint64_t)dyt_storage_remove("k", 1);
  report->absent_len = dyt_storage_get("k", 1, scratch, kMaxInput);
  dyt_storage_set("kept", 4, "yes", 3);
}

static void Echo(Report* report, int32_t len) {
  dyt_address self;
  dyt_self_address(self.bytes);
  report->echo_status =
      (uint64_t)dyt_call_method(&self, "echo", input, len, dyt_gas_left() / 2);
  report->echo_len = (uint64_t)dyt_result_len();
  if (report->echo_len == (uint64_t)len) {
    dyt_result_read(scratch);
    report->echo_equal = Equal(scratch, input, len);
  }
}

DYT_METHOD(everything) {
  static Report report;
  int32_t len = ReadInput();
  report.block_number = (uint64_t)dyt_block_number();
  report.block_timestamp = (uint64_t)dyt_block_timestamp();
  dyt_caller(report.caller.bytes);
  dyt_self_address(report.self.bytes);
  report.input_len = (uint64_t)len;
  dyt_sha256(input, len, report.input_sha256);
  Storage(&report, len);
  int64_t before = dyt_gas_left();
  dyt_consume_gas(1000);
  report.gas_consumed = (uint64_t)(before - dyt_gas_left());
  Echo(&report, len);
  dyt_emit_event("everything", DYT_LITERAL_LEN("everything"), input, len);
  dyt_debug_log("everything done", DYT_LITERAL_LEN("everything done"));
  dyt_return_data(&report, sizeof(report));
}

DYT_METHOD(echo) {
  int32_t len = ReadInput();
  dyt_return_data(input, len);
}

DYT_METHOD(depth) {
  dyt_address self;
  dyt_self_address(self.bytes);
  uint64_t below = 0;
  if (dyt_call_method(&self, "depth", 0, 0, dyt_gas_left()) == 0 &&
      dyt_result_len() == 8) {
    uint8_t result[8];
    dyt_result_read(result);
    below = dyt_load_u64(result) + 1;
  }
  dyt_return_u64(below);
}

DYT_METHOD(burn) {
  for (;;) dyt_consume_gas(100);
}

DYT_METHOD(call_burn) {
  dyt_address self;
  dyt_self_address(self.bytes);
  uint64_t out[2];
  out[0] = (uint64_t)dyt_call_method(&self, "burn", 0, 0, 10000);
  out[1] = (uint64_t)dyt_gas_left();
  dyt_return_data(out, sizeof(out));
}
