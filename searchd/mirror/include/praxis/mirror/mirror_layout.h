// Where a mirror lives on the partner's disk. DIR (what --into names) is a
// symbolic link to a complete version folder beside it; a pull builds the
// next version in a staging folder beside it too (same filesystem), then
// points DIR at it with one rename(2):
//
//   mirror/sterea                  -> sterea.v12-3fa9c1d2   (the link)
//   mirror/sterea.v12-3fa9c1d2/    the current version
//   mirror/sterea.staging-9b0e…/   a pull in progress (or killed: removed by the next)
//   mirror/sterea.link-…           the new link before its rename
//   mirror/sterea.lock             one pull at a time (flock)
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "praxis/status.h"

namespace praxis::mirror {

class MirrorLayout {
 public:
  explicit MirrorLayout(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& parent() const { return parent_; }
  const std::string& base() const { return base_; }

  std::filesystem::path lock_file() const;
  std::filesystem::path staging(std::string_view random) const;
  std::filesystem::path link_temp(std::string_view random) const;
  std::string version_name(std::uint64_t revision, std::string_view random) const;

  enum class Kind { missing, link, empty_folder, other };
  Kind kind() const;
  // The version folder DIR points at (parent / link target), when DIR is a
  // link to a folder named like ours.
  std::optional<std::filesystem::path> current_version() const;
  // True for names this layout creates: base.staging-*, base.link-*, base.v<digits>-<hex>.
  bool is_ours(std::string_view file_name) const;

 private:
  std::filesystem::path dir_, parent_;
  std::string base_;
};

}  // namespace praxis::mirror
