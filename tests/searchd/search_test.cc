// Search, facets and related cases on an in-memory index built with the
// indexer's DocumentBuilder. Facet counts are checked against counts made
// by brute force over the cases themselves.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "praxis/searchd/facet_counts.h"
#include "praxis/searchd/facet_counter.h"
#include "praxis/searchd/related.h"
#include "praxis/searchd/search.h"
#include "praxis/searchd/searcher.h"
#include "test_index.h"

namespace praxis::searchd {
namespace {

using schema::Facet;
using test::CaseSpec;

class SearchTest : public ::testing::Test {
 protected:
  SearchTest() : index_(test::build_index(test::sample_cases())), db_(index_.db), searcher_(db_) {}

  SearchResult search(const Params& in, SearchSettings settings = {}) {
    SearchParams p;
    const auto err = parse_search_params(in, kSearchParams, ParamLimits{}, &test::taxonomy(), p);
    EXPECT_FALSE(err) << (err ? err->param + ": " + err->message : "");
    if (in.count("per_page") || in.count("page")) {
      settings.offset = (p.page - 1) * p.per_page;
      settings.count = p.per_page;
    }
    auto r = run_search(searcher_, p, settings);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : SearchResult{};
  }

  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.meta.value("id", ""));
    return out;
  }

  test::TestIndex index_;
  Xapian::WritableDatabase db_;
  Searcher searcher_;
};

// The values of one facet of a case, as the index stores them.
std::vector<std::string> facet_values(const CaseSpec& c, Facet f) {
  switch (f) {
    case Facet::sector: return c.sector;
    case Facet::outcome: return c.outcome;
    case Facet::region: return {c.region};
    case Facet::country: return {c.region.substr(0, 2)};
    case Facet::level: return {c.level};
    case Facet::status: return {c.status};
    case Facet::evidence: return {c.evidence};
    case Facet::lang: return {c.lang};
    case Facet::source: return {"local"};
    case Facet::year: return {std::to_string(c.year)};
  }
  return {};
}

// Brute force: the counts of facet `f` over the cases in `matched` that pass
// every selection in `selected` except f's own.
std::map<std::string, Xapian::doccount> brute_counts(const std::set<std::string>& matched,
                                                     const std::map<Facet, std::vector<std::string>>& selected,
                                                     Facet f) {
  std::map<std::string, Xapian::doccount> out;
  for (const auto& c : test::sample_cases()) {
    if (c.draft || !matched.count(c.id)) continue;
    bool pass = true;
    for (const auto& [g, values] : selected) {
      if (g == f) continue;
      const auto have = facet_values(c, g);
      pass = pass && std::any_of(values.begin(), values.end(), [&](const std::string& v) {
               return std::find(have.begin(), have.end(), v) != have.end();
             });
    }
    if (!pass) continue;
    for (const auto& v : facet_values(c, f)) ++out[v];
  }
  return out;
}

TEST_F(SearchTest, BrowseIsNewestFirstWithoutDrafts) {
  SearchSettings s;
  s.count = 100;
  const SearchResult r = search({}, s);
  EXPECT_TRUE(r.match_all);
  EXPECT_EQ(r.sort, SortOrder::updated);
  EXPECT_EQ(r.total, 6u);
  EXPECT_EQ(ids(r), (std::vector<std::string>{"sterea-diafaneia", "barcelona-contracting", "tartu-budget",
                                              "helsinki-cycling", "thessaloniki-budget", "estonia-xroad"}));
}

TEST_F(SearchTest, Paging) {
  const SearchResult r = search({{"page", "2"}, {"per_page", "2"}});
  EXPECT_EQ(ids(r), (std::vector<std::string>{"tartu-budget", "helsinki-cycling"}));
  EXPECT_EQ(r.total, 6u);
  const SearchResult past = search({{"page", "4"}, {"per_page", "2"}});
  EXPECT_TRUE(past.hits.empty());
  EXPECT_EQ(past.total, 6u);
}

TEST_F(SearchTest, SortByYear) {
  SearchSettings s;
  s.count = 100;
  const SearchResult r = search({{"sort", "year"}}, s);
  EXPECT_EQ(ids(r), (std::vector<std::string>{"thessaloniki-budget", "helsinki-cycling", "sterea-diafaneia",
                                              "barcelona-contracting", "tartu-budget", "estonia-xroad"}));
}

TEST_F(SearchTest, YearRange) {
  SearchSettings s;
  s.count = 100;
  const SearchResult r = search({{"year_from", "2015"}, {"year_to", "2019"}}, s);
  EXPECT_EQ(ids(r), (std::vector<std::string>{"sterea-diafaneia", "barcelona-contracting", "helsinki-cycling"}));
  const SearchResult from = search({{"year_from", "2019"}}, s);
  EXPECT_EQ(from.total, 2u);  // 2019 and 2021
}

TEST_F(SearchTest, FiltersOrWithinAndAcross) {
  SearchSettings s;
  s.count = 100;
  EXPECT_EQ(search({{"sector", "transparency-accountability"}, {"sector", "democracy-participation"}}, s).total, 4u);
  EXPECT_EQ(search({{"sector", "transparency-accountability,democracy-participation"}, {"lang", "en"}}, s).total, 2u);
  EXPECT_EQ(search({{"country", "EE"}}, s).total, 2u);
  EXPECT_EQ(search({{"region", "GR-H"}}, s).total, 1u);  // the draft in GR-H is not counted
}

TEST_F(SearchTest, DraftsNeverMatch) {
  SearchSettings s;
  s.count = 100;
  for (const char* q : {"contract", "transparency", "draft", "διαφάνεια"})
    for (const auto& id : ids(search({{"q", q}}, s))) EXPECT_NE(id, "draft-case") << q;
}

TEST_F(SearchTest, AccentlessGreekFindsGreek) {
  const SearchResult r = search({{"q", "διαφανεια"}});
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(ids(r).front(), "sterea-diafaneia");
  EXPECT_EQ(search({{"q", "ΔΙΑΦΆΝΕΙΑ"}}).total, r.total);
}

TEST_F(SearchTest, EnglishIsStemmed) {
  const SearchResult r = search({{"q", "contracts"}});
  const auto found = ids(r);
  EXPECT_NE(std::find(found.begin(), found.end(), "barcelona-contracting"), found.end());
}

TEST_F(SearchTest, SnippetsMarkMatches) {
  const SearchResult r = search({{"q", "cycling"}});
  ASSERT_FALSE(r.hits.empty());
  EXPECT_NE(r.hits[0].snippet.find("<mark>"), std::string::npos) << r.hits[0].snippet;
}

TEST_F(SearchTest, FieldSyntaxAndFilters) {
  const SearchResult r = search({{"q", "title:tartu"}});
  EXPECT_EQ(ids(r), std::vector<std::string>{"tartu-budget"});
}

TEST_F(SearchTest, TooManyWordsIsInvalidArgument) {
  std::string q;
  for (int i = 0; i < 65; ++i) q += "word" + std::to_string(i) + " ";
  SearchParams p;
  p.q = q;
  const auto r = run_search(searcher_, p, SearchSettings{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::invalid_argument);
}

TEST_F(SearchTest, SuggestionForATypo) {
  const SearchResult r = search({{"q", "cyclng"}});
  EXPECT_EQ(r.total, 0u);
  EXPECT_EQ(r.suggestion, "cycling");
  // A word found through its stem is not a typo: no "did you mean" for it.
  const SearchResult stemmed = search({{"q", "contracted"}});
  EXPECT_GT(stemmed.total, 0u);
  EXPECT_EQ(stemmed.suggestion, "");
}

// Facet counts: each facet ignores its own selection and applies the others.
TEST_F(SearchTest, FacetCountsMatchBruteForce) {
  struct Case {
    std::string q;
    std::map<Facet, std::vector<std::string>> selected;
  };
  const std::vector<Case> cases = {
      {"", {}},
      {"", {{Facet::sector, {"democracy-participation"}}}},
      {"", {{Facet::sector, {"transparency-accountability"}}, {Facet::lang, {"en"}}}},
      {"", {{Facet::outcome, {"cost-savings", "participation"}}, {Facet::country, {"EE"}}}},
      {"contract", {}},
      {"contract", {{Facet::level, {"regional"}}}},
      {"data OR budget OR cycling", {{Facet::evidence, {"evaluated", "audited"}}, {Facet::year, {"2013", "2018"}}}},
  };
  for (const auto& c : cases) {
    Params in;
    if (!c.q.empty()) in.emplace("q", c.q);
    for (const auto& [f, values] : c.selected)
      for (const auto& v : values) in.emplace(std::string(schema::facet_info(f).name), v);
    SearchSettings s;
    s.count = 100;
    const SearchResult r = search(in, s);
    ASSERT_TRUE(r.has_facets);
    // The cases the text query alone matches.
    Params q_only;
    if (!c.q.empty()) q_only.emplace("q", c.q);
    const auto all = ids(search(q_only, s));
    const std::set<std::string> matched(all.begin(), all.end());
    for (const auto& info : schema::kFacets) {
      std::map<std::string, Xapian::doccount> got;
      for (const auto& v : r.facets[static_cast<std::size_t>(info.facet)])
        if (v.count > 0) got[v.value] = v.count;
      EXPECT_EQ(got, brute_counts(matched, c.selected, info.facet)) << "q='" << c.q << "' facet " << info.name;
      for (const auto& v : r.facets[static_cast<std::size_t>(info.facet)]) {
        const auto sel = c.selected.find(info.facet);
        const bool expected = sel != c.selected.end() &&
                              std::find(sel->second.begin(), sel->second.end(), v.value) != sel->second.end();
        EXPECT_EQ(v.selected, expected) << info.name << "=" << v.value;
      }
    }
  }
}

TEST_F(SearchTest, SelectedValuesShowEvenWithoutMatches) {
  const SearchResult r = search({{"q", "cycling"}, {"sector", "social-economy"}});
  EXPECT_EQ(r.total, 0u);
  const auto& sectors = r.facets[static_cast<std::size_t>(Facet::sector)];
  const auto it = std::find_if(sectors.begin(), sectors.end(), [](const FacetValue& v) { return v.value == "social-economy"; });
  ASSERT_NE(it, sectors.end());
  EXPECT_TRUE(it->selected);
  EXPECT_EQ(it->count, 0u);
}

TEST_F(SearchTest, CorpusCountsLeaveDraftsOut) {
  const AllValueCounts counts = corpus_counts(db_);
  const auto& sectors = counts[static_cast<std::size_t>(Facet::sector)];
  EXPECT_EQ(sectors.at("transparency-accountability"), 2u);
  EXPECT_EQ(counts[static_cast<std::size_t>(Facet::region)].at("GR-H"), 1u);
  EXPECT_EQ(counts[static_cast<std::size_t>(Facet::year)].count("2024"), 0u);  // only the draft has 2024
  EXPECT_EQ(counts[static_cast<std::size_t>(Facet::country)].at("EE"), 2u);
}

TEST_F(SearchTest, FacetCounterSplitsMultiValuedSlots) {
  const FacetCounter counter({Facet::sector, Facet::outcome});
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query::MatchAll);
  counter.add_to(enquire);
  enquire.get_mset(0, 0, db_.get_doccount());
  EXPECT_EQ(counter.seen(), 7u);  // drafts too: the counter counts what it is shown
  EXPECT_EQ(counter.counts(Facet::sector).at("transparency-accountability"), 3u);
  EXPECT_EQ(counter.counts(Facet::sector).at("public-administration-egov"), 2u);
  EXPECT_EQ(counter.counts(Facet::outcome).at("cost-savings"), 2u);
  EXPECT_TRUE(counter.counts(Facet::lang).empty());
}

TEST_F(SearchTest, FindCase) {
  EXPECT_TRUE(find_case(db_, "tartu-budget"));
  EXPECT_FALSE(find_case(db_, "draft-case"));
  EXPECT_FALSE(find_case(db_, "nope"));
  EXPECT_FALSE(find_case(db_, ""));
}

TEST_F(SearchTest, RelatedCasesExcludeSelfAndDrafts) {
  const auto did = find_case(db_, "barcelona-contracting");
  ASSERT_TRUE(did);
  const auto terms = expand_terms(db_, *did, 10);
  EXPECT_FALSE(terms.empty());
  for (const auto& t : terms) EXPECT_FALSE(t[0] >= 'A' && t[0] <= 'Z') << t;
  RelatedSettings s;
  const auto hits = related_cases(db_, *did, s);
  EXPECT_FALSE(hits.empty());
  EXPECT_LE(hits.size(), 5u);
  for (const auto& h : hits) {
    EXPECT_NE(h.meta.value("id", ""), "barcelona-contracting");
    EXPECT_NE(h.meta.value("id", ""), "draft-case");
  }
}

TEST_F(SearchTest, RelatedWeighsUpTheSameSector) {
  // Two cases equally close in words; the one sharing the sector ranks first.
  const std::vector<CaseSpec> cases = {
      {"origin", "en", "Harbour ferry timetable", "ferry timetable harbour boats", {"transport-infrastructure"}, "FI",
       {"service-quality"}},
      {"other-sector", "en", "Harbour ferry timetable too", "ferry timetable harbour boats", {"social-economy"}, "FI",
       {"service-quality"}},
      {"same-sector", "en", "Harbour ferry timetable also", "ferry timetable harbour boats",
       {"transport-infrastructure"}, "FI", {"service-quality"}},
      {"unrelated", "en", "Library opening hours", "books reading", {"culture-local-development"}, "FI",
       {"service-quality"}},
  };
  const test::TestIndex index = test::build_index(cases);
  const Xapian::Database& db = index.db;
  const auto did = find_case(db, "origin");
  ASSERT_TRUE(did);
  const auto hits = related_cases(db, *did, RelatedSettings{});
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0].meta.value("id", ""), "same-sector");
  EXPECT_EQ(hits[1].meta.value("id", ""), "other-sector");
}

// Above facet_sample matches, the total and the facet counts are estimated
// from the matches in a share of the sample buckets; up to it, they are exact.
TEST(SearchSampling, LargeResultSetsAreCountedFromASample) {
  constexpr int kCases = 2400;
  std::vector<CaseSpec> cases;
  std::map<std::string, Xapian::doccount> sectors;  // of the cases with "cycling"
  std::map<std::string, Xapian::doccount> bridges;  // of the cases with "bridges"
  for (int i = 0; i < kCases; ++i) {
    CaseSpec c{"case-" + std::to_string(i), i % 3 ? "en" : "el", "Case " + std::to_string(i),
               std::string(i % 2 ? "Shared words and cycling lanes." : "Shared words only.") +
                   (i % 5 ? "" : " Bridges too."),
               {i % 4 ? "transparency-accountability" : "democracy-participation"}, i % 5 ? "GR-H" : "EE",
               {"participation"}};
    if (i % 2) ++sectors[c.sector[0]];
    if (i % 5 == 0) ++bridges[c.sector[0]];
    cases.push_back(std::move(c));
  }
  const test::TestIndex index = test::build_index(cases);
  Searcher searcher(index.db);
  auto run = [&](const std::string& q, Xapian::doccount sample, const std::string& sector = "") {
    Params in{{"q", q}};
    if (!sector.empty()) in.emplace("sector", sector);
    SearchParams p;
    EXPECT_FALSE(parse_search_params(in, kSearchParams, ParamLimits{}, &test::taxonomy(), p));
    SearchSettings s;
    s.facet_sample = sample;
    auto r = run_search(searcher, p, s);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : SearchResult{};
  };
  auto count = [](const SearchResult& r, Facet f, const std::string& value) -> double {
    for (const auto& v : r.facets[static_cast<std::size_t>(f)])
      if (v.value == value) return v.count;
    return 0;
  };
  const Xapian::doccount cycling = kCases / 2;

  const SearchResult exact = run("cycling", 0);
  EXPECT_TRUE(exact.total_exact);
  EXPECT_TRUE(exact.facets_exact);
  EXPECT_EQ(exact.total, cycling);
  EXPECT_EQ(count(exact, Facet::sector, "democracy-participation"), sectors["democracy-participation"]);
  EXPECT_EQ(run("cycling", cycling).facets_exact, true);  // within the sample: exact

  // The counting pass over a sample: the total and each value's count scaled.
  FacetCounter counter({Facet::sector, Facet::lang});
  const Counted counted = count_matches(index.db, Xapian::Query("cycling"), counter, 150);
  EXPECT_FALSE(counted.exact);
  EXPECT_FALSE(counter.exact());
  EXPECT_NEAR(counted.matches, cycling, cycling * 0.25);
  for (const auto& [sector, n] : sectors) {
    const auto got = counter.counts(Facet::sector);
    EXPECT_NEAR(got.count(sector) ? got.at(sector) : 0, n, n * 0.3) << sector;
  }
  EXPECT_NEAR(counter.counts(Facet::lang)["en"], cycling * 2.0 / 3, cycling * 0.25);
  FacetCounter every({Facet::lang});
  const Counted all = count_matches(index.db, Xapian::Query("cycling"), every, 0);
  EXPECT_TRUE(all.exact);
  EXPECT_EQ(all.matches, cycling);

  // A search whose page pass sees every match (480, within its look-ahead of
  // 1,010) counts there, exactly, even where a pass of its own would sample.
  const SearchResult paged = run("bridges", 100);
  EXPECT_TRUE(paged.facets_exact);
  EXPECT_EQ(paged.total, kCases / 5);
  for (const auto& [sector, n] : bridges) EXPECT_EQ(count(paged, Facet::sector, sector), n) << sector;
  FacetCounter own({Facet::sector});
  EXPECT_FALSE(count_matches(index.db, Xapian::Query("bridges"), own, 100).exact);

  // A selected facet's own counts come from a pass without its filter: sampled too.
  const SearchResult selected = run("cycling", 150, "democracy-participation");
  EXPECT_FALSE(selected.facets_exact);
  EXPECT_NEAR(count(selected, Facet::sector, "transparency-accountability"), sectors["transparency-accountability"],
              sectors["transparency-accountability"] * 0.3);
  // The page is the same whatever the counting.
  const SearchResult unsampled = run("cycling", 0, "democracy-participation");
  EXPECT_TRUE(unsampled.facets_exact);
  EXPECT_EQ(selected.hits.size(), unsampled.hits.size());
  for (std::size_t i = 0; i < selected.hits.size(); ++i) EXPECT_EQ(selected.hits[i].docid, unsampled.hits[i].docid);
}

TEST(SearchEscaping, SnippetsAreHtmlEscaped) {
  const std::vector<CaseSpec> cases = {{"xss", "en", "Script case", "A body with <script>alert(1)</script> and cycling, 3 < 4 & more",
                                        {"technology-ict"}, "FI", {"service-quality"}}};
  const test::TestIndex index = test::build_index(cases);
  Searcher searcher(index.db);
  SearchParams p;
  p.q = "cycling";
  const auto r = run_search(searcher, p, SearchSettings{});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string& snippet = r->hits[0].snippet;
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("</script"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("3 &lt; 4 &amp; more"), std::string::npos) << snippet;
}

}  // namespace
}  // namespace praxis::searchd
