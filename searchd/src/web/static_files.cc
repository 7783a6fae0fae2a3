#include "web/static_files.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "praxis/content_hash.h"

namespace praxis::web {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Does an If-None-Match header ("\"a\", W/\"b\"" or "*") name this ETag?
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
  }
  return false;
}

}  // namespace

bool StaticFiles::valid_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

std::string_view StaticFiles::content_type(std::string_view name) {
  struct Type {
    std::string_view ext, type;
  };
  static constexpr Type kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/vnd.microsoft.icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& t : kTypes)
    if (ends_with(name, t.ext)) return t.type;
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::load(const fs::path& dir) {
  StaticFiles out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument(dir.string() + ": not a folder");
  std::size_t total = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    if (entry.is_symlink(ec) || !entry.is_regular_file(ec) || !valid_name(name)) continue;
    const auto size = entry.file_size(ec);
    if (ec) return Status::IoError(entry.path().string() + ": " + ec.message());
    if (size > kMaxFileBytes) return Status::InvalidArgument(entry.path().string() + ": larger than 4 MiB");
    total += size;
    if (total > kMaxTotalBytes) return Status::InvalidArgument(dir.string() + ": static files over 32 MiB");
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (!in && !in.eof()) return Status::IoError(entry.path().string() + ": cannot read");
    File f;
    f.body = std::move(buf).str();
    f.hash = content_hash(f.body).substr(0, 16);
    out.files_.emplace(name, std::move(f));
  }
  if (ec) return Status::IoError(dir.string() + ": " + ec.message());
  return out;
}

std::string StaticFiles::url(std::string_view name) const {
  const auto it = files_.find(name);
  if (it == files_.end()) return "";
  return "/static/" + it->first + "?v=" + it->second.hash;
}

std::vector<std::string> StaticFiles::names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : files_) out.push_back(name);
  return out;
}

StaticResponse StaticFiles::serve(std::string_view name, std::string_view version,
                                  std::string_view if_none_match) const {
  StaticResponse r;
  const auto it = valid_name(name) ? files_.find(name) : files_.end();
  if (it == files_.end()) {
    r.status = 404;
    r.body = "Not found\n";
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  }
  const File& f = it->second;
  const std::string etag = "\"" + f.hash + "\"";
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", version == f.hash ? "public, max-age=31536000, immutable"
                                                            : "public, no-cache");
  r.content_type = std::string(content_type(it->first));
  if (!if_none_match.empty() && etag_matches(if_none_match, etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.body = f.body;
  return r;
}

}  // namespace praxis::web
