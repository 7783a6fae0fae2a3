// The origin's side of the manifest: scanning its content folder and keeping
// what must survive a restart — the revision, the tombstones and, per file,
// the stat stamp that lets the next scan skip hashing unchanged files — in
// `<content>/.praxis-origin/state.json` (hidden: neither the indexer nor the
// manifest ever lists it).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "praxis/mirror/manifest.h"
#include "praxis/mirror/time_format.h"
#include "praxis/status.h"

namespace praxis::mirror {

inline constexpr std::string_view kOriginStateDir = ".praxis-origin";
inline constexpr std::int64_t kRacyStamp = -1;

struct OriginFile {
  FileEntry entry;
  // Stat stamp: rehash only when one of these moved. kRacyStamp when the file
  // was modified too close to the scan for its time to be trusted (an edit in
  // the same clock tick keeps the time): the next scan hashes it again.
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
  bool operator==(const OriginFile&) const = default;
};

struct OriginState {
  std::uint64_t revision = 0;  // 0: nothing published yet
  std::string generated;
  std::vector<OriginFile> files;      // sorted by path
  std::vector<Tombstone> tombstones;  // sorted by path
  bool operator==(const OriginState&) const = default;
};

// A missing file is an empty state (revision 0); a damaged one is Corrupt.
Result<OriginState> load_origin_state(const std::filesystem::path& file);
// Atomic replace (temporary file, fsync, rename).
Status save_origin_state(const std::filesystem::path& file, const OriginState& state);

struct ScanOptions {
  std::uint64_t max_file_bytes = ManifestLimits{}.max_file_bytes;
  std::chrono::hours tombstone_lifetime{24 * 365};  // then a deletion is forgotten
  std::size_t max_tombstones = 100'000;
  std::chrono::seconds racy_window{2};  // files modified this recently are re-hashed next time
  std::set<std::string, std::less<>> rehash;  // hash these whatever their stamp says
};

struct ScanResult {
  OriginState state;
  bool published_changed = false;  // the file list (path, size, sha256) moved: a new revision
  bool state_changed = false;      // anything in `state` differs from the previous one (save it)
  std::vector<std::string> warnings;  // files left out, and why
};

// Every regular file under `content`, except hidden ones (".git",
// ".praxis-origin"), symbolic links (never followed, never published) and
// files whose path or size the manifest rules refuse (each a warning).
// Unchanged stat stamps reuse the previous hash. The revision grows by one
// when the published list changes; paths that disappeared get a tombstone,
// paths that came back lose theirs.
Result<ScanResult> scan_origin(const std::filesystem::path& content, const OriginState& previous,
                               Clock::time_point now, const ScanOptions& options = {});

Manifest manifest_from_state(const OriginState& state, std::string origin);

// The state as last read or written by this process, with the stat stamp of
// the file it came from.
struct OriginStateCache {
  OriginState state;
  bool loaded = false;
  std::int64_t mtime_ns = 0;
  std::uint64_t size = 0, inode = 0;
};

// Under an exclusive lock on <state_file>.lock: reload the state when the
// file changed since `cache` (another process saved it), scan, save when
// anything changed. Several processes serving the same content (replicas)
// thus share one sequence of revisions.
Result<ScanResult> update_origin_state(const std::filesystem::path& content, const std::filesystem::path& state_file,
                                       OriginStateCache& cache, Clock::time_point now,
                                       const ScanOptions& options = {});

// Load, scan, save when changed, and return the manifest: what `OriginService`
// does at start, for tools and tests. `state_file` defaults to
// <content>/.praxis-origin/state.json.
Result<Manifest> build_manifest(const std::filesystem::path& content, std::string origin,
                                std::filesystem::path state_file = {}, const ScanOptions& options = {});

std::filesystem::path default_origin_state_file(const std::filesystem::path& content);

}  // namespace praxis::mirror
