/* The native side of a workload: `NAME N` runs run(N) and prints the checksum
 * the way the WebAssembly runners do ("i32:" and the unsigned value), so the
 * comparison script reads every engine's answer alike. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "workload.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s N\n", argv[0]);
    return 2;
  }
  char* end = NULL;
  errno = 0;
  long n = strtol(argv[1], &end, 10);
  if (errno != 0 || *end != '\0' || n < 0 || n > INT32_MAX) {
    fprintf(stderr, "%s: N must be an integer in [0, 2^31): '%s'\n", argv[0],
            argv[1]);
    return 2;
  }
  printf("i32:%u\n", (unsigned)run((int32_t)n));
  return 0;
}
