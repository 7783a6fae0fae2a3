#include "praxis/mirror/mirror_layout.h"

#include <unistd.h>

#include <system_error>

namespace praxis::mirror {

namespace fs = std::filesystem;

namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!pred(c)) return false;
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

}  // namespace

MirrorLayout::MirrorLayout(const fs::path& dir) {
  fs::path d = dir.lexically_normal();
  if (!d.empty() && !d.has_filename()) d = d.parent_path();  // "mirror/sterea/"
  dir_ = d;
  parent_ = d.parent_path().empty() ? fs::path(".") : d.parent_path();
  base_ = d.filename().string();
}

fs::path MirrorLayout::lock_file() const { return parent_ / (base_ + ".lock"); }
fs::path MirrorLayout::staging(std::string_view random) const {
  return parent_ / (base_ + ".staging-" + std::string(random));
}
fs::path MirrorLayout::link_temp(std::string_view random) const {
  return parent_ / (base_ + ".link-" + std::string(random));
}
std::string MirrorLayout::version_name(std::uint64_t revision, std::string_view random) const {
  return base_ + ".v" + std::to_string(revision) + "-" + std::string(random);
}

MirrorLayout::Kind MirrorLayout::kind() const {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir_, ec);
  if (st.type() == fs::file_type::not_found) return Kind::missing;
  if (fs::is_symlink(st)) return Kind::link;
  if (fs::is_directory(st) && fs::is_empty(dir_, ec) && !ec) return Kind::empty_folder;
  return Kind::other;
}

std::optional<fs::path> MirrorLayout::current_version() const {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(dir_, ec))) return std::nullopt;
  const fs::path target = fs::read_symlink(dir_, ec);
  if (ec || target.has_parent_path() || !is_ours(target.string())) return std::nullopt;
  const fs::path version = parent_ / target;
  if (!fs::is_directory(fs::symlink_status(version, ec))) return std::nullopt;
  return version;
}

bool MirrorLayout::is_ours(std::string_view name) const {
  if (name.size() <= base_.size() + 1 || name.substr(0, base_.size()) != base_ || name[base_.size()] != '.')
    return false;
  const std::string_view rest = name.substr(base_.size() + 1);
  for (const std::string_view kind : {std::string_view("staging-"), std::string_view("link-")})
    if (rest.substr(0, kind.size()) == kind) return all_of(rest.substr(kind.size()), is_hex);
  if (rest.empty() || rest[0] != 'v') return false;
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos) return false;
  return all_of(rest.substr(1, dash - 1), is_digit) && all_of(rest.substr(dash + 1), is_hex);
}

}  // namespace praxis::mirror
