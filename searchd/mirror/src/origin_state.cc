#include "praxis/mirror/origin_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "fs_util.h"
#include "praxis/mirror/path_rules.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kStateFormat = "praxis-origin-state/1";
constexpr std::size_t kMaxStateBytes = std::size_t{512} << 20;

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

struct Seen {
  std::string path;
  fs::path absolute;
  struct stat st;
};

// Regular, non-hidden files; links and other types are never published.
std::vector<Seen> walk(const fs::path& content, std::vector<std::string>& warnings, std::error_code& ec) {
  std::vector<Seen> out;
  fs::recursive_directory_iterator it(content, fs::directory_options::none, ec);
  for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    std::error_code sec;
    const fs::file_status ls = it->symlink_status(sec);
    if (!name.empty() && name[0] == '.') {
      if (fs::is_directory(ls)) it.disable_recursion_pending();
      continue;
    }
    const std::string rel = p.lexically_relative(content).generic_string();
    if (fs::is_symlink(ls)) {
      warnings.push_back(rel + ": a symbolic link, not published");
      continue;
    }
    if (fs::is_directory(ls)) continue;
    if (!fs::is_regular_file(ls)) {
      warnings.push_back(rel + ": not a regular file, not published");
      continue;
    }
    if (Status st = check_mirror_path(rel); !st.ok()) {
      warnings.push_back(st.message() + ": not published");
      continue;
    }
    Seen s{rel, p, {}};
    if (::lstat(p.c_str(), &s.st) != 0 || !S_ISREG(s.st.st_mode)) continue;  // gone meanwhile
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const Seen& a, const Seen& b) { return a.path < b.path; });
  return out;
}

bool same_published(const std::vector<OriginFile>& a, const std::vector<OriginFile>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const OriginFile& x, const OriginFile& y) {
    return x.entry.path == y.entry.path && x.entry.size == y.entry.size && x.entry.sha256 == y.entry.sha256;
  });
}

}  // namespace

fs::path default_origin_state_file(const fs::path& content) {
  return content / std::string(kOriginStateDir) / "state.json";
}

Result<OriginState> load_origin_state(const fs::path& file) {
  auto text = read_file_limited(file, kMaxStateBytes);
  if (!text.ok()) {
    if (text.status().code() == Code::not_found) return OriginState{};
    return text.status();
  }
  const json j = json::parse(text->begin(), text->end(), nullptr, false);
  auto corrupt = [&](const std::string& why) {
    return Status::Corrupt(file.string() + ": " + why + " (move it away to start again at revision 1; partners then "
                                                        "need one pull with --allow-rollback)");
  };
  if (j.is_discarded() || !j.is_object()) return corrupt("not a JSON object");
  try {
    if (j.at("format").get<std::string>() != kStateFormat) return corrupt("unknown format");
    OriginState s;
    s.revision = j.at("revision").get<std::uint64_t>();
    s.generated = j.at("generated").get<std::string>();
    for (const auto& f : j.at("files")) {
      OriginFile o;
      o.entry.path = f.at("path").get<std::string>();
      o.entry.size = f.at("size").get<std::uint64_t>();
      o.entry.sha256 = f.at("sha256").get<std::string>();
      o.entry.updated = f.at("updated").get<std::string>();
      o.mtime_ns = f.at("mtime_ns").get<std::int64_t>();
      o.inode = f.at("inode").get<std::uint64_t>();
      s.files.push_back(std::move(o));
    }
    for (const auto& t : j.at("tombstones"))
      s.tombstones.push_back({t.at("path").get<std::string>(), t.at("deleted").get<std::string>()});
    std::sort(s.files.begin(), s.files.end(),
              [](const OriginFile& a, const OriginFile& b) { return a.entry.path < b.entry.path; });
    std::sort(s.tombstones.begin(), s.tombstones.end(),
              [](const Tombstone& a, const Tombstone& b) { return a.path < b.path; });
    return s;
  } catch (const json::exception& e) {
    return corrupt(e.what());
  }
}

Status save_origin_state(const fs::path& file, const OriginState& s) {
  json files = json::array();
  for (const auto& f : s.files)
    files.push_back({{"path", f.entry.path},
                     {"size", f.entry.size},
                     {"sha256", f.entry.sha256},
                     {"updated", f.entry.updated},
                     {"mtime_ns", f.mtime_ns},
                     {"inode", f.inode}});
  json tombs = json::array();
  for (const auto& t : s.tombstones) tombs.push_back({{"path", t.path}, {"deleted", t.deleted}});
  const json j = {{"format", kStateFormat},
                  {"revision", s.revision},
                  {"generated", s.generated},
                  {"files", std::move(files)},
                  {"tombstones", std::move(tombs)}};
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) return Status::IoError("cannot create " + file.parent_path().string() + ": " + ec.message());
  return write_file_atomic(file, j.dump(1, '\t', false, json::error_handler_t::replace) + "\n");
}

Result<ScanResult> scan_origin(const fs::path& content, const OriginState& previous, Clock::time_point now,
                               const ScanOptions& options) {
  ScanResult out;
  std::error_code ec;
  if (!fs::is_directory(content, ec)) return Status::NotFound(content.string() + ": not a folder");
  const std::vector<Seen> seen = walk(content, out.warnings, ec);
  if (ec) return Status::IoError("cannot read " + content.string() + ": " + ec.message());

  std::map<std::string_view, const OriginFile*> before;
  for (const auto& f : previous.files) before.emplace(f.entry.path, &f);

  OriginState& next = out.state;
  const std::int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  const std::int64_t racy_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(options.racy_window).count();
  for (const Seen& s : seen) {
    const auto size = static_cast<std::uint64_t>(s.st.st_size);
    if (size > options.max_file_bytes) {
      out.warnings.push_back(s.path + ": larger than " + std::to_string(options.max_file_bytes) +
                             " bytes, not published");
      continue;
    }
    OriginFile f;
    f.entry.path = s.path;
    f.mtime_ns = mtime_ns(s.st);
    f.inode = static_cast<std::uint64_t>(s.st.st_ino);
    const auto it = before.find(s.path);
    const OriginFile* old = it == before.end() ? nullptr : it->second;
    if (old && old->mtime_ns == f.mtime_ns && old->inode == f.inode && old->entry.size == size &&
        !options.rehash.count(s.path)) {
      f.entry = old->entry;  // stamp unchanged: trust the stored hash
    } else {
      auto digest = hash_file(s.absolute, options.max_file_bytes);
      if (!digest.ok()) {
        if (digest.status().code() == Code::not_found) continue;  // deleted while we walked
        out.warnings.push_back(s.path + ": " + digest.status().message() + ", not published");
        continue;
      }
      f.entry.size = digest->size;
      f.entry.sha256 = digest->sha256;
      // `updated` moves only when the bytes do (a touched file keeps its time).
      f.entry.updated = old && old->entry.sha256 == f.entry.sha256 ? old->entry.updated : format_utc_ns(f.mtime_ns);
    }
    if (now_ns - f.mtime_ns < racy_ns) f.mtime_ns = kRacyStamp;
    next.files.push_back(std::move(f));
  }

  out.published_changed = previous.revision == 0 || !same_published(previous.files, next.files);
  if (!out.published_changed) {
    next.revision = previous.revision;
    next.generated = previous.generated;
    next.tombstones = previous.tombstones;
  } else {
    next.revision = previous.revision + 1;
    next.generated = format_utc(now);
    // Tombstones: the old ones still absent and young enough, plus every path that just went.
    std::map<std::string, std::string> tombs;
    const std::string oldest = format_utc(now - options.tombstone_lifetime);
    for (const auto& t : previous.tombstones)
      if (t.deleted >= oldest) tombs[t.path] = t.deleted;
    std::map<std::string_view, bool> present;
    for (const auto& f : next.files) present.emplace(f.entry.path, true);
    for (const auto& f : previous.files)
      if (!present.count(f.entry.path)) tombs[f.entry.path] = next.generated;
    for (const auto& f : next.files) tombs.erase(f.entry.path);
    for (auto& [path, deleted] : tombs) next.tombstones.push_back({path, deleted});
    if (next.tombstones.size() > options.max_tombstones) {
      // Forget the oldest deletions first.
      std::stable_sort(next.tombstones.begin(), next.tombstones.end(),
                       [](const Tombstone& a, const Tombstone& b) { return a.deleted > b.deleted; });
      next.tombstones.resize(options.max_tombstones);
      std::sort(next.tombstones.begin(), next.tombstones.end(),
                [](const Tombstone& a, const Tombstone& b) { return a.path < b.path; });
    }
  }
  out.state_changed = !(next == previous);
  return out;
}

Manifest manifest_from_state(const OriginState& state, std::string origin) {
  Manifest m;
  m.origin = std::move(origin);
  m.revision = state.revision;
  m.generated = state.generated;
  for (const auto& f : state.files) m.files.push_back(f.entry);
  m.tombstones = state.tombstones;
  return m;
}

namespace {

// An exclusive flock(2) held for the lifetime of the object.
class StateLock {
 public:
  ~StateLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status acquire(const fs::path& file) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) return Status::IoError(errno_message("cannot open " + file.string(), errno));
    while (::flock(fd_, LOCK_EX) != 0)
      if (errno != EINTR) return Status::IoError(errno_message("cannot lock " + file.string(), errno));
    return Status::Ok();
  }

 private:
  int fd_ = -1;
};

}  // namespace

Result<ScanResult> update_origin_state(const fs::path& content, const fs::path& state_file, OriginStateCache& cache,
                                       Clock::time_point now, const ScanOptions& options) {
  std::error_code ec;
  fs::create_directories(state_file.parent_path(), ec);
  if (ec) return Status::IoError("cannot create " + state_file.parent_path().string() + ": " + ec.message());
  StateLock lock;
  if (Status st = lock.acquire(state_file.string() + ".lock"); !st.ok()) return st;

  struct stat st {};
  const bool exists = ::stat(state_file.c_str(), &st) == 0;
  const std::int64_t file_mtime = exists ? mtime_ns(st) : 0;
  const auto file_size = exists ? static_cast<std::uint64_t>(st.st_size) : 0;
  const auto file_inode = exists ? static_cast<std::uint64_t>(st.st_ino) : 0;
  if (!cache.loaded || cache.mtime_ns != file_mtime || cache.size != file_size || cache.inode != file_inode) {
    auto loaded = load_origin_state(state_file);
    if (!loaded.ok()) return loaded.status();
    cache.state = std::move(loaded).value();
    cache.loaded = true;
    cache.mtime_ns = file_mtime;
    cache.size = file_size;
    cache.inode = file_inode;
  }
  auto scanned = scan_origin(content, cache.state, now, options);
  if (!scanned.ok()) return scanned.status();
  if (scanned->state_changed) {
    // Saved before it is served: a revision, once published, survives a restart.
    if (Status saved = save_origin_state(state_file, scanned->state); !saved.ok()) return saved;
    struct stat after {};
    if (::stat(state_file.c_str(), &after) == 0) {
      cache.mtime_ns = mtime_ns(after);
      cache.size = static_cast<std::uint64_t>(after.st_size);
      cache.inode = static_cast<std::uint64_t>(after.st_ino);
    }
    cache.state = scanned->state;
  }
  return scanned;
}

Result<Manifest> build_manifest(const fs::path& content, std::string origin, fs::path state_file,
                                const ScanOptions& options) {
  if (state_file.empty()) state_file = default_origin_state_file(content);
  OriginStateCache cache;
  auto scanned = update_origin_state(content, state_file, cache, Clock::now(), options);
  if (!scanned.ok()) return scanned.status();
  return manifest_from_state(scanned->state, std::move(origin));
}

}  // namespace praxis::mirror
