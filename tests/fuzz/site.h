// A whole praxis-searchd in process, without the socket: case folders loaded
// and indexed with the indexer's own code (in a temporary on-disk index, so
// that "did you mean" has a spelling table), the taxonomy, searchd's Service
// and route table with the JSON API, the web pages of themes/default and the
// /mirror/v1/ origin routes (when those modules are built). Requests go
// through Router::dispatch exactly as http_server.cc sends them.
//
// Used by the query fuzz target and by the content-safety tests
// (tests/web/content_safety_test.cc).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/searchd/http_types.h"
#include "praxis/status.h"

namespace praxis::fuzz {

struct SiteOptions {
  std::filesystem::path source_dir;                 // the repository (content/taxonomy.yaml, themes/default)
  std::vector<std::filesystem::path> case_folders;  // every *.md in them is indexed; each must load
};

class Site {
 public:
  static Result<std::unique_ptr<Site>> build(const SiteOptions& options);
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Routes a request as praxis-searchd would. `target` is the request target
  // as sent ("/search?q=a+b&sector=x"): the path is percent-decoded, the
  // query split and decoded ('+' is a space) as cpp-httplib does it.
  searchd::Response get(std::string_view target, std::string_view accept_language = {},
                        std::string_view if_none_match = {}) const;

  bool has_web() const;     // the HTML pages are routed
  bool has_mirror() const;  // /mirror/v1/ is routed
  // The ids of the indexed cases (drafts included).
  const std::vector<std::string>& case_ids() const;
  // The content folder that /mirror/v1/ publishes ("" without mirror routes).
  const std::filesystem::path& mirror_content() const;

 private:
  struct Impl;
  explicit Site(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Percent-decodes %XX (a malformed escape stays as it is); with `plus`, a
// '+' is a space (query strings).
std::string decode_url(std::string_view s, bool plus);

// "/path?query" into a Request: method GET, path decoded, parameters in order.
searchd::Request parse_target(std::string_view target);

}  // namespace praxis::fuzz
