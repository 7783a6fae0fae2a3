// JSON shapes shared by several endpoints (private to praxis_search).
#pragma once

#include <nlohmann/json.hpp>

#include "praxis/searchd/api.h"
#include "praxis/searchd/search.h"

namespace praxis::searchd {

// A result: {"id","title","summary","snippet","lang","sector","region",
// "country","year","outcome","level","status","evidence","updated","score","url"}.
nlohmann::json hit_json(const Hit& hit, bool with_snippet);
// "facets": {"sector": [{"value","label","count","selected"}], …}.
nlohmann::json facets_json(const FacetCounts& facets, const Taxonomy* taxonomy, std::string_view hl);
// The selected filters, as given back in responses.
nlohmann::json filters_json(const SearchParams& p);
// Parses the parameters of a search-like endpoint, or the 400 to send.
std::optional<Response> parse_params(const Service& s, const Request& r, unsigned accepted, SearchParams& out);

}  // namespace praxis::searchd
