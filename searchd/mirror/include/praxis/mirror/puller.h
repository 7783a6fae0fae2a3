// The partner side: bring a mirror folder up to the origin's signed manifest.
//
//  1. lock (DIR.lock); remove what a killed pull left (staging, stray links
//     and versions DIR does not point at);
//  2. GET manifest.json with If-None-Match (304: nothing to do) and
//     manifest.json.sig; verify with a pinned key; parse strictly; refuse
//     another origin's name and a revision lower than the mirror's;
//  3. build the new version in DIR.staging-<random>: files whose sha256 the
//     current version already has are hard-linked (copied across devices),
//     the others downloaded and checked (size, sha256); anything the
//     manifest does not list — tombstoned files included — is left behind;
//  4. write .praxis-mirror/{state.json,manifest.json,manifest.json.sig},
//     fsync, rename to DIR.v<rev>-<random>, point DIR at it with rename(2);
//  5. remove the previous version.
// Any failure before step 4's rename leaves DIR exactly as it was.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/mirror/fetcher.h"
#include "praxis/mirror/keys.h"
#include "praxis/mirror/manifest.h"
#include "praxis/status.h"

namespace praxis::mirror {

struct PullOptions {
  std::string name;               // the origin's name; the manifest must carry the same
  std::vector<PublicKey> keys;    // pinned keys: any one of them may sign (key rotation)
  std::filesystem::path into;     // DIR
  std::string origin_url;         // recorded in the state (default: fetcher.describe())
  bool allow_rollback = false;    // accept a revision lower than the mirror's (after an origin reset)
  ManifestLimits limits;
  // Progress lines for people; default: none.
  std::function<void(std::string_view)> log;
  // Test hook, called at "staged" (all files in staging) and "swapped" (DIR
  // points at the new version, the old one not yet removed).
  std::function<void(std::string_view stage)> stage_hook;

  Status validate() const;
};

struct PullReport {
  bool changed = false;            // a new version was swapped in
  bool not_modified = false;       // the origin answered 304
  std::uint64_t previous_revision = 0;  // 0: no mirror before
  std::uint64_t revision = 0;
  std::size_t files = 0;           // in the mirror now
  std::size_t downloaded = 0;      // new or changed files fetched
  std::size_t reused = 0;          // unchanged files linked from the previous version
  std::size_t removed = 0;         // files of the previous version not carried over
  std::size_t tombstoned = 0;      // … of which the manifest says were deleted
  std::uint64_t file_bytes = 0;    // bodies of the downloaded files
  std::uint64_t bytes_transferred = 0;  // all bodies: manifest, signature, files
  std::string key_fingerprint;
  std::filesystem::path version_dir;
};

Result<PullReport> pull(Fetcher& fetcher, const PullOptions& options);

}  // namespace praxis::mirror
