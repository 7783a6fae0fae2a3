// Facet counts for the current query (estimated from a sample of a large
// result set, see count_matches): every facet counts the
// documents that match the query and the other facets' selections (not its
// own, so a user sees what choosing another value would give). Facets without
// a selection are counted in one pass over the matches (which also gives the
// exact total); each facet with a selection takes one more pass with its own
// filter left out.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/schema.h"
#include "praxis/searchd/facet_counter.h"
#include "praxis/searchd/params.h"
#include "praxis/searchd/query_filters.h"

namespace praxis::searchd {

struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
  bool selected = false;
};
using FacetCounts = std::array<std::vector<FacetValue>, schema::kFacetCount>;
using AllValueCounts = std::array<ValueCounts, schema::kFacetCount>;

// A counting pass over a large result set samples: it visits only the
// matches in some of the schema::kSampleBuckets buckets, enough to see about
// this many of them, and scales what it counts. A pass over every match costs
// in proportion to the matches; a sample of a few thousand puts each value's
// share within a few percent (docs/design.md, "Counting large result sets").
inline constexpr Xapian::doccount kDefaultFacetSample = 4000;
// A counting pass visits at most about this many candidate documents (those
// with the query's words) per match of the sample: a phrase of common words
// that few candidates match is estimated from fewer matches rather than
// checked everywhere.
inline constexpr unsigned kCandidatesPerSample = 4;

struct Counted {
  Xapian::doccount matches = 0;
  bool exact = true;  // false: estimated from a sample
};

// Runs `query` over its matches, unweighted, with `counter`'s spies: every
// match when `sample` is 0, when Xapian's upper bound on the matches is
// within kCandidatesPerSample * `sample`, or when the sample would need half
// the buckets or more; else a sample of about `sample` / 2 matches or more
// (fewer only when the candidate budget runs out first), and `counter`
// scales its counts.
Counted count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetCounter& counter,
                      Xapian::doccount sample = 0);

// Counts over every public document (drafts excluded), from term frequencies:
// no pass over the documents, so browsing a large corpus stays cheap.
AllValueCounts corpus_counts(const Xapian::Database& db);

// The facets a search's own pass must count: those without a selection.
std::vector<schema::Facet> unselected_facets(const QueryFilters& filters);

// Completes the counts of a search. `main_counter` ran over the search's matches
// (counting unselected_facets()); `match_all` says the query was empty.
// `exact` becomes false when a pass sampled (see count_matches).
FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query, bool match_all,
                         const SearchParams& params, const QueryFilters& filters, const FacetCounter* main_counter,
                         Xapian::doccount sample, bool& exact);

// Values in display order (count descending, then value; years newest first),
// with the selected values marked and present even when they count zero.
std::vector<FacetValue> to_facet_values(schema::Facet facet, const ValueCounts& counts,
                                        const std::vector<std::string>& selected);

}  // namespace praxis::searchd
