// How the puller reaches an origin: one GET at a time. `make_http_fetcher`
// gives the real one (cpp-httplib, http and https); tests give a fake.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "praxis/status.h"

namespace praxis::mirror {

struct FetchResponse {
  int status = 0;
  std::string body;
  std::string etag;  // the ETag header, as sent
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // GETs `target` (an absolute path such as "/mirror/v1/files/cases/a.md",
  // already percent-encoded) below the origin URL. A body longer than
  // `max_bytes` is an error, and so is any transport failure (refused,
  // reset, cut mid-body, timeout): those are a Status (Unavailable), never a
  // half response. HTTP errors are responses.
  virtual Result<FetchResponse> get(const std::string& target, const std::string& if_none_match,
                                    std::uint64_t max_bytes) = 0;
  // Where the requests go, for messages ("https://praxis.example.gr").
  virtual std::string describe() const = 0;
};

struct HttpFetcherOptions {
  std::string origin_url;  // http://HOST[:PORT][/PREFIX] or https://…
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{60};
  std::filesystem::path ca_file;  // https: trust these CAs instead of the system's
};

// InvalidArgument for a URL that is not http(s)://host[:port][/prefix].
Result<std::unique_ptr<Fetcher>> make_http_fetcher(const HttpFetcherOptions& options);

}  // namespace praxis::mirror
