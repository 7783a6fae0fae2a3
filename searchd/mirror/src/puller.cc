#include "praxis/mirror/puller.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>

#include "fs_util.h"
#include "praxis/mirror/mirror_layout.h"
#include "praxis/mirror/mirror_state.h"
#include "praxis/mirror/origin_service.h"
#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/sha256.h"
#include "praxis/mirror/time_format.h"
#include "praxis/mirror/url_codec.h"

namespace praxis::mirror {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMaxSignatureBytes = 1024;
constexpr int kManifestAttempts = 3;

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Closes the lock file (and so releases the lock) on every way out.
class LockFile {
 public:
  ~LockFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status acquire(const fs::path& file) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) return Status::IoError(errno_message("cannot open " + file.string(), errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) return Status::Unavailable("another pull into the same folder is running (" + file.string() + ")");
      return Status::IoError(errno_message("cannot lock " + file.string(), errno));
    }
    return Status::Ok();
  }

 private:
  int fd_ = -1;
};

// Removes the staging folder of a pull that fails (a killed pull leaves it to the next one).
class StagingGuard {
 public:
  explicit StagingGuard(fs::path dir) : dir_(std::move(dir)) {}
  ~StagingGuard() {
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  void release() { dir_.clear(); }

 private:
  fs::path dir_;
};

// Creates the folders of `relative` (a valid manifest path) below `root`.
Status make_parents(const fs::path& root, const std::string& relative) {
  fs::path dir = root;
  std::size_t start = 0;
  for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', start)) {
    dir /= relative.substr(start, slash - start);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      return Status::IoError(errno_message("cannot create " + dir.string(), errno));
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return Status::IoError(dir.string() + ": exists and is not a folder");
    start = slash + 1;
  }
  return Status::Ok();
}

// Every folder under `root`, and `root`, fsynced: the entries reach the disk before the swap.
Status fsync_tree(const fs::path& root) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec))
      if (Status st = fsync_path(it->path()); !st.ok()) return st;
  if (ec) return Status::IoError("cannot walk " + root.string() + ": " + ec.message());
  return fsync_path(root);
}

// A link to `src` at `dest`, or a copy with the same modification time
// (so that the indexer still sees the file as unchanged).
Status link_or_copy(const fs::path& src, const fs::path& dest) {
  if (::link(src.c_str(), dest.c_str()) == 0) return Status::Ok();
  std::error_code ec;
  if (!fs::copy_file(src, dest, fs::copy_options::none, ec))
    return Status::IoError("cannot copy " + src.string() + " to " + dest.string() + ": " + ec.message());
  struct stat st {};
  if (::stat(src.c_str(), &st) == 0) {
    const timespec times[2] = {st.st_atim, st.st_mtim};
    ::utimensat(AT_FDCWD, dest.c_str(), times, 0);
  }
  return fsync_path(dest);
}

class Puller {
 public:
  Puller(Fetcher& fetcher, const PullOptions& options)
      : fetcher_(fetcher), o_(options), layout_(options.into) {}

  Result<PullReport> run();

 private:
  void log(const std::string& line) const {
    if (o_.log) o_.log(line);
  }
  Status find_current();
  void clean_stale() const;
  Status fetch_manifest();
  Result<PullReport> up_to_date(PullReport report);
  Status stage_file(const FileEntry& e, const fs::path& staging, PullReport& report, MirrorState& next);
  bool reusable(const FileEntry& e, const fs::path& src) const;

  Fetcher& fetcher_;
  const PullOptions& o_;
  MirrorLayout layout_;
  std::optional<fs::path> current_;      // the version DIR points at
  std::optional<MirrorState> current_state_;
  FetchResponse manifest_, signature_;
  std::uint64_t transferred_ = 0;
};

Status Puller::find_current() {
  const MirrorLayout::Kind kind = layout_.kind();
  if (kind == MirrorLayout::Kind::other)
    return Status::InvalidArgument(layout_.dir().string() +
                                   " exists and is not a mirror link made by praxis-mirror; move it away (it is "
                                   "never overwritten)");
  if (kind != MirrorLayout::Kind::link) return Status::Ok();
  std::error_code ec;
  const fs::path target = fs::read_symlink(layout_.dir(), ec);
  if (ec || target.has_parent_path() || !layout_.is_ours(target.string()))
    return Status::InvalidArgument(layout_.dir().string() + " is a link to " + target.string() +
                                   ", not to a version made by praxis-mirror; move it away");
  current_ = layout_.current_version();  // nullopt: a dangling link (the version was removed by hand)
  if (!current_) {
    log("the version " + target.string() + " is missing: pulling everything again");
    return Status::Ok();
  }
  auto st = load_mirror_state(*current_);
  if (st.ok()) {
    current_state_ = std::move(st).value();
  } else {
    log("no usable state in " + current_->string() + " (" + st.status().message() +
        "): existing files are re-hashed before reuse");
  }
  return Status::Ok();
}

void Puller::clean_stale() const {
  std::error_code ec;
  for (fs::directory_iterator it(layout_.parent(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!layout_.is_ours(name)) continue;
    if (current_ && it->path().filename() == current_->filename()) continue;
    std::error_code rec;
    fs::remove_all(it->path(), rec);
    if (rec) {
      log("cannot remove " + it->path().string() + ": " + rec.message());
    } else {
      log("removed " + name + " (left by an earlier pull)");
    }
  }
}

Status Puller::fetch_manifest() {
  const std::string origin = fetcher_.describe();
  for (int attempt = 0; attempt < kManifestAttempts; ++attempt) {
    auto man = fetcher_.get(std::string(kManifestRoute), current_state_ ? current_state_->etag : std::string(),
                            o_.limits.max_manifest_bytes);
    if (!man.ok()) return Status::Unavailable("cannot fetch the manifest from " + origin + ": " + man.status().message());
    transferred_ += man->body.size();
    manifest_ = std::move(man).value();
    if (manifest_.status == 304) {
      if (!current_state_) return Status::Corrupt("the origin answered 304 Not Modified to a request without If-None-Match");
      return Status::Ok();
    }
    if (manifest_.status != 200)
      return Status::Unavailable("the origin answered HTTP " + std::to_string(manifest_.status) + " for " +
                                 std::string(kManifestRoute));
    auto sig = fetcher_.get(std::string(kSignatureRoute), "", kMaxSignatureBytes);
    if (!sig.ok()) return Status::Unavailable("cannot fetch the signature from " + origin + ": " + sig.status().message());
    transferred_ += sig->body.size();
    signature_ = std::move(sig).value();
    if (signature_.status != 200)
      return Status::Unavailable("the origin answered HTTP " + std::to_string(signature_.status) + " for " +
                                 std::string(kSignatureRoute));
    // The origin gives the signature its manifest's ETag: a mismatch means
    // it changed between the two requests, so ask again.
    if (manifest_.etag.empty() || signature_.etag.empty() || manifest_.etag == signature_.etag) return Status::Ok();
    log("the manifest changed while it was fetched; fetching it again");
  }
  return Status::Unavailable("the origin's manifest kept changing during " + std::to_string(kManifestAttempts) +
                             " attempts; try again later");
}

Result<PullReport> Puller::up_to_date(PullReport report) {
  report.revision = current_state_->revision;
  report.files = current_state_->files.size();
  report.bytes_transferred = transferred_;
  report.key_fingerprint = current_state_->key_fingerprint;
  report.version_dir = *current_;
  MirrorState s = *current_state_;
  s.last_check = format_utc(Clock::now());
  if (Status st = save_mirror_state(*current_, s); !st.ok()) log("cannot record the check time: " + st.message());
  return report;
}

bool Puller::reusable(const FileEntry& e, const fs::path& src) const {
  struct stat st {};
  if (::lstat(src.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) != e.size)
    return false;
  const MirrorFile* rec = current_state_ ? current_state_->find(e.path) : nullptr;
  const bool stamp_same = rec && rec->mtime_ns == mtime_ns(st) && rec->inode == static_cast<std::uint64_t>(st.st_ino) &&
                          rec->size == e.size;
  if (stamp_same) return rec->sha256 == e.sha256;
  // Touched since we wrote it, or no record: trust only its bytes.
  auto digest = hash_file(src, e.size);
  return digest.ok() && digest->sha256 == e.sha256;
}

Status Puller::stage_file(const FileEntry& e, const fs::path& staging, PullReport& report, MirrorState& next) {
  // The path passed the manifest rules; check once more that it stays inside.
  const fs::path dest = (staging / e.path).lexically_normal();
  const fs::path rel = dest.lexically_relative(staging);
  if (rel.empty() || *rel.begin() == ".." || rel.is_absolute())
    return Status::Corrupt("manifest path " + e.path + " escapes the mirror folder");
  if (Status st = make_parents(staging, e.path); !st.ok()) return st;

  if (current_ && reusable(e, *current_ / e.path)) {
    if (Status st = link_or_copy(*current_ / e.path, dest); !st.ok()) return st;
    ++report.reused;
  } else {
    const std::string target = std::string(kFilesRoutePrefix) + percent_encode_path(e.path);
    auto got = fetcher_.get(target, "", e.size);
    if (!got.ok()) return Status::Unavailable("cannot fetch " + e.path + ": " + got.status().message());
    transferred_ += got->body.size();
    if (got->status != 200)
      return Status::Unavailable("the origin answered HTTP " + std::to_string(got->status) + " for " + e.path);
    if (got->body.size() != e.size)
      return Status::Corrupt(e.path + ": received " + std::to_string(got->body.size()) + " bytes, the manifest says " +
                             std::to_string(e.size));
    if (sha256_hex(got->body) != e.sha256)
      return Status::Corrupt(e.path + ": sha256 differs from the signed manifest (tampered with, or changed at the "
                                      "origin during the pull); nothing was changed");
    if (Status st = write_new_file(dest, got->body); !st.ok()) return st;
    ++report.downloaded;
    report.file_bytes += got->body.size();
  }
  struct stat st {};
  if (::lstat(dest.c_str(), &st) != 0) return Status::IoError(errno_message("cannot stat " + dest.string(), errno));
  next.files.push_back({e.path, e.size, e.sha256, mtime_ns(st), static_cast<std::uint64_t>(st.st_ino)});
  return Status::Ok();
}

Result<PullReport> Puller::run() {
  if (Status st = o_.validate(); !st.ok()) return st;
  std::error_code ec;
  fs::create_directories(layout_.parent(), ec);
  if (ec) return Status::IoError("cannot create " + layout_.parent().string() + ": " + ec.message());
  LockFile lock;
  if (Status st = lock.acquire(layout_.lock_file()); !st.ok()) return st;
  if (Status st = find_current(); !st.ok()) return st;
  clean_stale();

  PullReport report;
  report.previous_revision = current_state_ ? current_state_->revision : 0;
  if (Status st = fetch_manifest(); !st.ok()) return st;
  if (manifest_.status == 304) {
    report.not_modified = true;
    return up_to_date(std::move(report));
  }

  const PublicKey* signer = find_signer(manifest_.body, signature_.body, o_.keys);
  if (signer == nullptr) {
    std::string pinned;
    for (const auto& k : o_.keys) pinned += (pinned.empty() ? "" : ", ") + k.fingerprint();
    return Status::Corrupt("bad signature: the manifest from " + fetcher_.describe() +
                           " is not signed by the pinned key (" + pinned + "); nothing was changed");
  }
  auto parsed = parse_manifest(manifest_.body, o_.limits);
  if (!parsed.ok()) return Status::Corrupt("the origin sent an invalid manifest: " + parsed.status().message());
  const Manifest& m = *parsed;
  if (m.origin != o_.name)
    return Status::Corrupt("the manifest is for origin \"" + m.origin + "\", not \"" + o_.name + "\"");
  const std::string manifest_sha = sha256_hex(manifest_.body);
  if (current_state_) {
    if (m.revision < current_state_->revision && !o_.allow_rollback)
      return Status::Corrupt("the manifest's revision " + std::to_string(m.revision) + " is older than the mirror's " +
                             std::to_string(current_state_->revision) +
                             " (a replayed manifest, or an origin that was reset: then pull once with "
                             "--allow-rollback)");
    if (m.revision == current_state_->revision && manifest_sha == current_state_->manifest_sha256) {
      current_state_->etag = manifest_.etag;
      return up_to_date(std::move(report));
    }
    if (m.revision == current_state_->revision && !o_.allow_rollback)
      return Status::Corrupt("the origin published different contents under the same revision " +
                             std::to_string(m.revision) + "; refusing it (see --allow-rollback)");
  }
  report.revision = m.revision;
  report.key_fingerprint = signer->fingerprint();

  const std::string random = random_hex(4);
  const fs::path staging = layout_.staging(random);
  if (::mkdir(staging.c_str(), 0755) != 0)
    return Status::IoError(errno_message("cannot create " + staging.string(), errno));
  StagingGuard guard(staging);

  MirrorState next;
  next.origin = m.origin;
  next.origin_url = o_.origin_url.empty() ? fetcher_.describe() : o_.origin_url;
  next.revision = m.revision;
  next.etag = manifest_.etag;
  next.manifest_sha256 = manifest_sha;
  next.key_fingerprint = report.key_fingerprint;
  next.last_pull = next.last_check = format_utc(Clock::now());
  for (const FileEntry& e : m.files)
    if (Status st = stage_file(e, staging, report, next); !st.ok()) return st;
  report.files = m.files.size();

  if (current_state_) {
    std::set<std::string_view> tombstoned;
    for (const auto& t : m.tombstones) tombstoned.insert(t.path);
    for (const auto& f : current_state_->files) {
      if (m.find(f.path)) continue;
      ++report.removed;
      if (tombstoned.count(f.path)) ++report.tombstoned;
    }
  }

  const fs::path meta = staging / std::string(kMirrorStateDir);
  if (::mkdir(meta.c_str(), 0755) != 0) return Status::IoError(errno_message("cannot create " + meta.string(), errno));
  if (Status st = write_new_file(meta / "manifest.json", manifest_.body); !st.ok()) return st;
  if (Status st = write_new_file(meta / "manifest.json.sig", signature_.body); !st.ok()) return st;
  if (Status st = save_mirror_state(staging, next); !st.ok()) return st;
  if (Status st = fsync_tree(staging); !st.ok()) return st;
  if (o_.stage_hook) o_.stage_hook("staged");

  // The swap: the version gets its final name, a new link is made beside DIR
  // and renamed over it. rename(2) replaces the old link atomically.
  const std::string version_name = layout_.version_name(m.revision, random);
  const fs::path version = layout_.parent() / version_name;
  if (::rename(staging.c_str(), version.c_str()) != 0)
    return Status::IoError(errno_message("cannot rename " + staging.string(), errno));
  guard.release();
  StagingGuard version_guard(version);
  const fs::path link = layout_.link_temp(random);
  if (::symlink(version_name.c_str(), link.c_str()) != 0)
    return Status::IoError(errno_message("cannot create " + link.string(), errno));
  if (layout_.kind() == MirrorLayout::Kind::empty_folder && ::rmdir(layout_.dir().c_str()) != 0) {
    ::unlink(link.c_str());
    return Status::IoError(errno_message("cannot replace the empty folder " + layout_.dir().string(), errno));
  }
  if (::rename(link.c_str(), layout_.dir().c_str()) != 0) {
    const int err = errno;
    ::unlink(link.c_str());
    return Status::IoError(errno_message("cannot point " + layout_.dir().string() + " at " + version_name, err));
  }
  version_guard.release();
  if (Status st = fsync_path(layout_.parent()); !st.ok()) log(st.message());
  if (o_.stage_hook) o_.stage_hook("swapped");

  if (current_) {
    fs::remove_all(*current_, ec);
    if (ec) log("cannot remove the previous version " + current_->string() + ": " + ec.message());
  }
  report.changed = true;
  report.bytes_transferred = transferred_;
  report.version_dir = version;
  return report;
}

}  // namespace

Status PullOptions::validate() const {
  if (!is_origin_name(name))
    return Status::InvalidArgument("--name \"" + name + "\": use lowercase letters, digits and '-' (the origin's name)");
  if (keys.empty()) return Status::InvalidArgument("no pinned public key (--public-key)");
  if (into.empty()) return Status::InvalidArgument("no mirror folder (--into)");
  const MirrorLayout layout(into);
  if (layout.base().empty() || layout.base() == "." || layout.base() == "..")
    return Status::InvalidArgument("--into " + into.string() + ": name a folder, such as mirror/" + name);
  return Status::Ok();
}

Result<PullReport> pull(Fetcher& fetcher, const PullOptions& options) {
  Puller p(fetcher, options);
  return p.run();
}

}  // namespace praxis::mirror
