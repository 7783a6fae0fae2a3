// praxis/corpus_check.h and praxis/content_walker.h: a whole content folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "praxis/content_walker.h"
#include "praxis/corpus_check.h"
#include "test_support.h"

namespace praxis {
namespace {

namespace fs = std::filesystem;
using test::as_tuples;
using test::FindingTuple;

std::vector<std::string> relative_paths(const std::vector<ContentFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.relative);
  return out;
}

const std::string kValidCase =
    "---\nid: ID\ntitle: T\nlang: en\nsummary: S\nsector: [social-economy]\nregion: EE\n"
    "outcome: [participation]\nyear: 2020\nupdated: 2026-01-01\n---\nbody\n";

std::string valid_case(const std::string& id, const std::string& extra = "") {
  std::string text = kValidCase;
  text.replace(text.find("ID"), 2, id);
  text.insert(text.find("---\nbody"), extra);
  return text;
}

TEST(ContentWalker, FindsCaseFilesSortedAndSkipsTheRest) {
  test::TempDir dir;
  for (const char* name : {"b.md", "a.md", "sub/c.md", "sub/deeper/d.md", "README.md", "sub/README.md",
                           "_template.md", "sub/_draft.md", ".hidden.md", ".git/e.md", ".obsidian/f.md",
                           "notes.txt", "image.png", "upper.MD", "sub/z.markdown", "_drafts/g.md"})
    test::write_bytes(dir / name, "x");
  fs::create_directories(dir / "folder.md");  // a folder named like a case file
  EXPECT_EQ(relative_paths(list_case_files(dir.path())),
            (std::vector<std::string>{"_drafts/g.md", "a.md", "b.md", "sub/c.md", "sub/deeper/d.md"}));
}

TEST(ContentWalker, AbsolutePathsPointAtTheFiles) {
  test::TempDir dir;
  test::write_bytes(dir / "x/y.md", "x");
  const auto files = list_case_files(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].relative, "x/y.md");
  EXPECT_TRUE(fs::equivalent(files[0].absolute, dir / "x/y.md"));
}

TEST(ContentWalker, RelativePathsDoNotDependOnHowTheFolderIsSpelt) {
  test::TempDir dir;
  test::write_bytes(dir / "x/y.md", "x");
  test::write_bytes(dir / "z.md", "x");
  const std::vector<std::string> want = {"x/y.md", "z.md"};
  EXPECT_EQ(relative_paths(list_case_files(dir.path())), want);
  EXPECT_EQ(relative_paths(list_case_files(dir.path().string() + "/")), want);
  EXPECT_EQ(relative_paths(list_case_files(dir.path() / "." / "x" / "..")), want);
}

TEST(ContentWalker, MissingOrEmptyFolder) {
  test::TempDir dir;
  EXPECT_TRUE(list_case_files(dir.path()).empty());
  EXPECT_TRUE(list_case_files(dir / "absent").empty());
}

TEST(ContentWalker, FixtureFolders) {
  EXPECT_EQ(relative_paths(list_case_files(test::good_dir())),
            (std::vector<std::string>{"heraklion-citizen-requests.md", "sterea-open-data-portal-en.md",
                                      "sterea-open-data-portal.md", "tartu-participatory-budget.md"}));
  EXPECT_EQ(list_case_files(test::bad_dir()).size(), test::kBadFixtureFiles);
}

TEST(CheckCorpus, GoodFolderHasNoFindings) {
  const auto report = check_corpus(list_case_files(test::good_dir()), test::taxonomy());
  EXPECT_EQ(report.files, test::good_fixture_ids().size());
  EXPECT_EQ(as_tuples(report.findings), std::vector<FindingTuple>{});
  std::vector<std::string> ids;
  for (const auto& c : report.cases) ids.push_back(c.id);
  EXPECT_EQ(ids, test::good_fixture_ids());
}

// A folder mixing good and bad files: every bad one is reported, every good
// one still loads.
TEST(CheckCorpus, MixedFolderReportsEveryBadFileAndLoadsTheGoodOnes) {
  test::TempDir dir;
  fs::copy(test::good_dir(), dir / "good", fs::copy_options::recursive);
  fs::copy(test::bad_dir(), dir / "bad", fs::copy_options::recursive);
  test::write_bytes(dir / "bad/too-big.md", test::oversized_case_bytes(kMaxCaseFileBytes + 100));

  const auto files = list_case_files(dir.path());
  ASSERT_EQ(files.size(), test::good_fixture_ids().size() + test::kBadFixtureFiles + 1);
  const auto report = check_corpus(files, test::taxonomy(), "content/");
  EXPECT_EQ(report.files, files.size());

  auto expected = test::expected_bad_findings("content/bad/");
  expected.push_back({"content/bad/too-big.md", 0, 0, Severity::error, "",
                      "file is 1048676 bytes; the limit is 1 MiB (1048576 bytes)"});
  std::sort(expected.begin(), expected.end(), [](const Finding& a, const Finding& b) { return a.path < b.path; });
  EXPECT_EQ(as_tuples(report.findings), as_tuples(expected));

  std::set<std::string> bad_paths;
  for (const auto& f : report.findings)
    if (f.severity == Severity::error) bad_paths.insert(f.path);
  EXPECT_EQ(bad_paths.size(), test::expected_bad_findings().size() - 1 /* warning */ + 1 /* too big */);

  std::vector<std::string> loaded;
  for (const auto& c : report.cases) loaded.push_back(c.path);
  EXPECT_EQ(loaded, (std::vector<std::string>{
                        "content/bad/duplicate-id/a/shared-practice.md", "content/bad/unknown-field.md",
                        "content/good/heraklion-citizen-requests.md", "content/good/sterea-open-data-portal-en.md",
                        "content/good/sterea-open-data-portal.md", "content/good/tartu-participatory-budget.md"}));
}

TEST(CheckCorpus, DuplicateIdsAcrossFolders) {
  test::TempDir dir;
  for (const char* folder : {"a", "b", "c"}) test::write_bytes(dir / folder / "same.md", valid_case("same"));
  const auto report = check_corpus(list_case_files(dir.path()), test::taxonomy());
  EXPECT_EQ(as_tuples(report.findings),
            (std::vector<FindingTuple>{
                {"b/same.md", 0, 0, "error", "id", "duplicate id 'same': also used by a/same.md"},
                {"c/same.md", 0, 0, "error", "id", "duplicate id 'same': also used by a/same.md"}}));
  ASSERT_EQ(report.cases.size(), 1u);
  EXPECT_EQ(report.cases[0].path, "a/same.md");
}

TEST(CheckCorpus, TranslationsThatPointNowhereAreWarnings) {
  test::TempDir dir;
  test::write_bytes(dir / "one.md", valid_case("one", "translations: { el: one-el }\n"));
  test::write_bytes(dir / "two.md", valid_case("two", "translations: { el: two-el }\n"));
  std::string two_el = valid_case("two-el", "translations: { en: two }\n");
  two_el.replace(two_el.find("lang: en"), 8, "lang: el");
  test::write_bytes(dir / "two-el.md", two_el);
  const auto report = check_corpus(list_case_files(dir.path()), test::taxonomy());
  EXPECT_EQ(as_tuples(report.findings),
            (std::vector<FindingTuple>{{"one.md", 0, 0, "warning", "translations.el",
                                        "translation 'one-el' is not in this folder"}}));
  EXPECT_EQ(report.cases.size(), 3u);
}

TEST(CheckCorpus, EmptyFolder) {
  const auto report = check_corpus({}, test::taxonomy());
  EXPECT_EQ(report.files, 0u);
  EXPECT_TRUE(report.findings.empty());
  EXPECT_TRUE(report.cases.empty());
}

}  // namespace
}  // namespace praxis
