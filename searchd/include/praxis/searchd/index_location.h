// Where the index is on disk, and whether it was replaced there.
//
// searchd opens the index by path, but a Xapian::Database, once open, keeps
// reading the files it opened: when an operator renames a fresh copy over the
// index folder, or xapian-replicate switches a replica's stub file
// (XAPIANDB) to a new full copy, reopen() never notices. A fingerprint of the
// paths (the folder's inode, the stub file's inode, size and mtime) tells a
// Searcher that its index was replaced, so that a fresh one is opened from
// the path instead.
//
// index_parts() lists the databases behind a path as Xapian's stub files
// describe them ("auto PATH", "glass PATH", "remote HOST:PORT"), so that the
// revision of each can be read (Xapian reports none for a Database of several).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

namespace praxis::searchd {

// A fingerprint of the index paths; equal while nothing was replaced.
std::vector<std::uint64_t> index_fingerprint(const std::vector<std::filesystem::path>& paths);

struct IndexPart {
  std::filesystem::path path;  // a local database folder (when host is empty)
  std::string host;            // a remote one (xapian-tcpsrv)
  unsigned port = 0;
};

// The databases a path stands for: itself when it is a database folder; the
// lines of its stub file (a stub file, or a folder holding XAPIANDB),
// relative paths taken from the stub's folder, stubs within stubs followed.
std::vector<IndexPart> index_parts(const std::filesystem::path& path);

// Opens one part on its own.
Xapian::Database open_part(const IndexPart& part);

}  // namespace praxis::searchd
