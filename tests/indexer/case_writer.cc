#include "case_writer.h"

#include "process.h"

namespace praxis::testing {
namespace {

std::string list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out + "]";
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string case_text(const CaseSpec& c) {
  std::string t = "---\n";
  t += "id: " + c.id + "\n";
  t += "title: " + quoted(c.title) + "\n";
  t += "lang: " + c.lang + "\n";
  t += "summary: " + quoted(c.summary) + "\n";
  t += "sector: " + list(c.sector) + "\n";
  t += "region: " + c.region + "\n";
  t += "outcome: " + list(c.outcome) + "\n";
  t += "year: " + std::to_string(c.year) + "\n";
  if (!c.tags.empty()) {
    std::vector<std::string> q;
    for (const auto& tag : c.tags) q.push_back(quoted(tag));
    t += "tags: " + list(q) + "\n";
  }
  if (c.draft) t += "draft: true\n";
  t += "updated: " + c.updated + "\n";
  t += "---\n" + c.body;
  return t;
}

std::filesystem::path write_case(const std::filesystem::path& dir, const CaseSpec& c, const std::string& sub) {
  const auto path = (sub.empty() ? dir : dir / sub) / (c.id + ".md");
  write_file(path, case_text(c));
  return path;
}

void copy_taxonomy(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(std::filesystem::path(PRAXIS_SOURCE_DIR) / "content" / "taxonomy.yaml",
                             dir / "taxonomy.yaml", std::filesystem::copy_options::overwrite_existing);
}

}  // namespace praxis::testing
