// The HTML routes end to end without a socket: the fixture corpus
// (tests/fixtures/search) loaded and indexed with the indexer's own code,
// searchd's Service and Router, the default theme, and the handlers called
// through the route table.
#include "web/web_routes.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <xapian.h>

#include "markup_check.h"
#include "praxis/case_loader.h"
#include "praxis/document_builder.h"
#include "praxis/schema.h"
#include "process.h"

namespace praxis::web {
namespace {

namespace fs = std::filesystem;
using searchd::Params;
using searchd::Request;
using searchd::Response;

const fs::path kRoot = PRAXIS_SOURCE_DIR;
const std::string kEvil = "<script>alert(1)</script>\"'&";

const Taxonomy& taxonomy() {
  static const Taxonomy t = [] {
    auto loaded = Taxonomy::load(kRoot / "content" / "taxonomy.yaml");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return t;
}

// The fixture corpus in an on-disk index (the in-memory backend has no
// spelling table, which "did you mean" needs).
Xapian::WritableDatabase build_index(const fs::path& dir) {
  Xapian::WritableDatabase db((dir / "index").string(), Xapian::DB_CREATE);
  DocumentBuilder builder;
  for (const auto& e : fs::directory_iterator(kRoot / "tests" / "fixtures" / "search" / "cases")) {
    LoadedCase loaded = load_case_file(e.path(), "cases/" + e.path().filename().string(), taxonomy());
    if (!loaded.ok()) {
      ADD_FAILURE() << e.path() << " does not load";
      continue;
    }
    loaded.study->path = "cases/" + e.path().filename().string();
    loaded.study->origin = "local";
    Xapian::Document doc = builder.build(*loaded.study, "stamp");
    db.replace_document(schema::id_term(loaded.study->id), doc);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if (!(*t).empty() && !((*t)[0] >= 'A' && (*t)[0] <= 'Z')) db.add_spelling(*t);
  }
  db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
  db.commit();
  return db;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

class WebRoutesTest : public ::testing::Test {
 protected:
  WebRoutesTest()
      : db_(build_index(dir_.path())),
        pool_(db_, std::chrono::milliseconds(0)),
        service_(options_, &taxonomy(), pool_),
        web_{load_theme(), service_} {
    searchd::add_api_routes(router_, service_);
    add_web_routes(router_, web_);
  }

  static std::shared_ptr<const Theme> load_theme() {
    auto t = Theme::load(kRoot / "themes" / "default");
    if (!t.ok()) ADD_FAILURE() << t.status().message();
    return t.value();
  }

  Response get(const std::string& path, Params params = {}, std::string accept_language = "") {
    Request r;
    r.path = path;
    r.params = std::move(params);
    r.accept_language = std::move(accept_language);
    Response out = router_.dispatch(r).response;
    if (out.content_type.rfind("text/html", 0) == 0) {
      EXPECT_EQ(praxis::testing::check_markup(out.body, true), "") << path;
      EXPECT_EQ(out.body.find("<script>alert"), std::string::npos) << path;
      EXPECT_FALSE(header(out, "Content-Security-Policy").empty()) << path;
      EXPECT_EQ(header(out, "X-Content-Type-Options"), "nosniff");
      EXPECT_FALSE(header(out, "Referrer-Policy").empty());
      EXPECT_EQ(header(out, "Vary"), "Accept-Language");
    }
    return out;
  }

  praxis::testing::TempDir dir_;
  searchd::Options options_;
  Xapian::WritableDatabase db_;
  searchd::SearcherPool pool_;
  searchd::Service service_;
  WebService web_;
  searchd::Router router_;
};

TEST_F(WebRoutesTest, HomeShowsTheCorpus) {
  const Response r = get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Content-Language"), "el");
  EXPECT_NE(r.body.find("<html lang=\"el\">"), std::string::npos);
  EXPECT_NE(r.body.find("12 περιπτώσεις"), std::string::npos);  // 13 files, one draft
  EXPECT_NE(r.body.find("aria-label=\"Περιπτώσεις ανά τομέα\""), std::string::npos);
  EXPECT_NE(r.body.find("Διαφάνεια και Λογοδοσία"), std::string::npos);  // sector label from the taxonomy
  EXPECT_NE(r.body.find("Στερεά Ελλάδα"), std::string::npos);            // region name in Greek
  EXPECT_NE(r.body.find("href=\"/case/sterea-diafaneia-apofaseon\""), std::string::npos);
  EXPECT_EQ(r.body.find("draft-unpublished-case"), std::string::npos);

  const Response en = get("/", {{"lang", "en"}});
  EXPECT_EQ(en.status, 200);
  EXPECT_EQ(header(en, "Content-Language"), "en");
  EXPECT_NE(en.body.find("12 cases"), std::string::npos);
  EXPECT_NE(en.body.find("Transparency and accountability"), std::string::npos);
  // Links carry the chosen language on.
  EXPECT_NE(en.body.find("href=\"/case/sterea-diafaneia-apofaseon?lang=en\""), std::string::npos);

  // A browser that prefers English gets English without asking, and links
  // need not carry it; ?lang= still wins.
  const Response browser_en = get("/", {}, "en-GB,en;q=0.9,el;q=0.5");
  EXPECT_EQ(header(browser_en, "Content-Language"), "en");
  EXPECT_NE(browser_en.body.find("href=\"/case/sterea-diafaneia-apofaseon\""), std::string::npos);
  EXPECT_NE(browser_en.body.find("href=\"/?lang=el\" hreflang=\"el\""), std::string::npos);
  EXPECT_EQ(header(get("/", {{"lang", "el"}}, "en"), "Content-Language"), "el");
}

TEST_F(WebRoutesTest, AccentlessGreekQueryFindsAndHighlights) {
  const Response r = get("/search", {{"q", "διαφανεια"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Αποτελέσματα για «διαφανεια»"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/case/sterea-diafaneia-apofaseon\""), std::string::npos);
  EXPECT_NE(r.body.find("<mark>"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"sector\" value=\"transparency-accountability\""), std::string::npos);
  EXPECT_EQ(r.body.find("draft-unpublished-case"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/api/export.csv?q=%CE%B4"), std::string::npos);
}

TEST_F(WebRoutesTest, FiltersTickChipAndNarrow) {
  const Response all = get("/search", {{"q", ""}, {"doclang", "en"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_NE(all.body.find("name=\"doclang\" value=\"en\" checked"), std::string::npos);
  EXPECT_EQ(all.body.find("lang=\"el\"><a class=\"hit-link\""), std::string::npos);  // only English cases
  EXPECT_NE(all.body.find("class=\"chip\""), std::string::npos);

  const Response r = get("/search", {{"q", "transparency"}, {"sector", "transparency-accountability"}, {"lang", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("name=\"sector\" value=\"transparency-accountability\" checked"), std::string::npos);
  EXPECT_NE(r.body.find("aria-label=\"Remove filter: Sector: Transparency and accountability\""), std::string::npos);
  EXPECT_NE(r.body.find("<input type=\"hidden\" name=\"lang\" value=\"en\">"), std::string::npos);
}

TEST_F(WebRoutesTest, BadParametersGiveA400PageNotJson) {
  for (const Params& p : std::vector<Params>{{{"sector", "bogus"}}, {{"page", "abc"}}, {{"per_page", "1000"}},
                                             {{"year_from", "-1"}}, {{"sort", kEvil}}, {{"q", std::string(2000, 'a')}}}) {
    const Response r = get("/search", p);
    EXPECT_EQ(r.status, 400) << p.begin()->first;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos) << p.begin()->first;
  }
  // Parameters the page does not know (a tracking tag on a shared link) are ignored.
  EXPECT_EQ(get("/search", {{"q", "cycling"}, {"utm_source", "mail"}}).status, 200);
  // The document-language filter keeps its HTML name in the message.
  const Response bad_lang = get("/search", {{"doclang", "fr"}});
  EXPECT_EQ(bad_lang.status, 400);
  EXPECT_NE(bad_lang.body.find("doclang"), std::string::npos);
}

TEST_F(WebRoutesTest, EveryUserStringIsEscaped) {
  const Response r = get("/search", {{"q", kEvil}});
  EXPECT_TRUE(r.status == 200 || r.status == 400) << r.status;
  EXPECT_EQ(r.body.find(kEvil), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), std::string::npos);
  const Response nf = get("/case/" + kEvil);
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.body.find(kEvil), std::string::npos);
}

TEST_F(WebRoutesTest, CasePageShowsEverything) {
  const Response r = get("/case/sterea-diafaneia-apofaseon");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string& b = r.body;
  EXPECT_NE(b.find("<h1 id=\"case-title\" lang=\"el\">Διαφάνεια στις αποφάσεις της Περιφέρειας Στερεάς Ελλάδας</h1>"),
            std::string::npos);
  EXPECT_NE(b.find("href=\"/search?region=GR-H\">Στερεά Ελλάδα</a>"), std::string::npos);
  EXPECT_NE(b.find("<td class=\"num\">12.000</td>"), std::string::npos);  // measured result, Greek digits
  EXPECT_NE(b.find("<h3>Πρόβλημα</h3>"), std::string::npos);             // the body, headings shifted
  EXPECT_NE(b.find("href=\"/case/sterea-decision-transparency\" hreflang=\"en\""), std::string::npos);
  EXPECT_NE(b.find("id=\"related-heading\""), std::string::npos);
  EXPECT_NE(b.find("20 Σεπτεμβρίου 2026"), std::string::npos);
  EXPECT_NE(b.find("href=\"https://example.org/sterea/apofaseis\""), std::string::npos);

  const Response en = get("/case/sterea-diafaneia-apofaseon", {{"lang", "en"}});
  EXPECT_NE(en.body.find("20 September 2026"), std::string::npos);
  EXPECT_NE(en.body.find(">Stereá Elláda</a>"), std::string::npos);  // iso-codes' English name
  EXPECT_NE(en.body.find("<td class=\"num\">12,000</td>"), std::string::npos);
}

TEST_F(WebRoutesTest, UnknownAndDraftCasesAre404Pages) {
  for (const std::string& id : std::vector<std::string>{"nope", "draft-unpublished-case", std::string(300, 'x')}) {
    const Response r = get("/case/" + id);
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("Η σελίδα δεν βρέθηκε"), std::string::npos);
  }
  Request r;
  r.path = "/no/such/page";
  const Response nf = handle_not_found(web_, r);
  EXPECT_EQ(nf.status, 404);
  EXPECT_NE(nf.body.find("<code>/no/such/page</code>"), std::string::npos);
}

TEST_F(WebRoutesTest, AboutAndStaticFiles) {
  EXPECT_EQ(get("/about").status, 200);
  const Response css = get("/static/style.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_FALSE(header(css, "ETag").empty());
  for (const std::string& name : std::vector<std::string>{"..", "%2e%2e", "..%2fCMakeLists.txt", ".hidden", "nope.css"}) {
    Request req;
    req.path = "/static/" + name;
    req.captures = {name};
    EXPECT_EQ(handle_static(web_, req).status, 404) << name;
  }
}

TEST_F(WebRoutesTest, ResultsPagesAreLight) {
  const Response r = get("/search", {{"q", ""}, {"per_page", "20"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_LT(r.body.size(), 60u * 1024u);
}

}  // namespace
}  // namespace praxis::web
