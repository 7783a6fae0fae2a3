#include "praxis/mirror/origin_service.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <iostream>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>

#include "praxis/mirror/origin_state.h"
#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/sha256.h"
#include "praxis/mirror/url_codec.h"

namespace praxis::mirror {

namespace fs = std::filesystem;

namespace {

// What is served until the next change: immutable once built.
struct Snapshot {
  Manifest manifest;
  std::string bytes;
  std::string signature;
  std::string etag;
};

OriginService::Response error(int status, std::string_view message) {
  OriginService::Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.cache_control = "no-store";
  r.body = nlohmann::json{{"error", {{"status", status}, {"message", message}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

// RFC 9110 If-None-Match: "*", or a comma-separated list of (possibly weak) tags.
bool etag_matches(std::string_view header, std::string_view etag) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  header = trim(header);
  if (header.empty() || etag.empty()) return false;
  if (header == "*") return true;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view tag = trim(header.substr(0, comma));
    header.remove_prefix(comma == std::string_view::npos ? header.size() : comma + 1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

std::string content_type_for(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (ext == "md") return "text/markdown; charset=utf-8";
  if (ext == "yaml" || ext == "yml") return "application/yaml; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "webp") return "image/webp";
  if (ext == "pdf") return "application/pdf";
  // Anything else (SVG and HTML included) as bytes: a mirror file is never a page of ours.
  return "application/octet-stream";
}

// Opens `relative` (a manifest path) below the folder `root_fd`, one segment
// at a time, refusing symbolic links at every step. -1 with errno on failure.
int open_beneath(int root_fd, const std::string& relative) {
  int dir = ::dup(root_fd);
  if (dir < 0) return -1;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = relative.find('/', start);
    const std::string seg = relative.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    const bool last = slash == std::string::npos;
    const int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY);
    const int next = ::openat(dir, seg.c_str(), flags);
    const int err = errno;
    ::close(dir);
    if (next < 0) {
      errno = err;
      return -1;
    }
    if (last) return next;
    dir = next;
    start = slash + 1;
  }
}

}  // namespace

Status OriginOptions::validate() const {
  if (content.empty()) return Status::InvalidArgument("the mirror content folder is not set");
  if (!is_origin_name(origin_name))
    return Status::InvalidArgument("origin name \"" + origin_name +
                                   "\": use lowercase letters, digits and '-' (it becomes the source facet)");
  if (recheck_interval.count() < 0) return Status::InvalidArgument("recheck interval is negative");
  return Status::Ok();
}

struct OriginService::Impl {
  OriginOptions options;
  SecretKey key;
  PublicKey public_key;
  fs::path state_file;
  int content_fd = -1;

  mutable std::mutex snapshot_mutex;
  std::shared_ptr<const Snapshot> snapshot;  // guarded by snapshot_mutex
  OriginStateCache cache;                    // guarded by scan_mutex
  std::vector<std::string> last_warnings;    // guarded by scan_mutex
  std::mutex scan_mutex;
  std::atomic<std::int64_t> last_scan_ms{0};
  std::atomic<bool> dirty{false};
  std::mutex suspects_mutex;
  std::set<std::string, std::less<>> suspects;  // guarded by suspects_mutex: files seen to differ from the manifest

  ~Impl() {
    if (content_fd >= 0) ::close(content_fd);
  }

  void log(std::string_view line) const {
    if (options.log) {
      options.log(line);
    } else {
      std::cerr << "praxis-mirror origin: " << line << '\n';
    }
  }

  std::shared_ptr<const Snapshot> current() const {
    std::lock_guard lock(snapshot_mutex);
    return snapshot;
  }

  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  // Caller holds scan_mutex.
  Status scan_locked() {
    last_scan_ms = now_ms();
    dirty = false;
    ScanOptions so;
    so.max_file_bytes = options.max_file_bytes;
    {
      std::lock_guard lock(suspects_mutex);
      so.rehash.swap(suspects);
    }
    auto scanned = update_origin_state(options.content, state_file, cache, Clock::now(), so);
    if (!scanned.ok()) return scanned.status();
    if (scanned->warnings != last_warnings) {
      for (const auto& w : scanned->warnings) log(w);
      last_warnings = scanned->warnings;
    }
    const OriginState& state = scanned->state;
    // A new revision — ours, or one another process serving the same
    // content saved — gets a new snapshot; anything else keeps the bytes.
    const auto old = current();
    if (!old || old->manifest.revision != state.revision || old->manifest.generated != state.generated) {
      auto snap = std::make_shared<Snapshot>();
      snap->manifest = manifest_from_state(state, options.origin_name);
      snap->bytes = serialize_manifest(snap->manifest);
      snap->signature = sign_detached(snap->bytes, key);
      snap->etag = "\"" + std::to_string(state.revision) + "-" + sha256_hex(snap->bytes).substr(0, 24) + "\"";
      std::lock_guard lock(snapshot_mutex);
      snapshot = std::move(snap);
    }
    return Status::Ok();
  }

  // At most once per recheck interval (or when a file was seen to change);
  // a request never waits for another request's scan.
  void maybe_rescan() {
    if (!dirty && now_ms() - last_scan_ms.load() < options.recheck_interval.count()) return;
    std::unique_lock lock(scan_mutex, std::try_to_lock);
    if (!lock.owns_lock()) return;
    if (Status st = scan_locked(); !st.ok())
      log("re-scan failed, still serving revision " + std::to_string(current()->manifest.revision) + ": " +
          st.message());
  }
};

OriginService::OriginService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OriginService::~OriginService() = default;

Result<std::unique_ptr<OriginService>> OriginService::open(OriginOptions options) {
  if (Status st = options.validate(); !st.ok()) return st;
  if (options.signing_key.empty()) return Status::InvalidArgument("no signing key given");
  auto key = read_secret_key(options.signing_key);
  if (!key.ok()) return key.status();
  return open(std::move(options), *key);
}

Result<std::unique_ptr<OriginService>> OriginService::open(OriginOptions options, const SecretKey& key) {
  if (Status st = options.validate(); !st.ok()) return st;
  auto impl = std::make_unique<Impl>();
  impl->state_file = options.state_dir.empty() ? default_origin_state_file(options.content)
                                               : options.state_dir / "state.json";
  impl->options = std::move(options);
  impl->key = key;
  impl->public_key = key.public_key();
  impl->content_fd = ::open(impl->options.content.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (impl->content_fd < 0)
    return Status::NotFound("mirror content " + impl->options.content.string() + ": not a readable folder");
  {
    std::lock_guard lock(impl->scan_mutex);
    if (Status st = impl->scan_locked(); !st.ok()) return st;
  }
  return std::unique_ptr<OriginService>(new OriginService(std::move(impl)));
}

OriginService::Response OriginService::manifest(std::string_view if_none_match) {
  impl_->maybe_rescan();
  const auto snap = impl_->current();
  Response r;
  r.etag = snap->etag;
  r.cache_control = "no-cache";
  r.content_type = "application/json; charset=utf-8";
  if (etag_matches(if_none_match, snap->etag)) {
    r.status = 304;
    return r;
  }
  r.body = snap->bytes;
  return r;
}

OriginService::Response OriginService::signature() {
  const auto snap = impl_->current();
  Response r;
  r.etag = snap->etag;  // the manifest's: a puller checks the pair belongs together
  r.cache_control = "no-cache";
  r.content_type = "text/plain; charset=utf-8";
  r.body = snap->signature;
  return r;
}

OriginService::Response OriginService::file(std::string_view raw) {
  raw = raw.substr(0, raw.find_first_of("?#"));
  if (raw.substr(0, kFilesRoutePrefix.size()) != kFilesRoutePrefix) return error(404, "not a mirror file");
  const auto decoded = percent_decode(raw.substr(kFilesRoutePrefix.size()));
  if (!decoded) return error(400, "malformed percent-encoding in the path");
  // The path rules first (cheap, and they name what no manifest can hold),
  // then the manifest itself: only a listed path goes any further.
  if (!check_mirror_path(*decoded).ok()) return error(404, "not in the manifest");
  const auto snap = impl_->current();
  const FileEntry* entry = snap->manifest.find(*decoded);
  if (entry == nullptr) return error(404, "not in the manifest");

  const int fd = open_beneath(impl_->content_fd, entry->path);
  if (fd < 0) {
    impl_->dirty = true;
    return error(503, "the file changed since the manifest was made; fetch the manifest again");
  }
  struct stat st {};
  std::string body;
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) == entry->size;
  if (ok) {
    body.resize(entry->size);
    std::size_t got = 0;
    while (got < body.size()) {
      const ssize_t n = ::read(fd, body.data() + got, body.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    ok = got == body.size() && sha256_hex(body) == entry->sha256;
  }
  ::close(fd);
  if (!ok) {
    // The next manifest request re-scans at once and hashes this file whatever its stamp says.
    {
      std::lock_guard lock(impl_->suspects_mutex);
      impl_->suspects.insert(entry->path);
    }
    impl_->dirty = true;
    return error(503, "the file changed since the manifest was made; fetch the manifest again");
  }
  Response r;
  r.content_type = content_type_for(entry->path);
  r.etag = "\"" + entry->sha256 + "\"";
  r.cache_control = "no-cache";
  r.body = std::move(body);
  return r;
}

Status OriginService::refresh() {
  std::lock_guard lock(impl_->scan_mutex);
  return impl_->scan_locked();
}

std::uint64_t OriginService::revision() const { return impl_->current()->manifest.revision; }

PublicKey OriginService::public_key() const { return impl_->public_key; }

}  // namespace praxis::mirror
