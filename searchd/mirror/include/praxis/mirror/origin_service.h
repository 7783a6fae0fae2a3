// The origin side of mirroring, as praxis-searchd serves it:
//
//   GET /mirror/v1/manifest.json       manifest(If-None-Match)  → 200 | 304
//   GET /mirror/v1/manifest.json.sig   signature()              → 200
//   GET /mirror/v1/files/<path>        file(raw request target) → 200 | 400 | 404 | 503
//
// Transport-free: the server copies a `Response` into its own. Thread-safe:
// every method may run on any worker at once. The published state is an
// immutable snapshot (manifest bytes, signature, ETag) swapped under a lock,
// so a signature always matches the manifest it is served with (both carry
// the same ETag). The content folder is re-scanned when a manifest is asked
// for and `recheck_interval` has passed since the last scan (a stat per file;
// only files whose stamp moved are hashed), or at `refresh()`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "praxis/mirror/keys.h"
#include "praxis/mirror/manifest.h"
#include "praxis/status.h"

namespace praxis::mirror {

inline constexpr std::string_view kManifestRoute = "/mirror/v1/manifest.json";
inline constexpr std::string_view kSignatureRoute = "/mirror/v1/manifest.json.sig";
inline constexpr std::string_view kFilesRoutePrefix = "/mirror/v1/files/";

struct OriginOptions {
  std::filesystem::path content;      // the origin's own content folder (never a mirror of others)
  std::string origin_name;            // is_origin_name(); the `source` facet partners give its cases
  std::filesystem::path signing_key;  // secret key file (mode 0600), from `praxis-mirror keygen`
  // Where the revision and tombstones are kept; default <content>/.praxis-origin.
  // It must survive restarts: partners refuse a revision that goes back.
  std::filesystem::path state_dir;
  std::chrono::milliseconds recheck_interval{1000};
  std::uint64_t max_file_bytes = ManifestLimits{}.max_file_bytes;
  // Warnings (files left out of the manifest, failed re-scans); default: stderr.
  std::function<void(std::string_view)> log;

  Status validate() const;
};

class OriginService {
 public:
  struct Response {
    int status = 200;
    std::string content_type;
    std::string body;
    std::string etag;           // quoted, ready for the ETag header; empty: none
    std::string cache_control;  // ready for the Cache-Control header
  };

  // Loads the signing key and builds the first manifest; fails when the
  // content folder cannot be read or the state cannot be saved.
  static Result<std::unique_ptr<OriginService>> open(OriginOptions options);
  // The same with a key already in memory (tests, tools).
  static Result<std::unique_ptr<OriginService>> open(OriginOptions options, const SecretKey& key);
  ~OriginService();
  OriginService(const OriginService&) = delete;
  OriginService& operator=(const OriginService&) = delete;

  // 304 (empty body) when `if_none_match` names the current ETag ("*", lists
  // and W/ forms included); otherwise the manifest JSON.
  Response manifest(std::string_view if_none_match);
  // The base64 Ed25519 signature of the current manifest, with its ETag.
  Response signature();
  // `raw_request_path` is the request target as received, percent-encoding
  // intact ("/mirror/v1/files/cases/a%20b.md", a query string is ignored).
  // It is decoded once and must then name a file of the current manifest
  // exactly; the bytes are read through that manifest entry (never through
  // the request text), each folder opened with O_NOFOLLOW. 400 for a
  // malformed escape, 404 for anything not listed, 503 when the file changed
  // since the manifest (a re-scan is due; the partner retries later).
  Response file(std::string_view raw_request_path);

  // Re-scans now; Ok also when nothing changed.
  Status refresh();
  std::uint64_t revision() const;
  PublicKey public_key() const;

 private:
  struct Impl;
  explicit OriginService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace praxis::mirror
