// One search, from checked parameters to hits and facet counts, on one
// Searcher. No HTTP here: api_search.cc turns the result into JSON, the
// feed and export writers into their formats, and a benchmark can call
// run_search() directly.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "praxis/searchd/facet_counts.h"
#include "praxis/searchd/params.h"
#include "praxis/searchd/searcher.h"
#include "praxis/status.h"

namespace praxis::searchd {

struct Hit {
  Xapian::docid docid = 0;
  double weight = 0;
  int percent = 0;
  nlohmann::json meta;  // the stored metadata (see praxis::case_meta_json); {} if unreadable
  std::string snippet;  // HTML: escaped text with <mark> around matched words
};

struct SearchResult {
  Xapian::doccount total = 0;
  bool total_exact = true;
  std::vector<Hit> hits;
  bool has_facets = false;
  FacetCounts facets;
  bool facets_exact = true;  // false: estimated from a sample of the matches
  std::string suggestion;  // a corrected query, "" when none
  bool match_all = false;  // the query was empty (or only stopwords): browsing
  SortOrder sort = SortOrder::relevance;
};

struct SearchSettings {
  Xapian::doccount offset = 0;
  Xapian::doccount count = 10;
  bool facets = true;
  bool snippets = true;
  unsigned snippet_chars = 240;
  unsigned suggest_below = 3;  // look for a "did you mean" below this many results
  // Count facets (and the total) exactly up to about this many matches, from
  // a sample above (0: always exactly).
  Xapian::doccount facet_sample = kDefaultFacetSample;
  // Force an order regardless of params.sort (feeds: newest first).
  std::optional<SortOrder> sort;
};

// InvalidArgument (for the "q" parameter) when the query cannot be used.
Result<SearchResult> run_search(Searcher& searcher, const SearchParams& params, const SearchSettings& settings);

// The settings for /api/search's page of results.
SearchSettings page_settings(const SearchParams& params, unsigned snippet_chars, unsigned suggest_below,
                             Xapian::doccount facet_sample);

// A stored document's metadata, parsed ({} when the data is not Praxis's).
nlohmann::json document_meta(const Xapian::Document& doc);

}  // namespace praxis::searchd
