// Query-string parameters of the search-like endpoints, parsed and checked in
// one place. Every problem is a ParamError naming the parameter, which the
// handlers turn into a 400 {"error":{"param","message"}}.
//
// Facet parameters may repeat ("sector=a&sector=b") or list values with
// commas ("sector=a,b"): OR within a facet, AND across facets. Values are
// checked against the taxonomy when one is loaded (with a "did you mean").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/schema.h"
#include "praxis/searchd/http_types.h"

namespace praxis {
class Taxonomy;
}

namespace praxis::searchd {

struct Options;

enum class SortOrder { relevance, year, updated };
std::string_view sort_name(SortOrder s);

struct SearchParams {
  std::string q;
  // Selected values per facet (indexed by schema::Facet), canonical spelling:
  // vocabulary ids lowercase, region and country codes uppercase.
  std::array<std::vector<std::string>, schema::kFacetCount> facets;
  std::optional<int> year_from, year_to;
  SortOrder sort = SortOrder::relevance;  // resolved: an empty q sorts by `updated`
  bool sort_given = false;
  unsigned page = 1;
  unsigned per_page = 10;
  std::string hl = "el";  // language of facet labels ("el" | "en")
  bool want_facets = true;

  const std::vector<std::string>& values(schema::Facet f) const { return facets[static_cast<std::size_t>(f)]; }
  bool has_filters() const;
  // A filter on the year facet: year=, year_from= or year_to=.
  bool has_year_filter() const;
};

struct ParamError {
  std::string param;
  std::string message;
};

// Which parameters an endpoint takes; any other parameter is an error.
enum ParamSet : unsigned {
  kQuery = 1u << 0,    // q
  kFilters = 1u << 1,  // facets, year_from, year_to
  kSort = 1u << 2,     // sort
  kPaging = 1u << 3,   // page, per_page
  kLabels = 1u << 4,   // hl
  kFacetToggle = 1u << 5,  // facets=true|false
  kSearchParams = kQuery | kFilters | kSort | kPaging | kLabels | kFacetToggle,
};

struct ParamLimits {
  std::size_t max_query_bytes = 1024;
  std::size_t max_query_words = 64;
  unsigned default_per_page = 10;
  unsigned max_per_page = 100;
  unsigned result_window = 10000;
  unsigned max_facet_values = 32;
};
ParamLimits param_limits(const Options& o);

// Parses `params` into `out`. `taxonomy` may be null (values are then only
// checked for shape). Returns the first problem, if any. An empty value is
// the same as leaving the parameter out (what an empty HTML form field sends).
// The query's word limit and syntax are checked later, by the QueryBuilder.
std::optional<ParamError> parse_search_params(const Params& params, unsigned accepted, const ParamLimits& limits,
                                              const Taxonomy* taxonomy, SearchParams& out);

// ---- Building blocks, exposed for tests.
// A decimal number in [min, max] with nothing else around it ("+1", " 1",
// "1.0", "0x1" and overflow are all refused).
std::optional<std::int64_t> parse_integer(std::string_view s, std::int64_t min, std::int64_t max);
// Valid UTF-8 without control characters (tab, newline and CR are allowed
// when `allow_whitespace`).
std::optional<std::string> check_text(std::string_view s, bool allow_whitespace);

}  // namespace praxis::searchd
