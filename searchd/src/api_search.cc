// GET /api/search
#include "api_json.h"

namespace praxis::searchd {

using nlohmann::json;

Response handle_search(const Service& s, const Request& r) {
  SearchParams p;
  if (auto bad = parse_params(s, r, kSearchParams, p)) return *bad;
  const SearchSettings settings = page_settings(p, s.options.snippet_chars, s.options.suggest_below, s.options.facet_sample);
  return with_searcher(s, [&](Searcher& searcher) {
    auto result = run_search(searcher, p, settings);
    if (!result.ok()) return status_response(result.status(), "q");
    const SearchResult& res = result.value();
    json hits = json::array();
    for (const auto& h : res.hits) hits.push_back(hit_json(h, true));
    const auto pages = (res.total + p.per_page - 1) / p.per_page;
    json body = {
        {"query", p.q},
        {"filters", filters_json(p)},
        {"sort", sort_name(res.sort)},
        {"total", res.total},
        {"total_exact", res.total_exact},
        {"page", p.page},
        {"per_page", p.per_page},
        {"pages", pages},
        {"hits", std::move(hits)},
    };
    body["facets"] = res.has_facets ? facets_json(res.facets, s.taxonomy, p.hl) : json(nullptr);
    body["facets_exact"] = res.facets_exact;
    body["suggestion"] = res.suggestion.empty() ? json(nullptr) : json(res.suggestion);
    return json_response(200, body);
  });
}

}  // namespace praxis::searchd
