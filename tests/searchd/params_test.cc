// Parameter parsing: every accepted form, and every refusal naming its parameter.
#include <gtest/gtest.h>

#include "praxis/searchd/options.h"
#include "praxis/searchd/params.h"
#include "test_index.h"

namespace praxis::searchd {
namespace {

Params params(std::initializer_list<std::pair<const char*, const char*>> kv) {
  Params p;
  for (const auto& [k, v] : kv) p.emplace(k, v);
  return p;
}

std::optional<ParamError> parse(const Params& p, SearchParams& out, unsigned accepted = kSearchParams) {
  return parse_search_params(p, accepted, ParamLimits{}, &test::taxonomy(), out);
}

TEST(ParseInteger, AcceptsOnlyPlainDecimalsInRange) {
  struct Case {
    const char* text;
    std::optional<std::int64_t> expected;
  };
  const Case cases[] = {
      {"1", 1},       {"42", 42},         {"0010", 10},     {"9999", 9999}, {"0", std::nullopt},
      {"-1", std::nullopt}, {"+1", std::nullopt}, {" 1", std::nullopt}, {"1 ", std::nullopt},
      {"1.0", std::nullopt}, {"1e3", std::nullopt}, {"0x10", std::nullopt}, {"", std::nullopt},
      {"abc", std::nullopt}, {"10000", std::nullopt}, {"99999999999999999999999", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_integer(c.text, 1, 9999), c.expected) << c.text;
}

TEST(CheckText, RefusesInvalidUtf8AndControls) {
  EXPECT_FALSE(check_text("διαφάνεια open data", false));
  EXPECT_TRUE(check_text("\xff", false));
  EXPECT_TRUE(check_text("\xce", false));             // truncated sequence
  EXPECT_TRUE(check_text("\xed\xa0\x80", false));     // surrogate
  EXPECT_TRUE(check_text(std::string("a\0b", 3), false));
  EXPECT_TRUE(check_text("a\x1b[31m", false));
  EXPECT_TRUE(check_text("tab\there", false));
  EXPECT_FALSE(check_text("tab\there\nline", true));  // whitespace allowed in q
  EXPECT_TRUE(check_text("del\x7f", true));
}

TEST(SearchParams, Defaults) {
  SearchParams p;
  ASSERT_FALSE(parse({}, p));
  EXPECT_EQ(p.q, "");
  EXPECT_EQ(p.page, 1u);
  EXPECT_EQ(p.per_page, 10u);
  EXPECT_EQ(p.sort, SortOrder::updated);  // an empty query browses newest first
  EXPECT_FALSE(p.sort_given);
  EXPECT_FALSE(p.has_filters());
  EXPECT_TRUE(p.want_facets);
  EXPECT_EQ(p.hl, "el");
}

TEST(SearchParams, QueryDefaultsToRelevance) {
  SearchParams p;
  ASSERT_FALSE(parse(params({{"q", "open data"}}), p));
  EXPECT_EQ(p.sort, SortOrder::relevance);
  ASSERT_FALSE(parse(params({{"q", "   "}}), p));
  EXPECT_EQ(p.sort, SortOrder::updated);
}

TEST(SearchParams, EveryParameter) {
  SearchParams p;
  const auto err = parse(params({{"q", "διαφάνεια"},
                                 {"sector", "transparency-accountability"},
                                 {"sector", "E-Government-typo"},
                                 {"region", "gr-h"},
                                 {"country", "gr"},
                                 {"level", "regional"},
                                 {"outcome", "transparency,cost-savings"},
                                 {"status", "ongoing"},
                                 {"evidence", "audited"},
                                 {"lang", "el"},
                                 {"source", "local"},
                                 {"year", "2018"},
                                 {"year_from", "2010"},
                                 {"year_to", "2020"},
                                 {"sort", "year"},
                                 {"page", "3"},
                                 {"per_page", "25"},
                                 {"hl", "en"},
                                 {"facets", "false"}}),
                         p);
  ASSERT_TRUE(err);  // the typo is refused
  EXPECT_EQ(err->param, "sector");

  const auto ok = parse(params({{"q", "διαφάνεια"},
                                {"sector", "transparency-accountability"},
                                {"sector", "public-administration-egov"},
                                {"region", "gr-h"},
                                {"country", "gr"},
                                {"level", "regional"},
                                {"outcome", "transparency,cost-savings"},
                                {"status", "ongoing"},
                                {"evidence", "audited"},
                                {"lang", "el"},
                                {"source", "local"},
                                {"year", "2018"},
                                {"year_from", "2010"},
                                {"year_to", "2020"},
                                {"sort", "year"},
                                {"page", "3"},
                                {"per_page", "25"},
                                {"hl", "en"},
                                {"facets", "false"}}),
                        p);
  ASSERT_FALSE(ok) << ok->param << ": " << ok->message;
  using schema::Facet;
  EXPECT_EQ(p.q, "διαφάνεια");
  EXPECT_EQ(p.values(Facet::sector), (std::vector<std::string>{"transparency-accountability", "public-administration-egov"}));
  EXPECT_EQ(p.values(Facet::region), std::vector<std::string>{"GR-H"});  // canonical: upper case
  EXPECT_EQ(p.values(Facet::country), std::vector<std::string>{"GR"});
  EXPECT_EQ(p.values(Facet::outcome), (std::vector<std::string>{"transparency", "cost-savings"}));
  EXPECT_EQ(p.values(Facet::year), std::vector<std::string>{"2018"});
  EXPECT_EQ(p.year_from, 2010);
  EXPECT_EQ(p.year_to, 2020);
  EXPECT_EQ(p.sort, SortOrder::year);
  EXPECT_EQ(p.page, 3u);
  EXPECT_EQ(p.per_page, 25u);
  EXPECT_EQ(p.hl, "en");
  EXPECT_FALSE(p.want_facets);
  EXPECT_TRUE(p.has_filters());
  EXPECT_TRUE(p.has_year_filter());
}

TEST(SearchParams, EmptyValuesAreIgnoredAndDuplicatesMerged) {
  SearchParams p;
  ASSERT_FALSE(parse(params({{"sector", ""}, {"year_from", ""}, {"page", ""}, {"lang", "en,en"}, {"lang", "EN"}}), p));
  EXPECT_TRUE(p.values(schema::Facet::sector).empty());
  EXPECT_FALSE(p.year_from);
  EXPECT_EQ(p.page, 1u);
  EXPECT_EQ(p.values(schema::Facet::lang), std::vector<std::string>{"en"});
}

// Each bad request names the parameter at fault.
TEST(SearchParams, Refusals) {
  struct Case {
    Params in;
    const char* param;
    const char* message_part;
  };
  const std::string long_q(1025, 'a');
  const std::vector<Case> cases = {
      {params({{"q", "a"}, {"q", "b"}}), "q", "more than once"},
      {Params{{"q", long_q}}, "q", "1024 bytes"},
      {params({{"q", "\xff\xfe"}}), "q", "UTF-8"},
      {Params{{"q", std::string("a\0b", 3)}}, "q", "control"},
      {params({{"page", "0"}}), "page", "whole number"},
      {params({{"page", "-2"}}), "page", "whole number"},
      {params({{"page", "two"}}), "page", "whole number"},
      {params({{"page", "1.5"}}), "page", "whole number"},
      {params({{"page", "1001"}}), "page", "result window"},
      {params({{"page", "20000"}}), "page", "result window"},
      {params({{"page", "101"}, {"per_page", "100"}}), "page", "result window"},
      {params({{"per_page", "0"}}), "per_page", "1 to 100"},
      {params({{"per_page", "101"}}), "per_page", "1 to 100"},
      {params({{"per_page", "-5"}}), "per_page", "1 to 100"},
      {params({{"sort", "newest"}}), "sort", "relevance, year or updated"},
      {params({{"year_from", "20x0"}}), "year_from", "year"},
      {params({{"year_to", "-1"}}), "year_to", "year"},
      {params({{"year_from", "2020"}, {"year_to", "2010"}}), "year_to", "before"},
      {params({{"year", "0"}}), "year", "not a year"},
      {params({{"sector", "transparency-acountability"}}), "sector", "did you mean 'transparency-accountability'"},
      {params({{"sector", "no such sector"}}), "sector", "unknown sector"},
      {params({{"outcome", "transparency,nope"}}), "outcome", "unknown outcome"},
      {params({{"level", "galactic"}}), "level", "unknown level"},
      {params({{"status", "done"}}), "status", "unknown status"},
      {params({{"evidence", "rumour"}}), "evidence", "unknown evidence"},
      {params({{"lang", "de"}}), "lang", "unknown lang"},
      {params({{"region", "GR-Q"}}), "region", "unknown region"},
      {params({{"region", "Στερεά"}}), "region", "region code"},
      {params({{"country", "GR-H"}}), "country", "alpha-2"},
      {params({{"country", "ZZ"}}), "country", "unknown country"},
      {params({{"source", "Bad Source!"}}), "source", "source name"},
      {params({{"hl", "fr"}}), "hl", "el or en"},
      {params({{"facets", "maybe"}}), "facets", "true or false"},
      {params({{"sectr", "transparency-accountability"}}), "sectr", "unknown parameter"},
      {params({{"per-page", "10"}}), "per-page", "unknown parameter"},
  };
  for (const auto& c : cases) {
    SearchParams p;
    const auto err = parse(c.in, p);
    ASSERT_TRUE(err) << c.param;
    EXPECT_EQ(err->param, c.param);
    EXPECT_NE(err->message.find(c.message_part), std::string::npos) << c.param << ": " << err->message;
  }
}

TEST(SearchParams, TooManyFacetValues) {
  Params p;
  std::string many;
  for (int i = 0; i < 40; ++i) many += "transparency,";
  p.emplace("outcome", many);
  SearchParams out;
  EXPECT_FALSE(parse(p, out));  // the same value repeated collapses to one
  Params years;
  for (int y = 1990; y < 2030; ++y) years.emplace("year", std::to_string(y));
  const auto err = parse(years, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->param, "year");
}

TEST(SearchParams, EndpointsAcceptOnlyTheirParameters) {
  SearchParams p;
  auto err = parse(params({{"page", "2"}}), p, kQuery | kFilters);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->param, "page");
  err = parse(params({{"sort", "year"}}), p, kQuery | kFilters | kSort);
  EXPECT_FALSE(err);
}

TEST(SearchParams, WithoutTaxonomyValuesAreCheckedForShape) {
  SearchParams p;
  EXPECT_FALSE(parse_search_params(params({{"sector", "anything-goes"}, {"region", "XX-YY"}}), kSearchParams,
                                   ParamLimits{}, nullptr, p));
  const auto err = parse_search_params(params({{"sector", "Not A Slug"}}), kSearchParams, ParamLimits{}, nullptr, p);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->param, "sector");
}

TEST(SearchParams, LimitsComeFromOptions) {
  Options o;
  o.max_per_page = 50;
  o.result_window = 500;
  const ParamLimits limits = param_limits(o);
  SearchParams p;
  EXPECT_TRUE(parse_search_params(params({{"per_page", "51"}}), kSearchParams, limits, nullptr, p));
  EXPECT_TRUE(parse_search_params(params({{"page", "11"}, {"per_page", "50"}}), kSearchParams, limits, nullptr, p));
  EXPECT_FALSE(parse_search_params(params({{"page", "10"}, {"per_page", "50"}}), kSearchParams, limits, nullptr, p));
}

}  // namespace
}  // namespace praxis::searchd
