#include "praxis/searchd/index_location.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <system_error>

namespace praxis::searchd {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxStubDepth = 4;

// (device, inode, size, mtime in ns) of a path, zeros when it is missing.
void add_stat(const fs::path& p, std::vector<std::uint64_t>& out) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) {
    out.insert(out.end(), {0, 0, 0, 0});
    return;
  }
  const bool dir = S_ISDIR(st.st_mode);
  out.push_back(static_cast<std::uint64_t>(st.st_dev));
  out.push_back(static_cast<std::uint64_t>(st.st_ino));
  // A folder's size and mtime change with every commit (files come and go):
  // only its identity counts. A stub file's content is what matters.
  out.push_back(dir ? 0 : static_cast<std::uint64_t>(st.st_size));
  out.push_back(dir ? 0
                    : static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1000000000ull +
                          static_cast<std::uint64_t>(st.st_mtim.tv_nsec));
}

// The stub file a path stands for, or empty when it is a database folder.
fs::path stub_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return path;
  const fs::path inside = path / "XAPIANDB";
  if (fs::is_regular_file(inside, ec)) return inside;
  return {};
}

void collect_parts(const fs::path& path, int depth, std::vector<IndexPart>& out) {
  const fs::path stub = stub_file(path);
  if (stub.empty() || depth >= kMaxStubDepth) {
    out.push_back({path, {}, 0});
    return;
  }
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (type == "auto" || type == "glass" || type == "chert") {
      fs::path p(rest);
      if (p.is_relative()) p = stub.parent_path() / p;
      collect_parts(p, depth + 1, out);
    } else if (type == "remote") {
      // "remote HOST:PORT" (xapian-tcpsrv); "remote :PROGRAM ARGS" runs a
      // program, which has no address to read a revision from: left out.
      const auto colon = rest.rfind(':');
      if (colon == std::string::npos || colon == 0 || rest.find(' ') != std::string::npos) continue;
      const long port = std::strtol(rest.c_str() + colon + 1, nullptr, 10);
      if (port <= 0 || port > 65535) continue;
      std::string host = rest.substr(0, colon);
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
      out.push_back({{}, host, static_cast<unsigned>(port)});
    }
  }
}

}  // namespace

std::vector<std::uint64_t> index_fingerprint(const std::vector<fs::path>& paths) {
  std::vector<std::uint64_t> out;
  for (const auto& p : paths) {
    add_stat(p, out);
    const fs::path stub = stub_file(p);
    if (stub.empty()) continue;
    if (stub != p) add_stat(stub, out);
    for (const auto& part : index_parts(p))
      if (part.host.empty()) add_stat(part.path, out);
  }
  return out;
}

std::vector<IndexPart> index_parts(const fs::path& path) {
  std::vector<IndexPart> out;
  collect_parts(path, 0, out);
  return out;
}

Xapian::Database open_part(const IndexPart& part) {
  if (!part.host.empty()) return Xapian::Remote::open(part.host, part.port);
  return Xapian::Database(part.path.string());
}

}  // namespace praxis::searchd
