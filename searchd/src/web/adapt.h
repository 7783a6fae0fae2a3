// From the searcher's structures (searchd/search.h, the stored metadata
// JSON) to the page views (views.h), with every label in the page's
// language. Plain functions: no HTTP, and the Searcher is only read.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "praxis/searchd/params.h"
#include "praxis/searchd/search.h"
#include "praxis/searchd/searcher.h"
#include "praxis/taxonomy.h"
#include "praxis/status.h"
#include "web/locale.h"
#include "web/views.h"

namespace praxis::web {

// A case in a list, from a hit's stored metadata.
CaseCard card_from_meta(const nlohmann::json& meta, const std::string& snippet_html, const Taxonomy* taxonomy,
                        const Locale& locale);

// The state of the URL, from checked parameters (canonical spellings).
// `default_per_page` is left out of links.
SearchState state_from_params(const searchd::SearchParams& params, unsigned default_per_page);

// The results page of one search.
ResultsView results_view(const searchd::SearchResult& result, const searchd::SearchParams& params,
                         unsigned default_per_page, const Taxonomy* taxonomy, const Locale& locale);

// The home page: corpus counts per sector, region and year, and the newest cases.
Result<HomeView> home_view(searchd::Searcher& searcher, const Taxonomy* taxonomy, const Locale& locale,
                           unsigned newest_count = 6);

// A case page from its stored metadata and Markdown body; `related` from
// searchd::related_cases().
CaseView case_view(const nlohmann::json& meta, const std::string& markdown, const std::vector<searchd::Hit>& related,
                   const Taxonomy* taxonomy, const Locale& locale);

}  // namespace praxis::web
