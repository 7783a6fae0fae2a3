// The fuzz targets' bodies as plain functions. libfuzzer_entry.cc makes one
// of them the LLVMFuzzerTestOneInput of a libFuzzer executable (clang,
// PRAXIS_FUZZ=ON); replay_main.cc runs saved inputs (seeds and the inputs of
// crashes once found, tests/fuzz/<target>/{seeds,regressions}/) through the
// same function in every build, GCC's included, as a ctest test.
//
// A target never returns an error: a broken invariant prints what broke
// and aborts, which libFuzzer and ctest both report as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace praxis::fuzz {

// A case file: front matter, YAML, field checks, Markdown (text and safe
// HTML), the document builder. tests/fuzz/case_loader/.
int case_loader_one(const std::uint8_t* data, std::size_t size);

// A request to praxis-searchd without the socket: "<target>\n<Accept-Language>"
// where target is "/path?query" as it would be on the request line; the
// path and parameters are decoded as cpp-httplib decodes them, then routed
// through the real route table (API and web pages) over a small index built
// from tests/fixtures once per process. tests/fuzz/query/.
int query_one(const std::uint8_t* data, std::size_t size);

// A mirror manifest: the strict parser, the canonical form round trip, path
// rules and signature checking. tests/fuzz/manifest/.
int manifest_one(const std::uint8_t* data, std::size_t size);

// Prints `what` and the input's size, then aborts.
[[noreturn]] void fail(std::string_view target, std::string_view what);

}  // namespace praxis::fuzz

#define PRAXIS_FUZZ_CHECK(target, condition, what) \
  do {                                             \
    if (!(condition)) ::praxis::fuzz::fail((target), (what)); \
  } while (false)
