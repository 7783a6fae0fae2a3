#include "praxis/mirror/mirror_state.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "fs_util.h"

namespace praxis::mirror {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr std::string_view kStateFormat = "praxis-mirror-state/1";
constexpr std::size_t kMaxStateBytes = std::size_t{512} << 20;
}  // namespace

std::uint64_t MirrorState::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& f : files) n += f.size;
  return n;
}

const MirrorFile* MirrorState::find(std::string_view path) const {
  const auto it = std::lower_bound(files.begin(), files.end(), path,
                                   [](const MirrorFile& f, std::string_view p) { return f.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

Result<MirrorState> load_mirror_state(const fs::path& version_dir) {
  const fs::path file = version_dir / std::string(kMirrorStateDir) / "state.json";
  auto text = read_file_limited(file, kMaxStateBytes);
  if (!text.ok()) return text.status();
  const json j = json::parse(text->begin(), text->end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corrupt(file.string() + ": not a JSON object");
  try {
    if (j.at("format").get<std::string>() != kStateFormat) return Status::Corrupt(file.string() + ": unknown format");
    MirrorState s;
    s.origin = j.at("origin").get<std::string>();
    s.origin_url = j.at("origin_url").get<std::string>();
    s.revision = j.at("revision").get<std::uint64_t>();
    s.etag = j.at("etag").get<std::string>();
    s.manifest_sha256 = j.at("manifest_sha256").get<std::string>();
    s.key_fingerprint = j.at("key").get<std::string>();
    s.last_pull = j.at("last_pull").get<std::string>();
    s.last_check = j.at("last_check").get<std::string>();
    for (const auto& f : j.at("files"))
      s.files.push_back({f.at("path").get<std::string>(), f.at("size").get<std::uint64_t>(),
                         f.at("sha256").get<std::string>(), f.at("mtime_ns").get<std::int64_t>(),
                         f.at("inode").get<std::uint64_t>()});
    std::sort(s.files.begin(), s.files.end(), [](const MirrorFile& a, const MirrorFile& b) { return a.path < b.path; });
    return s;
  } catch (const json::exception& e) {
    return Status::Corrupt(file.string() + ": " + e.what());
  }
}

Status save_mirror_state(const fs::path& version_dir, const MirrorState& s) {
  json files = json::array();
  for (const auto& f : s.files)
    files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}, {"mtime_ns", f.mtime_ns},
                     {"inode", f.inode}});
  const json j = {{"format", kStateFormat},
                  {"origin", s.origin},
                  {"origin_url", s.origin_url},
                  {"revision", s.revision},
                  {"etag", s.etag},
                  {"manifest_sha256", s.manifest_sha256},
                  {"key", s.key_fingerprint},
                  {"last_pull", s.last_pull},
                  {"last_check", s.last_check},
                  {"file_count", s.files.size()},
                  {"bytes", s.total_bytes()},
                  {"files", std::move(files)}};
  const fs::path dir = version_dir / std::string(kMirrorStateDir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
  return write_file_atomic(dir / "state.json", j.dump(1, '\t', false, json::error_handler_t::replace) + "\n");
}

}  // namespace praxis::mirror
