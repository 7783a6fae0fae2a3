// Fuzz target: one request to praxis-searchd, from the request target to the
// response, without the socket. The input is "<target>\n<Accept-Language>
// \n<If-None-Match>" (the last two optional); the target's path and query
// are decoded as cpp-httplib does, then dispatched through the real route
// table (JSON API, feeds, exports, the web pages, /mirror/v1/) over an index
// of tests/fixtures/search/cases and tests/fixtures/hostile, built once per
// process. Parameter parsing, the QueryBuilder (syntax, Greeklish,
// synonyms, wildcards), the search, facets, snippets and every writer run.
//
// Invariants: no 5xx but a 503 (a handler that throws or fails inside is a
// 500); JSON bodies parse; HTML pages are well-formed and pass
// check_html_safety (whatever the query held, it comes back escaped); XML
// is well-formed; a static or mirrored file is one of the published files,
// byte for byte.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_targets.h"
#include "html_safety.h"
#include "markup_check.h"
#include "site.h"

namespace praxis::fuzz {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTarget = "query";

// Built on the first input; destroyed at exit, which removes its temporary
// index (a crash leaves it in $TMPDIR as praxis-fuzz-*).
const Site& site() {
  static const std::unique_ptr<Site> s = [] {
    SiteOptions o;
    o.source_dir = PRAXIS_SOURCE_DIR;
    o.case_folders = {o.source_dir / "tests" / "fixtures" / "search" / "cases",
                      o.source_dir / "tests" / "fixtures" / "hostile"};
    auto built = Site::build(o);
    if (!built.ok()) fail(kTarget, "cannot build the site: " + built.status().message());
    return std::move(built).value();
  }();
  return *s;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view next_line(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  const std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

void check_snippets(const nlohmann::json& hits) {
  if (!hits.is_array()) return;
  for (const auto& h : hits) {
    if (!h.is_object() || !h.contains("snippet") || !h["snippet"].is_string()) continue;
    const std::string& snippet = h["snippet"].get_ref<const std::string&>();
    if (std::string problem = check_html_safety(snippet); !problem.empty()) fail(kTarget, "a snippet: " + problem);
    if (std::string problem = testing::check_markup(snippet, true); !problem.empty())
      fail(kTarget, "a snippet is not well-formed: " + problem);
  }
}

}  // namespace

int query_one(const std::uint8_t* data, std::size_t size) {
  const Site& s = site();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string target(next_line(rest));
  const std::string_view accept_language = next_line(rest);
  const std::string_view if_none_match = next_line(rest);
  if (target.empty() || target.front() != '/') target.insert(0, "/");

  const searchd::Response r = s.get(target, accept_language, if_none_match);
  const std::string path = parse_target(target).path;
  PRAXIS_FUZZ_CHECK(kTarget, r.status >= 200 && r.status < 600, "a status out of range");
  PRAXIS_FUZZ_CHECK(kTarget, r.status < 500 || r.status == 503,
                    "status " + std::to_string(r.status) + " for " + target + ": " + r.body.substr(0, 300));
  const std::string_view type = r.content_type;
  static const bool verbose = std::getenv("PRAXIS_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "  %d %s %zu bytes\n", r.status, r.content_type.c_str(), r.body.size());
  if (std::getenv("PRAXIS_FUZZ_DUMP")) std::fwrite(r.body.data(), 1, r.body.size(), stdout);

  if (starts_with(type, "application/json")) {
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    PRAXIS_FUZZ_CHECK(kTarget, !j.is_discarded(), "invalid JSON from " + target);
    if (j.is_object() && j.contains("hits")) check_snippets(j["hits"]);
  } else if (starts_with(type, "text/html")) {
    if (std::string problem = check_html_safety(r.body); !problem.empty())
      fail(kTarget, "unsafe HTML from " + target + ": " + problem);
    if (std::string problem = testing::check_markup(r.body, true); !problem.empty())
      fail(kTarget, "malformed HTML from " + target + ": " + problem);
  } else if (type.find("xml") != std::string_view::npos && !starts_with(path, "/static/")) {
    if (std::string problem = testing::check_markup(r.body, false); !problem.empty())
      fail(kTarget, "malformed XML from " + target + ": " + problem);
  }

  if (r.status == 200 && starts_with(path, "/static/")) {
    // Only the theme's own static files, whatever the path said.
    bool found = false;
    const fs::path dir = fs::path(PRAXIS_SOURCE_DIR) / "themes" / "default" / "static";
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && read_file(e.path()) == r.body) found = true;
    PRAXIS_FUZZ_CHECK(kTarget, found, "/static/ served something that is not a theme file: " + target);
  }
  if (r.status == 200 && s.has_mirror() && starts_with(path, "/mirror/v1/files/")) {
    bool found = false;
    for (const auto& e : fs::recursive_directory_iterator(s.mirror_content()))
      if (e.is_regular_file() && read_file(e.path()) == r.body) found = true;
    PRAXIS_FUZZ_CHECK(kTarget, found, "/mirror/v1/files/ served something that is not published: " + target);
  }
  return 0;
}

}  // namespace praxis::fuzz
