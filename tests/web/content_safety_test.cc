// Content safety, end to end: the hostile cases of tests/fixtures/hostile
// (raw HTML, <script>, javascript: and data: links, on…= attributes, in the
// Markdown body and in every front-matter field) are loaded and indexed by
// the indexer's own code next to the search fixtures, and every page
// template, every API field, the feed, the sitemap and both exports are
// fetched through searchd's real route table (tests/fuzz/site.h). Nothing
// may come back as live markup; everything must come back as visible text.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "html_safety.h"
#include "markup_check.h"
#include "praxis/case_loader.h"
#include "praxis/taxonomy.h"
#include "site.h"
#include "web/pages.h"
#include "web/theme.h"

namespace praxis::web {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using searchd::Response;

const fs::path kRoot = PRAXIS_SOURCE_DIR;
constexpr const char* kHostileId = "hostile-markup";
constexpr const char* kHostileElId = "hostile-markup-el";

// Built once for the suite; destroyed at exit with its temporary index.
const fuzz::Site& site() {
  static const std::unique_ptr<fuzz::Site> s = [] {
    fuzz::SiteOptions o;
    o.source_dir = kRoot;
    o.case_folders = {kRoot / "tests" / "fixtures" / "search" / "cases", kRoot / "tests" / "fixtures" / "hostile"};
    auto built = fuzz::Site::build(o);
    if (!built.ok()) {
      ADD_FAILURE() << built.status().message();
      std::abort();
    }
    return std::move(built).value();
  }();
  return *s;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

// No live markup, well-formed, and no payload in a form a browser would run.
void expect_safe_page(const Response& r, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(r.content_type.rfind("text/html", 0), 0u) << r.body.substr(0, 300);
  EXPECT_EQ(fuzz::check_html_safety(r.body), "");
  EXPECT_EQ(praxis::testing::check_markup(r.body, true), "");
  // (Attributes are check_html_safety's job: "onerror=pwn()" is fine as text.)
  for (const char* raw : {"<script>pwn", "href=\"javascript:", "src=\"javascript:", "<iframe", "<svg onload",
                          "<img src=x", "data:text/html"})
    EXPECT_EQ(r.body.find(raw), std::string::npos) << raw;
  EXPECT_FALSE(header(r, "Content-Security-Policy").empty());
}

// The payload text is there, as text: the fixture really reached the page.
void expect_visible(const std::string& body, const std::string& escaped, const std::string& what) {
  EXPECT_NE(body.find(escaped), std::string::npos) << what << ": " << escaped << " not shown";
}

// Every string in a JSON value, with its path.
void strings_of(const json& j, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (j.is_string()) {
    out.emplace_back(path, j.get<std::string>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) strings_of(v, path + "." + k, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) strings_of(j[i], path + "[" + std::to_string(i) + "]", out);
  }
}

// JSON fields are data for programs (served as application/json, never
// sniffed), so text stays as the editor wrote it; what must hold is that
// the fields that are HTML (snippets) are safe and every URL field is a
// web URL.
void expect_safe_json(const Response& r, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  const json j = json::parse(r.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.body.substr(0, 300);
  std::vector<std::pair<std::string, std::string>> fields;
  strings_of(j, "", fields);
  for (const auto& [path, value] : fields) {
    const std::string key = path.substr(path.find_last_of('.') + 1);
    if (key == "snippet" || key.find("html") != std::string::npos) {
      EXPECT_EQ(fuzz::check_html_safety(value), "") << path;
      EXPECT_EQ(praxis::testing::check_markup(value, true), "") << path;
      EXPECT_EQ(value.find("<script"), std::string::npos) << path;
    }
    if (key == "url" || key == "href" || key.ends_with("_url")) {
      EXPECT_TRUE(value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0 || value.rfind("/", 0) == 0)
          << path << " = " << value;
    }
  }
}

// RFC 4180 records.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') in_quotes = false;
      else field += c;
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      quoted = false;
      ++i;
      if (i + 1 < text.size()) rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || quoted) rows.back().push_back(std::move(field));
  return rows;
}

TEST(ContentSafety, TheCheckerCatchesLiveMarkup) {
  // The check itself, so that a pass below means something.
  for (const char* bad : {
           "<script>pwn()</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
           "<script src=\"/static/app.js\">pwn()</script>", "<img src=x onerror=pwn()>",
           "<img src=x oNeRrOr = 'pwn()'>", "<a href=\"javascript:pwn()\">x</a>", "<a href='JaVaScRiPt:pwn()'>x</a>",
           "<a href=\"&#106;avascript:pwn()\">x</a>", "<a href=\"java&#x09;script:pwn()\">x</a>",
           "<a href=\" &#32;javascript:pwn()\">x</a>", "<a href=javascript&colon;pwn()>x</a>",
           "<a href=\"data:text/html,<b>\">x</a>", "<a href=\"vbscript:pwn\">x</a>",
           "<img src=\"data:image/svg+xml;base64,AA\">", "<iframe src=\"https://evil.example/\"></iframe>",
           "<object data=x></object>", "<embed src=x>", "<base href=\"https://evil.example/\">",
           "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", "<style>*{}</style>",
           "<p style=\"background:url(x)\">", "<svg><animate attributeName=href to=javascript:pwn()></svg>",
           "<form action=\"javascript:pwn()\"></form>", "<button formaction=x>", "<p title=x onclick=pwn()>",
           "<a href=\"/ok\" href=\"javascript:pwn()\">x</a>", "<div/onmouseover=pwn()>"}) {
    EXPECT_NE(fuzz::check_html_safety(bad), "") << bad;
  }
  for (const char* good : {
           "<p>&lt;script&gt;pwn()&lt;/script&gt;</p>", "<a href=\"https://example.org/?a=1&amp;b=2\">x</a>",
           "<a href=\"/case/x?lang=en\">x</a>", "<a href=\"#main\">x</a>", "<a href=\"mailto:a@example.org\">x</a>",
           "<img src=\"data:image/png;base64,AA\" alt=\"\">", "<script src=\"/static/app.js?v=1\" defer></script>",
           "<p title=\"onclick=pwn()\">onerror=pwn() javascript:pwn()</p>", "<!-- <script>pwn()</script> -->",
           "<code>&lt;img src=x onerror=pwn()&gt;</code>", "a < b and c > d"}) {
    EXPECT_EQ(fuzz::check_html_safety(good), "") << good;
  }
}

TEST(ContentSafety, TheHostileCasesLoad) {
  // Otherwise nothing below would test them.
  const auto& ids = site().case_ids();
  EXPECT_NE(std::find(ids.begin(), ids.end(), kHostileId), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), kHostileElId), ids.end());
}

TEST(ContentSafety, TheLoaderRefusesScriptSchemesInSourceUrls) {
  auto taxonomy = Taxonomy::load(kRoot / "content" / "taxonomy.yaml");
  ASSERT_TRUE(taxonomy.ok());
  for (const char* url : {"javascript:pwn()", "JAVASCRIPT:pwn()", " javascript:pwn()", "data:text/html,<b>",
                          "vbscript:pwn", "file:///etc/passwd", "//evil.example/", "https://ex\"ample.org/",
                          "https://example.org/\"><script>", "http://"}) {
    const std::string text = std::string("---\nid: bad-url\ntitle: T\nlang: en\nsummary: S\nsector: [technology-ict]\n") +
                             "region: EE\noutcome: [service-quality]\nyear: 2020\nupdated: 2026-01-01\n" +
                             "sources:\n  - title: x\n    url: '" + url + "'\n---\nBody\n";
    const LoadedCase loaded = load_case("cases/bad-url.md", text, taxonomy.value());
    EXPECT_FALSE(loaded.ok()) << url;
  }
}

TEST(ContentSafety, EveryPageTemplateEscapesTheHostileCase) {
  const fuzz::Site& s = site();
  ASSERT_TRUE(s.has_web());
  for (const std::string lang : {"el", "en"}) {
    const std::string l = "lang=" + lang;
    // case.mustache (with the partials and the related cards), both languages of the case.
    const Response c = s.get("/case/" + std::string(kHostileId) + "?" + l);
    ASSERT_EQ(c.status, 200);
    expect_safe_page(c, "case " + lang);
    expect_visible(c.body, "&lt;script&gt;pwn(", "case title");
    expect_visible(c.body, "onerror=pwn(", "case title as text");
    expect_visible(c.body, "&lt;/title&gt;&lt;/script&gt;&lt;script&gt;pwn(", "summary");
    expect_visible(c.body, "&lt;b onmouseover=pwn()&gt;", "result metric");
    expect_visible(c.body, "pwn(&quot;unit&quot;)", "result unit");
    expect_visible(c.body, "&lt;iframe srcdoc=", "transferability");
    expect_visible(c.body, "href=\"https://example.org/&#39;onmouseover=&#39;pwn()&#39;/?a=1&amp;b=2\"",
                   "a source URL stays one attribute");
    expect_visible(c.body, "&lt;svg onload=pwn(", "organisation");
    expect_visible(c.body, "href=\"https://example.org/\"", "the good link in the body");
    expect_visible(c.body, "<code>&lt;script&gt;pwn(&quot;code&quot;)&lt;/script&gt;</code>", "inline code");
    expect_visible(c.body, "raw HTML omitted", "cmark's safe mode");
    const Response el = s.get("/case/" + std::string(kHostileElId) + "?" + l);
    ASSERT_EQ(el.status, 200);
    expect_safe_page(el, "case (el) " + lang);

    // results.mustache: the cases as hits with snippets, facets, chips, and
    // the query itself echoed back in the search box, the title and links.
    for (const std::string q : {"hostilemarker", "hostilemarker+%22%3E%3Cscript%3Epwn()%3C/script%3E",
                                "%3Cimg+src%3Dx+onerror%3Dpwn()%3E", "pwn+OR+script+OR+onerror"}) {
      const Response r = s.get("/search?q=" + q + "&" + l);
      expect_safe_page(r, "results " + q + " " + lang);
    }
    const Response hits = s.get("/search?q=hostilemarker&" + l);
    ASSERT_EQ(hits.status, 200);
    expect_visible(hits.body, "&lt;script&gt;pwn(", "a hit's title");
    expect_visible(hits.body, "<mark>", "a snippet");
    // A refused parameter echoes its value in the error message.
    const Response bad = s.get("/search?q=%3Cscript%3Epwn()%3C%2Fscript%3E&sector=%3Cscript%3Epwn()&" + l);
    EXPECT_EQ(bad.status, 400);
    expect_safe_page(bad, "results with a bad parameter " + lang);
    expect_safe_page(s.get("/search?sort=%3Cscript%3E&" + l), "results with a bad sort " + lang);
    expect_safe_page(s.get("/search?q=%22unbalanced&" + l), "results with a syntax error " + lang);

    // home.mustache (newest cases: the hostile one is the newest), about, not found.
    const Response home = s.get("/?" + l);
    ASSERT_EQ(home.status, 200);
    expect_safe_page(home, "home " + lang);
    expect_visible(home.body, "&lt;script&gt;pwn(", "the newest case on the home page");
    expect_safe_page(s.get("/about?" + l), "about " + lang);
    const Response missing = s.get("/%3Cscript%3Epwn()%3C%2Fscript%3E/%22onmouseover=%22pwn()?" + l);
    EXPECT_EQ(missing.status, 404);
    expect_safe_page(missing, "not found " + lang);
    expect_safe_page(s.get("/case/%3Cscript%3Epwn()?" + l), "case not found " + lang);
  }
}

TEST(ContentSafety, TheTemplatesNoRouteReachesEscapeToo) {
  // error.mustache (a 500 or 503) and the case page's editor preview (the
  // loader's findings, which quote the offending values) are not reached
  // through the route table here: render them from the hostile case's own
  // findings.
  auto theme = Theme::load(kRoot / "themes" / "default");
  ASSERT_TRUE(theme.ok());
  auto taxonomy = Taxonomy::load(kRoot / "content" / "taxonomy.yaml");
  ASSERT_TRUE(taxonomy.ok());
  const std::string text = "---\nid: <script>pwn()</script>\nregion: '\"><img src=x onerror=pwn()>'\n"
                           "sector: [<script>pwn()</script>]\nonerror=pwn(): 1\n---\n";
  const LoadedCase loaded = load_case("cases/<script>pwn()</script>.md", text, taxonomy.value());
  ASSERT_FALSE(loaded.findings.empty());
  CaseView preview;
  for (const auto& f : loaded.findings) preview.problems.push_back({f.path, f.line, f.message});
  for (const Locale& locale : {Locale{Lang::el, true}, Locale{Lang::en, true}}) {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.headers = {{"Content-Security-Policy", "x"}};
    r.body = render_case(*theme.value(), preview, locale);
    expect_safe_page(r, "case preview with findings");
    expect_visible(r.body, "&lt;script&gt;pwn()&lt;/script&gt;", "a finding");
    r.body = render_error(*theme.value(), ErrorView{500, "<script>pwn()</script>"}, locale);
    expect_safe_page(r, "error page");
  }
}

TEST(ContentSafety, EveryApiFieldIsDataOrSafeHtml) {
  const fuzz::Site& s = site();
  const std::string id = kHostileId;
  for (const std::string& target : std::vector<std::string>{
           "/api/search?q=hostilemarker", "/api/search?q=hostilemarker&per_page=100&hl=en",
        "/api/search?q=%3Cscript%3Epwn()%3C%2Fscript%3E", "/api/search?q=pwn+OR+script+OR+onerror+OR+javascript",
        "/api/case/" + id, "/api/case/" + std::string(kHostileElId), "/api/case/" + id + "/related",
        "/api/case/estonia-x-road/related", "/api/facets", "/api/export.json?q=hostilemarker",
        "/api/export.json"}) {
    const Response r = s.get(target);
    EXPECT_EQ(r.status, 200) << target;
    expect_safe_json(r, target);
  }
  // The case's fields are there as the editor wrote them (a program escapes
  // them for its own output).
  const json c = json::parse(s.get("/api/case/" + id).body);
  ASSERT_TRUE(c.is_object());
  EXPECT_NE(c.dump().find("<script>pwn(\\\"title\\\")</script>"), std::string::npos);
  // A refused parameter's error message is JSON text too.
  const Response bad = s.get("/api/search?sector=%3Cscript%3Epwn()");
  EXPECT_EQ(bad.status, 400);
  expect_safe_json(bad, "error envelope");
}

TEST(ContentSafety, FeedAndSitemapAreWellFormedXml) {
  const fuzz::Site& s = site();
  for (const std::string target : {"/feed.atom", "/feed.atom?q=hostilemarker", "/sitemap.xml", "/sitemap/1.xml",
                                   "/opensearch.xml"}) {
    SCOPED_TRACE(target);
    const Response r = s.get(target);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(praxis::testing::check_markup(r.body, false), "");
    // Elements only from the format: nothing the content brought.
    EXPECT_EQ(fuzz::check_html_safety(r.body), "");
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
    EXPECT_EQ(r.body.find("<img"), std::string::npos);
    EXPECT_EQ(r.body.find("<![CDATA["), std::string::npos);
  }
  const std::string feed = s.get("/feed.atom?q=hostilemarker").body;
  expect_visible(feed, "&lt;script&gt;pwn(", "the entry's title");
  expect_visible(feed, "]]&gt;&lt;!-- hostilemarker", "the summary");
}

TEST(ContentSafety, CsvExportNeutralisesFormulas) {
  const fuzz::Site& s = site();
  const Response r = s.get("/api/export.csv?q=hostilemarker");
  ASSERT_EQ(r.status, 200);
  const auto rows = parse_csv(r.body);
  ASSERT_GE(rows.size(), 2u);
  const std::size_t columns = rows[0].size();
  bool hostile = false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), columns) << "row " << i << " is broken";
    hostile = hostile || rows[i][0] == kHostileId;
    // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
    // before one): text cells that would must be prefixed with a quote.
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string& cell = rows[i][c];
      if (cell.empty()) continue;
      const bool numeric = cell.find_first_not_of("0123456789.-") == std::string::npos &&
                           cell.find_first_of("0123456789") != std::string::npos;
      if (numeric) continue;
      EXPECT_EQ(std::string("=+-@\t\r").find(cell.front()), std::string::npos)
          << "row " << i << " column " << rows[0][c] << ": " << cell;
    }
  }
  EXPECT_TRUE(hostile);
  EXPECT_NE(r.body.find("'=HYPERLINK"), std::string::npos);
}

}  // namespace
}  // namespace praxis::web
