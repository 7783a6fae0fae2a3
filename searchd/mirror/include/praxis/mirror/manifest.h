// The mirror manifest: what an origin publishes at /mirror/v1/manifest.json
// and signs in manifest.json.sig.
//
//   {"files":[{"path":"cases/a.md","sha256":"…","size":2048,"updated":"2026-10-01T12:00:00Z"},…],
//    "format":"praxis-mirror-manifest/1","generated":"2026-10-01T12:00:05Z",
//    "origin":"sterea","revision":12,
//    "tombstones":[{"deleted":"2026-09-30T08:00:00Z","path":"cases/old.md"}]}
//
// Canonical form: keys in byte order, no whitespace, files and tombstones
// sorted by path, UTF-8 as is. The signature covers the exact bytes served,
// so the form matters only for stable ETags, but the parser insists on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/status.h"

namespace praxis::mirror {

inline constexpr std::string_view kManifestFormat = "praxis-mirror-manifest/1";

struct FileEntry {
  std::string path;     // see path_rules.h
  std::uint64_t size = 0;
  std::string sha256;   // lowercase hex
  std::string updated;  // when its bytes last changed at the origin (RFC 3339 UTC)
  bool operator==(const FileEntry&) const = default;
};

struct Tombstone {
  std::string path;
  std::string deleted;  // RFC 3339 UTC
  bool operator==(const Tombstone&) const = default;
};

struct Manifest {
  std::string origin;               // the origin's name: the `source` facet of its cases
  std::uint64_t revision = 0;       // grows by one with every published change
  std::string generated;            // when this revision was made
  std::vector<FileEntry> files;     // sorted by path, unique
  std::vector<Tombstone> tombstones;  // sorted by path, none also in `files`

  // Binary search in `files`; nullptr when absent.
  const FileEntry* find(std::string_view path) const;
  std::uint64_t total_bytes() const;
};

struct ManifestLimits {
  std::size_t max_manifest_bytes = std::size_t{64} << 20;
  std::size_t max_entries = 1'000'000;                  // files plus tombstones
  std::uint64_t max_file_bytes = std::uint64_t{64} << 20;  // per file
};

// Canonical JSON (sorts copies of the lists; does not validate).
std::string serialize_manifest(const Manifest& manifest);

// Strict: the format tag, no unknown or missing member, an origin name,
// revision >= 1, timestamps in RFC 3339 UTC, every path valid (path_rules.h),
// lists sorted and unique, no path that is both a file and a folder, no
// tombstone for a listed file, sizes within the limits. Corrupt on any fault.
Result<Manifest> parse_manifest(std::string_view bytes, const ManifestLimits& limits = {});

}  // namespace praxis::mirror
