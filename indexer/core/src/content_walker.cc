#include "praxis/content_walker.h"

#include <algorithm>

namespace praxis {

namespace fs = std::filesystem;

std::vector<ContentFile> list_case_files(const fs::path& dir) {
  std::vector<ContentFile> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string name = p.filename().string();
    if (name.empty() || name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || p.extension() != ".md" || name[0] == '_' || name == "README.md")
      continue;
    out.push_back({p, fs::relative(p, dir, ec).generic_string()});
  }
  std::sort(out.begin(), out.end(),
            [](const ContentFile& a, const ContentFile& b) { return a.relative < b.relative; });
  return out;
}

}  // namespace praxis
