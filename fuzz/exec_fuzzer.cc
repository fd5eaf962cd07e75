// exec_fuzzer: run modules. The bytes drive the module generator
// (testing/module_gen): the generated module must load under the contract
// profile (else the generator is wrong), and then it is instantiated and
// every export called with metering on and a small gas limit. If the raw
// bytes are themselves a valid module without imports, it runs the same way.
// Never a crash, hang, leak or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "base/profile.h"
#include "fuzz/exec_harness.h"
#include "testing/module_gen/module_gen.h"
#include "vm/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dytallix::internal;  // NOLINT(google-build-using-namespace)
  const std::span<const uint8_t> bytes(data, size);
  const CallOptions options{.metering = true, .gas_limit = kFuzzGasLimit};

  const std::vector<uint8_t> wasm = dytallix::testing::GenerateModule(bytes);
  auto generated = Load(wasm, Profile::Contract());
  if (!generated.ok()) {
    std::fprintf(stderr, "generator bug, module rejected: %s\n",
                 generated.status().ToString().c_str());
    std::abort();
  }
  (void)RunExports(*generated, bytes, options);

  auto raw = Load(bytes, Profile::Contract());
  if (raw.ok()) (void)RunExports(*raw, bytes, options);
  return 0;
}
