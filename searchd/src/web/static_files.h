// The theme's static/ folder, read once at start-up and served from memory.
// Only files that were in that folder then can ever be served: a request
// names a key of an in-memory map, never a path on disk, so "../", "%2e%2e/",
// absolute paths or NUL bytes reach nothing. Files are flat (no subfolders),
// named [A-Za-z0-9._-]+ and not starting with a dot.
//
// Caching: every file has a content hash. Pages link to
// "/static/<name>?v=<hash>"; a request with the current hash is cached for a
// year ("immutable"), any other is revalidated with the ETag.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "praxis/status.h"

namespace praxis::web {

struct StaticResponse {
  int status = 404;  // 200, 304 or 404
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Cache-Control, ETag
};

class StaticFiles {
 public:
  static constexpr std::size_t kMaxFileBytes = 4u << 20;    // a bigger file is refused at load
  static constexpr std::size_t kMaxTotalBytes = 32u << 20;

  StaticFiles() = default;
  // Reads every regular file directly under `dir` (symbolic links and
  // subfolders are skipped). A missing folder gives an empty set.
  static Result<StaticFiles> load(const std::filesystem::path& dir);

  // "/static/style.css?v=0123456789ab"; "" when there is no such file.
  std::string url(std::string_view name) const;
  // `name` is the path after "/static/" as the server decoded it, `version`
  // the v= parameter ("" if none), `if_none_match` the request header.
  StaticResponse serve(std::string_view name, std::string_view version, std::string_view if_none_match) const;
  bool contains(std::string_view name) const { return files_.find(name) != files_.end(); }
  std::vector<std::string> names() const;

  // The shape a servable name must have.
  static bool valid_name(std::string_view name);
  // Content-Type by extension (application/octet-stream when unknown).
  static std::string_view content_type(std::string_view name);

 private:
  struct File {
    std::string body;
    std::string hash;  // first 16 hex digits of the BLAKE2b content hash
  };
  std::map<std::string, File, std::less<>> files_;
};

}  // namespace praxis::web
