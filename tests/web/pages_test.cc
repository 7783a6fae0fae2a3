#include "web/pages.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

#include "markup_check.h"
#include "web/security.h"

namespace praxis::web {
namespace {

namespace fs = std::filesystem;
using praxis::testing::check_markup;

const fs::path kTheme = fs::path(PRAXIS_SOURCE_DIR) / "themes" / "default";
const std::string kEvil = "<script>alert(1)</script>\"'&";
// What mstch's {{…}} makes of kEvil.
const std::string kEvilEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";

std::shared_ptr<const Theme> theme() {
  static const std::shared_ptr<const Theme> t = [] {
    auto loaded = Theme::load(kTheme);
    if (!loaded.ok()) ADD_FAILURE() << loaded.status().message();
    return loaded.ok() ? loaded.value() : nullptr;
  }();
  return t;
}

Labeled evil_labeled(const std::string& tag) { return {kEvil + tag, kEvil + tag}; }

CaseCard evil_card(int i) {
  CaseCard c;
  c.id = kEvil + "id" + std::to_string(i);
  c.title = kEvil + "title";
  c.summary = kEvil + "summary";
  c.lang = "el";
  c.region = evil_labeled("region");
  c.sectors = {evil_labeled("sector")};
  c.year = 2020;
  c.updated = kEvil;
  return c;
}

HomeView evil_home() {
  HomeView v;
  v.total_cases = 1234;
  v.by_sector = {{kEvil, kEvil, 3}, {"b", "", 1}};
  v.by_region = {{kEvil, kEvil, 2}};
  v.by_year = {{"2019", "2019", 1}, {"2021", "2021", 4}};
  v.newest = {evil_card(1), evil_card(2)};
  return v;
}

ResultsView evil_results() {
  ResultsView v;
  v.state.q = kEvil;
  v.state.filters = {{"sector", kEvil}, {"region", kEvil}};
  v.state.year_from = kEvil;
  v.state.year_to = kEvil;
  v.state.sort = kEvil;
  v.state.page = 2;
  v.state.per_page = 10;
  v.total = 45;
  v.per_page = 10;
  v.sort = "relevance";
  v.hits = {evil_card(1), evil_card(2)};
  v.hits[0].snippet_html = "safe <mark>snippet</mark> &amp; text";
  v.suggestion = kEvil;
  for (const char* name : {"sector", "region", "country", "level", "outcome", "status", "evidence", "doclang", "source", "year"}) {
    FacetGroup g;
    g.name = name;
    for (int i = 0; i < 12; ++i) g.options.push_back({kEvil + std::to_string(i), kEvil, 3, i == 0});
    v.facets.push_back(std::move(g));
  }
  return v;
}

CaseView evil_case() {
  CaseView v;
  v.id = kEvil;
  v.title = kEvil;
  v.summary = kEvil;
  v.lang = "el";
  v.body_html = "<h3>Πρόβλημα</h3>\n<p>Safe body &amp; text.</p>\n";
  v.sectors = {evil_labeled("s1"), evil_labeled("s2")};
  v.region = evil_labeled("region");
  v.country = evil_labeled("country");
  v.level = evil_labeled("level");
  v.outcomes = {evil_labeled("o")};
  v.status = evil_labeled("status");
  v.evidence = evil_labeled("evidence");
  v.source = evil_labeled("source");
  v.year = 2017;
  v.period_start = 2017;
  v.organisations = {kEvil};
  v.tags = {kEvil};
  v.funding = {kEvil};
  v.results = {{kEvil, 420.0, kEvil, 2023}, {kEvil, std::nullopt, "", std::nullopt}};
  v.sources = {{kEvil, "https://example.org/?a=1&b=" + kEvil}, {kEvil, "javascript:alert(1)"}};
  v.transferability = kEvil;
  v.verified = "2026-09-15";
  v.updated = kEvil;
  v.translations = {{"en", kEvil}};
  v.related = {evil_card(3)};
  return v;
}

// With PRAXIS_WEB_DUMP=<folder>, rendered pages are written there to look at.
void dump(const std::string& name, const std::string& html) {
  if (const char* dir = std::getenv("PRAXIS_WEB_DUMP")) {
    std::ofstream(fs::path(dir) / (name + ".html")) << html;
  }
}

// The checks every rendered page must pass.
void check_page(const std::string& html, std::string_view lang, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"" + std::string(lang) + "\">"), std::string::npos);
  EXPECT_EQ(check_markup(html, true), "");
  // No user string raw: the payload never appears, nor an injected script.
  EXPECT_EQ(html.find(kEvil), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  // CSP without 'unsafe-inline': one external script, no inline script,
  // style or event handler.
  const std::regex script(R"(<script\b[^>]*>)");
  for (std::sregex_iterator it(html.begin(), html.end(), script), end; it != end; ++it)
    EXPECT_NE(it->str().find(" src=\"/static/app.js?v="), std::string::npos) << it->str();
  EXPECT_EQ(html.find("<style"), std::string::npos);
  EXPECT_EQ(html.find(" style="), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(\son[a-z]+\s*=)"))) << "an inline event handler";
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  // Landmarks, a skip link, a language switch, the stylesheet.
  EXPECT_NE(html.find("<main id=\"main\""), std::string::npos);
  EXPECT_NE(html.find("class=\"skip-link\" href=\"#main\""), std::string::npos);
  EXPECT_NE(html.find("id=\"lang-switch\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/static/style.css?v="), std::string::npos);
  // No template tag left behind.
  EXPECT_EQ(html.find("{{"), std::string::npos);
  EXPECT_EQ(html.find("}}"), std::string::npos);
}

struct LangCase {
  Locale locale;
  const char* code;
};
const LangCase kLangs[] = {{{Lang::el, false}, "el"}, {{Lang::en, false}, "en"}, {{Lang::en, true}, "en"}};

TEST(Pages, EveryPageRendersInBothLanguagesAndEscapesEveryUserString) {
  ASSERT_TRUE(theme());
  const Theme& t = *theme();
  for (const auto& l : kLangs) {
    const std::string home = render_home(t, evil_home(), l.locale);
    check_page(home, l.code, "home");
    EXPECT_NE(home.find(kEvilEscaped), std::string::npos);

    const std::string results = render_results(t, evil_results(), l.locale);
    check_page(results, l.code, "results");
    EXPECT_NE(results.find(kEvilEscaped), std::string::npos);
    EXPECT_NE(results.find("safe <mark>snippet</mark> &amp; text"), std::string::npos);  // snippets are HTML

    const std::string kase = render_case(t, evil_case(), l.locale);
    check_page(kase, l.code, "case");
    EXPECT_NE(kase.find(kEvilEscaped), std::string::npos);
    EXPECT_NE(kase.find("<h3>Πρόβλημα</h3>"), std::string::npos);  // the body is HTML

    check_page(render_about(t, l.locale), l.code, "about");
    const std::string nf = render_not_found(t, l.locale, "/" + kEvil);
    check_page(nf, l.code, "not_found");
    EXPECT_NE(nf.find(kEvilEscaped), std::string::npos);
    const std::string err = render_error(t, ErrorView{500, kEvil}, l.locale);
    check_page(err, l.code, "error");
    EXPECT_NE(err.find(kEvilEscaped), std::string::npos);
    check_page(render_error(t, ErrorView{400, ""}, l.locale), l.code, "error 400");

    ResultsView failed;
    failed.state.q = kEvil;
    failed.error_param = kEvil;
    failed.error_message = kEvil;
    check_page(render_results(t, failed, l.locale), l.code, "results with an error");

    CaseView problems;
    problems.id = kEvil;
    problems.problems = {{kEvil, 3, kEvil}};
    const std::string preview = render_case(t, problems, l.locale);
    check_page(preview, l.code, "case with problems");
    EXPECT_NE(preview.find(":3</code>"), std::string::npos);
  }
}

TEST(Pages, EmptyViewsRender) {
  const Theme& t = *theme();
  for (const auto& l : kLangs) {
    check_page(render_home(t, HomeView{}, l.locale), l.code, "empty home");
    check_page(render_results(t, ResultsView{}, l.locale), l.code, "empty results");
    check_page(render_case(t, CaseView{}, l.locale), l.code, "empty case");
  }
}

TEST(Pages, StringsComeFromTheLanguageFiles) {
  const Theme& t = *theme();
  const std::string el = render_about(t, Locale{Lang::el});
  const std::string en = render_about(t, Locale{Lang::en});
  EXPECT_NE(el.find("Σχετικά με το Praxis"), std::string::npos);
  EXPECT_NE(en.find("About Praxis"), std::string::npos);
  // The switch points to the other language.
  EXPECT_NE(el.find("href=\"/about?lang=en\" hreflang=\"en\""), std::string::npos);
  EXPECT_NE(en.find("href=\"/about?lang=el\" hreflang=\"el\""), std::string::npos);
}

TEST(Pages, HomeShowsChartsTotalsAndNewest) {
  const Theme& t = *theme();
  const std::string el = render_home(t, evil_home(), Locale{Lang::el});
  EXPECT_NE(el.find("1.234 περιπτώσεις"), std::string::npos);
  EXPECT_NE(el.find("role=\"img\""), std::string::npos);
  EXPECT_NE(el.find("id=\"chart-sector\""), std::string::npos);
  EXPECT_NE(el.find("id=\"chart-region\""), std::string::npos);
  EXPECT_NE(el.find("id=\"chart-years\""), std::string::npos);
  EXPECT_NE(el.find("href=\"/search?year=2021\""), std::string::npos);
  const std::string en = render_home(t, evil_home(), Locale{Lang::en});
  EXPECT_NE(en.find("1,234 cases"), std::string::npos);
}

TEST(Pages, ResultsLinksKeepTheSearch) {
  const Theme& t = *theme();
  ResultsView v;
  v.state.q = "διαφανεια";
  v.state.filters = {{"sector", "transparency-accountability"}, {"doclang", "en"}};
  v.state.page = 3;
  v.total = 95;
  v.per_page = 10;
  v.sort = "relevance";
  FacetGroup sector{"sector", {{"transparency-accountability", "Διαφάνεια και Λογοδοσία", 12, true},
                               {"social-economy", "Κοινωνική Οικονομία", 3, false}}};
  v.facets = {sector};
  const Locale el{Lang::el, true};
  const std::string html = render_results(t, v, el);
  const std::string q = "q=%CE%B4%CE%B9%CE%B1%CF%86%CE%B1%CE%BD%CE%B5%CE%B9%CE%B1";
  // Pagination keeps query, filters and the explicit language.
  EXPECT_NE(html.find("href=\"/search?lang=el&amp;" + q + "&amp;sector=transparency-accountability&amp;doclang=en&amp;page=4\" rel=\"next\""),
            std::string::npos);
  EXPECT_NE(html.find("Σελίδα 3 από 10"), std::string::npos);
  EXPECT_NE(html.find("aria-current=\"page\""), std::string::npos);
  // A chip removes its filter only.
  EXPECT_NE(html.find("href=\"/search?lang=el&amp;" + q + "&amp;doclang=en\" aria-label=\"Αφαίρεση φίλτρου: Τομέας: Διαφάνεια και Λογοδοσία\""),
            std::string::npos);
  // The checkbox is ticked, with its count.
  EXPECT_NE(html.find("name=\"sector\" value=\"transparency-accountability\" checked"), std::string::npos);
  EXPECT_NE(html.find("(12)"), std::string::npos);
  // Exports and feed speak the API's names: doclang -> lang, no page.
  EXPECT_NE(html.find("href=\"/api/export.csv?" + q + "&amp;sector=transparency-accountability&amp;lang=en\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/api/export.json?" + q + "&amp;sector=transparency-accountability&amp;lang=en\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/feed.atom?" + q + "&amp;sector=transparency-accountability&amp;lang=en\""), std::string::npos);
  EXPECT_NE(html.find("95 αποτελέσματα"), std::string::npos);
  // The language switch keeps the search.
  EXPECT_NE(html.find("href=\"/search?lang=en&amp;" + q + "&amp;sector=transparency-accountability&amp;doclang=en&amp;page=3\" hreflang=\"en\""),
            std::string::npos);
}

TEST(Pages, PaginationStopsAtTheResultWindow) {
  const Theme& t = *theme();
  ResultsView v;
  v.state.q = "x";
  v.total = 100000;
  v.per_page = 10;
  v.result_window = 50;
  const std::string html = render_results(t, v, Locale{Lang::en});
  EXPECT_NE(html.find("Page 1 of 5"), std::string::npos);
  EXPECT_EQ(html.find("page=6"), std::string::npos);
  v.state.page = 5;
  EXPECT_EQ(render_results(t, v, Locale{Lang::en}).find("rel=\"next\""), std::string::npos);
}

TEST(Pages, ManyFacetValuesFoldAwayButSelectedStayVisible) {
  const Theme& t = *theme();
  ResultsView v;
  FacetGroup g{"region", {}};
  for (int i = 0; i < 20; ++i) g.options.push_back({"R" + std::to_string(i), "Region " + std::to_string(i), 1, i == 15});
  v.facets = {g};
  const std::string html = render_results(t, v, Locale{Lang::en});
  const auto details = html.find("<details class=\"more\">");
  ASSERT_NE(details, std::string::npos);
  EXPECT_LT(html.find("value=\"R15\""), details);  // selected: before the fold
  EXPECT_GT(html.find("value=\"R19\""), details);
  EXPECT_NE(html.find("More values (12)"), std::string::npos);
}

TEST(Pages, ResultsPageStaysUnder60KB) {
  const Theme& t = *theme();
  ResultsView v;
  v.state.q = "συμμετοχικός προϋπολογισμός";
  v.total = 5000;
  v.per_page = 20;
  v.sort = "relevance";
  for (int i = 0; i < 20; ++i) {
    CaseCard c;
    c.id = "a-fairly-long-case-identifier-number-" + std::to_string(i);
    c.title = "Συμμετοχικός προϋπολογισμός στον Δήμο με ένα αρκετά μεγάλο όνομα " + std::to_string(i);
    c.lang = "el";
    c.region = {"GR-H", "Στερεά Ελλάδα"};
    c.sectors = {{"democracy-participation", "Δημοκρατία και Συμμετοχή του Πολίτη"},
                 {"transparency-accountability", "Διαφάνεια και Λογοδοσία"}};
    c.year = 2020;
    // A snippet as long as searchd makes them (240 characters), six words marked.
    for (int w = 0; w < 6; ++w) c.snippet_html += "κείμενο γύρω από τη λέξη που βρέθηκε <mark>συμμετοχή</mark> ";
    v.hits.push_back(c);
  }
  // Every vocabulary at its full size, 40 regions, 25 countries, 30 years.
  const std::pair<const char*, int> facets[] = {{"sector", 12}, {"region", 40}, {"country", 25}, {"level", 5},
                                               {"outcome", 8}, {"status", 4}, {"evidence", 3}, {"doclang", 2},
                                               {"source", 3}, {"year", 30}};
  for (const auto& [name, n] : facets) {
    FacetGroup g{name, {}};
    for (int i = 0; i < n; ++i) g.options.push_back({"value-" + std::to_string(i), "Ετικέτα τιμής αρκετά μεγάλη " + std::to_string(i), 100, false});
    v.facets.push_back(g);
  }
  const std::string html = render_results(t, v, Locale{Lang::el});
  dump("results-large", html);
  EXPECT_LT(html.size(), 60u * 1024u) << html.size() << " bytes";
}

TEST(Pages, CasePageLinksMetadataToSearches) {
  const Theme& t = *theme();
  CaseView v;
  v.id = "sterea-open-data-portal";
  v.title = "Ανοιχτά δεδομένα";
  v.lang = "el";
  v.sectors = {{"transparency-accountability", "Διαφάνεια και Λογοδοσία"}};
  v.region = {"GR-H", "Στερεά Ελλάδα"};
  v.country = {"GR", "Ελλάδα"};
  v.year = 2017;
  v.tags = {"open data"};
  v.results = {{"αιτήματα", -35.5, "%", 2024}, {"σύνολα", 1234.0, "", 2023}};
  v.sources = {{"Πύλη", "https://data.pste.gov.gr/"}, {"Χαρτί", "ftp://old"}};
  v.updated = "2026-10-01";
  v.verified = "2026-09-15";
  v.translations = {{"en", "sterea-open-data-portal-en"}, {"xx", "ignored"}};
  const std::string el = render_case(t, v, Locale{Lang::el});
  EXPECT_NE(el.find("href=\"/search?sector=transparency-accountability\""), std::string::npos);
  EXPECT_NE(el.find("href=\"/search?region=GR-H\""), std::string::npos);
  EXPECT_NE(el.find("href=\"/search?country=GR\""), std::string::npos);
  EXPECT_NE(el.find("href=\"/search?year=2017\""), std::string::npos);
  EXPECT_NE(el.find("href=\"/search?q=tag%3A%22open%20data%22\""), std::string::npos);
  EXPECT_NE(el.find("<td class=\"num\">-35,5</td>"), std::string::npos);
  EXPECT_NE(el.find("<td class=\"num\">1.234</td>"), std::string::npos);
  EXPECT_NE(el.find("<time datetime=\"2026-10-01\">1 Οκτωβρίου 2026</time>"), std::string::npos);
  EXPECT_NE(el.find("<time datetime=\"2026-09-15\">15 Σεπτεμβρίου 2026</time>"), std::string::npos);
  EXPECT_NE(el.find("href=\"/case/sterea-open-data-portal-en\" hreflang=\"en\""), std::string::npos);
  EXPECT_EQ(el.find("ignored"), std::string::npos);
  EXPECT_NE(el.find("href=\"https://data.pste.gov.gr/\" rel=\"noopener noreferrer external\""), std::string::npos);
  EXPECT_EQ(el.find("href=\"ftp://old\""), std::string::npos);  // not a link
  const std::string en = render_case(t, v, Locale{Lang::en});
  EXPECT_NE(en.find("<td class=\"num\">-35.5</td>"), std::string::npos);
  EXPECT_NE(en.find("1 October 2026"), std::string::npos);
  EXPECT_NE(en.find("This case in English"), std::string::npos);
}

TEST(Links, BuildsEncodedUrls) {
  const Locale el{Lang::el}, el_explicit{Lang::el, true};
  EXPECT_EQ(case_url("a b/c", el), "/case/a%20b%2Fc");
  EXPECT_EQ(case_url("x", el_explicit), "/case/x?lang=el");
  EXPECT_EQ(filter_url("sector", "a&b", el), "/search?sector=a%26b");
  SearchState st;
  EXPECT_EQ(search_url(st, el), "/search");
  st.q = "\"a\" <b>";
  st.page = 1;
  st.per_page = 20;
  st.sort = "year";
  EXPECT_EQ(search_url(st, el), "/search?q=%22a%22%20%3Cb%3E&sort=year&per_page=20");
  EXPECT_EQ(api_param("doclang"), "lang");
  EXPECT_EQ(api_param("sector"), "sector");
  EXPECT_EQ(html_param("lang"), "doclang");
}

TEST(Security, HeadersForbidInlineScript) {
  const std::string& csp = content_security_policy();
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  bool nosniff = false, referrer = false, has_csp = false;
  for (const auto& [name, value] : security_headers()) {
    nosniff |= name == "X-Content-Type-Options" && value == "nosniff";
    referrer |= name == "Referrer-Policy";
    has_csp |= name == "Content-Security-Policy";
  }
  EXPECT_TRUE(nosniff && referrer && has_csp);
}

TEST(Pages, RenderingIsSafeFromManyThreads) {
  const Theme& t = *theme();
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  const std::string want = render_results(t, evil_results(), Locale{Lang::el});
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int k = 0; k < 20; ++k)
        if (render_results(t, evil_results(), Locale{Lang::el}) != want) ++bad;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace praxis::web
