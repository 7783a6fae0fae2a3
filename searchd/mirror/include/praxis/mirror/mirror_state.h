// The partner's record of a mirror, kept inside each version folder as
// `.praxis-mirror/state.json` (hidden: the indexer skips it), next to the
// manifest and signature it came from. It moves with the version, so the
// state and the files always agree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/status.h"

namespace praxis::mirror {

inline constexpr std::string_view kMirrorStateDir = ".praxis-mirror";

struct MirrorFile {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;
  std::int64_t mtime_ns = 0;  // stat stamp when written: a file whose stamp moved is re-hashed
  std::uint64_t inode = 0;
  bool operator==(const MirrorFile&) const = default;
};

struct MirrorState {
  std::string origin;           // the manifest's origin name (= the source facet)
  std::string origin_url;
  std::uint64_t revision = 0;
  std::string etag;             // of the manifest, for If-None-Match
  std::string manifest_sha256;
  std::string key_fingerprint;  // the pinned key that verified it
  std::string last_pull;        // when this version was made
  std::string last_check;       // the last successful contact with the origin (304 included)
  std::vector<MirrorFile> files;  // sorted by path

  std::uint64_t total_bytes() const;
  const MirrorFile* find(std::string_view path) const;
};

// `version_dir`/.praxis-mirror/state.json. NotFound when absent.
Result<MirrorState> load_mirror_state(const std::filesystem::path& version_dir);
// Atomic replace inside `version_dir`/.praxis-mirror/.
Status save_mirror_state(const std::filesystem::path& version_dir, const MirrorState& state);

}  // namespace praxis::mirror
