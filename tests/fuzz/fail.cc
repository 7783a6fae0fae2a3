#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_targets.h"

namespace praxis::fuzz {

void fail(std::string_view target, std::string_view what) {
  const std::string message = "praxis fuzz target '" + std::string(target) + "': " + std::string(what) + "\n";
  std::fwrite(message.data(), 1, message.size(), stderr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace praxis::fuzz
