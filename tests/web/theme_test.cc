#include "web/theme.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "process.h"

namespace praxis::web {
namespace {

namespace fs = std::filesystem;
using praxis::testing::TempDir;
using praxis::testing::write_file;

const fs::path kTheme = fs::path(PRAXIS_SOURCE_DIR) / "themes" / "default";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Theme, DefaultThemeLoads) {
  auto theme = Theme::load(kTheme);
  ASSERT_TRUE(theme.ok()) << theme.status().message();
  for (std::string_view page : kPages) EXPECT_TRUE((*theme)->has_template(page)) << page;
  for (const char* f : {"style.css", "app.js", "favicon.svg"}) EXPECT_TRUE((*theme)->static_files().contains(f)) << f;
  EXPECT_EQ((*theme)->strings(Lang::el).get("nav.home"), "Αρχική");
  EXPECT_EQ((*theme)->strings(Lang::en).get("nav.home"), "Home");
}

// Every {{t.…}} a template names exists in both languages (a missing key
// would render as nothing).
TEST(Theme, EveryStringATemplateUsesExists) {
  auto theme = Theme::load(kTheme);
  ASSERT_TRUE(theme.ok());
  const std::regex ref(R"(\{\{[#^/]?\s*t\.([A-Za-z0-9_.]+)\s*\}\})");
  std::set<std::string> used;
  for (const auto& dir : {kTheme, kTheme / "partials"})
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".mustache") continue;
      const std::string text = slurp(e.path());
      for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it) used.insert((*it)[1]);
    }
  EXPECT_GT(used.size(), 40u);
  for (const auto& key : used) {
    EXPECT_TRUE((*theme)->strings(Lang::el).has(key)) << "el.yaml lacks " << key;
    EXPECT_TRUE((*theme)->strings(Lang::en).has(key)) << "en.yaml lacks " << key;
  }
}

// Strings the C++ side asks for by name.
TEST(Theme, EveryStringTheCodeUsesExists) {
  auto theme = Theme::load(kTheme);
  ASSERT_TRUE(theme.ok());
  const char* keys[] = {"site.name", "lang_names.el", "lang_names.en", "home.total.one", "home.total.other",
                        "home.chart_sector", "home.chart_region", "home.chart_years", "results.title",
                        "results.title_browse", "results.count.one", "results.count.other",
                        "results.count_about.one", "results.count_about.other", "results.browse_count.one",
                        "results.browse_count.other", "results.more_values", "results.remove_filter",
                        "results.year_from_chip", "results.year_to_chip", "results.sort_relevance",
                        "results.sort_default_browse", "results.sort_year", "results.sort_updated",
                        "results.page_of", "results.page_n", "case.period", "case.period_range", "case.period_open",
                        "case.organisations", "case.funding", "case.tags", "case.translation_el",
                        "case.translation_en", "about.title", "not_found.title", "error.title", "error.text",
                        "error.unavailable", "error.bad_request_title", "error.bad_request_text",
                        "facets.sector", "facets.region", "facets.country", "facets.level", "facets.outcome",
                        "facets.status", "facets.evidence", "facets.doclang", "facets.source", "facets.year"};
  for (const char* key : keys)
    for (Lang lang : {Lang::el, Lang::en}) EXPECT_TRUE((*theme)->strings(lang).has(key)) << key;
}

TEST(Theme, StringsFormatAndPlural) {
  TempDir dir;
  write_file(dir.path() / "s.yaml", "a:\n  b: \"{n} of {m} {unknown}\"\n  n:\n    one: \"{n} case\"\n    other: \"{n} cases\"\nlist: [x, y]\n");
  auto s = Strings::load(dir.path() / "s.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->format("a.b", {{"n", "1"}, {"m", "2"}}), "1 of 2 {unknown}");
  EXPECT_EQ(s->plural("a.n", 1, "1"), "1 case");
  EXPECT_EQ(s->plural("a.n", 0, "0"), "0 cases");
  EXPECT_EQ(s->plural("a.n", 1234, "1.234"), "1.234 cases");
  EXPECT_EQ(s->get("list"), "x\ny");
  EXPECT_EQ(s->get("missing.key"), "missing.key");
  EXPECT_FALSE(s->has("missing.key"));
}

TEST(Theme, LoadErrorsNameTheFile) {
  TempDir dir;
  const fs::path t = dir.path() / "theme";
  // Copy the default theme, then break it in several ways.
  fs::copy(kTheme, t, fs::copy_options::recursive);
  ASSERT_TRUE(Theme::load(t).ok());

  write_file(t / "i18n" / "en.yaml", "site:\n  name: [unclosed\n");
  auto bad_yaml = Theme::load(t);
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_NE(bad_yaml.status().message().find("en.yaml:"), std::string::npos) << bad_yaml.status().message();

  fs::copy_file(kTheme / "i18n" / "en.yaml", t / "i18n" / "en.yaml", fs::copy_options::overwrite_existing);
  write_file(t / "i18n" / "el.yaml", slurp(kTheme / "i18n" / "el.yaml") + "\nextra: only in Greek\n");
  auto missing_key = Theme::load(t);
  ASSERT_FALSE(missing_key.ok());
  EXPECT_NE(missing_key.status().message().find("en.yaml: missing extra"), std::string::npos)
      << missing_key.status().message();

  fs::copy_file(kTheme / "i18n" / "el.yaml", t / "i18n" / "el.yaml", fs::copy_options::overwrite_existing);
  fs::remove(t / "case.mustache");
  auto missing_page = Theme::load(t);
  ASSERT_FALSE(missing_page.ok());
  EXPECT_NE(missing_page.status().message().find("case.mustache"), std::string::npos);

  EXPECT_FALSE(Theme::load(dir.path() / "nowhere").ok());
}

// --theme swaps the whole look: another folder, other templates.
TEST(Theme, AnotherThemeRendersItsOwnTemplates) {
  TempDir dir;
  const fs::path t = dir.path() / "plain";
  fs::create_directories(t);
  fs::copy(kTheme / "i18n", t / "i18n", fs::copy_options::recursive);
  for (std::string_view page : kPages) write_file(t / (std::string(page) + ".mustache"), "<p>{{> bit}} " + std::string(page) + "</p>");
  write_file(t / "partials" / "bit.mustache", "{{t.nav.home}}");
  auto theme = Theme::load(t);
  ASSERT_TRUE(theme.ok()) << theme.status().message();
  EXPECT_EQ((*theme)->render("about", mstch::map{{"t", (*theme)->strings(Lang::en).tree()}}), "<p>Home about</p>");
  EXPECT_EQ((*theme)->render("nope", mstch::map{}), "");
}

}  // namespace
}  // namespace praxis::web
