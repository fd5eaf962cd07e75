/* The C API through pkg-config: opens an in-memory runtime, deploys
 * counter.wasm (argv[1]) and prints the block its record names. */
#include <stdio.h>
#include <stdlib.h>

#include "dytallix/dytallix.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  FILE* file = fopen(argv[1], "rb");
  if (file == NULL) return 1;
  static uint8_t code[1 << 20];
  const size_t len = fread(code, 1, sizeof(code), file);
  fclose(file);
  dyt_config config = {0};
  dyt_runtime* runtime = NULL;
  if (dyt_runtime_open(&config, &runtime) != DYT_OK) return 1;
  dyt_deploy_request deploy = {.code = code, .code_len = len};
  uint8_t address[32];
  dyt_outcome init = {0};
  if (dyt_deploy(runtime, &deploy, address, &init) != DYT_OK) return 1;
  dyt_contract_info info;
  if (dyt_get_contract(runtime, address, &info) != DYT_OK) return 1;
  printf("deployed at block %llu\n", (unsigned long long)info.deploy_block);
  dyt_runtime_free(runtime);
  return 0;
}
