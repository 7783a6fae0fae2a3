// Replays saved inputs through a fuzz target's body, in any build (GCC's
// included): `<program> FILE_OR_FOLDER...`. Every regular file in a folder
// is one input (sorted, hidden files skipped). Exits 0 when every input ran
// without tripping an invariant (a broken invariant aborts, naming the
// target; the last "replaying" line names the input), 1 when an input took
// longer than PRAXIS_FUZZ_REPLAY_SECONDS (default 20: tools/fuzz allows 10
// per input, sanitizer builds are slower), 2 on a usage error.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.h"

#ifndef PRAXIS_FUZZ_ONE
#error "PRAXIS_FUZZ_ONE must name the target's function"
#endif

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path p = argv[i];
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && e.path().filename().string().front() != '.') inputs.push_back(e.path());
    } else if (fs::is_regular_file(p, ec)) {
      inputs.push_back(p);
    } else {
      std::fprintf(stderr, "%s: no such file or folder: %s\n", argv[0], argv[i]);
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  const char* limit_env = std::getenv("PRAXIS_FUZZ_REPLAY_SECONDS");
  const double limit = limit_env && *limit_env ? std::atof(limit_env) : 20.0;
  int slow = 0;
  for (const auto& p : inputs) {
    std::fprintf(stderr, "replaying %s\n", p.c_str());
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto start = std::chrono::steady_clock::now();
    ::praxis::fuzz::PRAXIS_FUZZ_ONE(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > limit) {
      std::fprintf(stderr, "%s: took %.1f s, more than %.0f s\n", p.c_str(), seconds, limit);
      ++slow;
    }
  }
  if (slow) return 1;
  std::printf("%zu inputs replayed through %s, none failed\n", inputs.size(), PRAXIS_FUZZ_NAME);
  return 0;
}
