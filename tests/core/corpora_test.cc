// Robustness: the checker over real Markdown from other sites
// (../shared/corpora: foreign front matter, odd YAML, HTML, template syntax).
// None of those files is a Praxis case, so each must get at least one clear
// finding, and none may crash or hang the checker. Skipped when the corpora
// are absent. ctest label: corpora.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <string>

#include "praxis/content_walker.h"
#include "praxis/corpus_check.h"
#include "test_support.h"

namespace praxis {
namespace {

namespace fs = std::filesystem;

// *.md files under `dir` by an independent walk, with the walker's rules
// (no hidden files or folders, no '_' files, no README.md).
std::size_t count_case_files(const fs::path& dir) {
  std::size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".md" && name[0] != '_' && name != "README.md") ++n;
  }
  return n;
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

TEST(Corpora, EveryFileGetsClearFindings) {
  const fs::path root = PRAXIS_CORPORA_DIR;
  if (!fs::is_directory(root)) GTEST_SKIP() << "no corpora at " << root;

  const auto files = list_case_files(root);
  ASSERT_EQ(files.size(), count_case_files(root));
  ASSERT_GT(files.size(), 0u);

  const auto report = check_corpus(files, test::taxonomy(), "corpora/");
  EXPECT_EQ(report.files, files.size());

  std::map<std::string, std::size_t> lines_of;  // display path -> lines in the file
  for (const auto& f : files) lines_of["corpora/" + f.relative] = count_lines(test::read_bytes(f.absolute));

  std::map<std::string, std::size_t> findings_per_file;
  for (const auto& f : report.findings) {
    ASSERT_FALSE(f.path.empty());
    ASSERT_TRUE(lines_of.count(f.path)) << "finding for an unknown path: " << f.path;
    ++findings_per_file[f.path];
    EXPECT_FALSE(f.message.empty()) << format_finding(f);
    const std::string line = format_finding(f);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    EXPECT_GE(f.line, 0) << line;
    EXPECT_LE(static_cast<std::size_t>(f.line), lines_of[f.path] + 1) << line;
    EXPECT_GE(f.column, 0) << line;
  }
  for (const auto& [path, lines] : lines_of) EXPECT_GT(findings_per_file[path], 0u) << path << " has no finding";
  EXPECT_LE(report.cases.size(), files.size());

  // A per-corpus summary in the test log.
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_corpus;  // files, errors
  for (const auto& [path, lines] : lines_of) ++by_corpus[path.substr(0, path.find('/', path.find('/', 8) + 1))].first;
  for (const auto& f : report.findings)
    if (f.severity == Severity::error)
      ++by_corpus[f.path.substr(0, f.path.find('/', f.path.find('/', 8) + 1))].second;
  for (const auto& [corpus, counts] : by_corpus)
    std::cout << corpus << ": " << counts.first << " files, " << counts.second << " errors\n";
}

}  // namespace
}  // namespace praxis
