// The libFuzzer entry point of one target: PRAXIS_FUZZ_ONE names its body
// (see fuzz_targets.h); CMake compiles this file once per fuzz executable.
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

#ifndef PRAXIS_FUZZ_ONE
#error "PRAXIS_FUZZ_ONE must name the target's function"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return ::praxis::fuzz::PRAXIS_FUZZ_ONE(data, size);
}
