#include "praxis/searchd/facet_counts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace praxis::searchd {

using schema::Facet;

namespace {

// One unweighted pass over the matches of `query`, in the sample buckets
// [from, to) (all of them: every match); `counter`'s spies add up what it sees.
Xapian::doccount count_pass(const Xapian::Database& db, const Xapian::Query& query, const FacetCounter& counter,
                            unsigned from, unsigned to) {
  Xapian::Enquire enquire(db);
  if (from == 0 && to == schema::kSampleBuckets) {
    enquire.set_query(query);
  } else {
    std::vector<Xapian::Query> terms;
    terms.reserve(to - from);
    for (unsigned b = from; b < to; ++b) terms.emplace_back(schema::sample_bucket_term(b));
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
  }
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  counter.add_to(enquire);
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

// The buckets that would hold `wanted` documents at `per_bucket` each; all
// of them when that is half or more (a filter over most buckets would save
// little against its own cost).
unsigned buckets_holding(double wanted, double per_bucket) {
  constexpr unsigned kAll = schema::kSampleBuckets;
  const double n = std::ceil(wanted / std::max(per_bucket, 1e-9));
  return n >= kAll / 2 ? kAll : std::max(1u, static_cast<unsigned>(n));
}

}  // namespace

Counted count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetCounter& counter,
                      Xapian::doccount sample) {
  constexpr unsigned kAll = schema::kSampleBuckets;
  unsigned buckets = kAll, most = kAll;
  if (sample > 0) {
    // A pass costs about one step per candidate document (one that has the
    // words; a phrase then checks their positions), and Xapian's upper bound
    // on the matches, from term statistics alone, bounds the candidates. A
    // pass visits at most about kCandidatesPerSample * `sample` of them; the
    // first visits about `sample` ...
    Xapian::Enquire bound(db);
    bound.set_query(query);
    bound.set_weighting_scheme(Xapian::BoolWeight());
    const double candidates = bound.get_mset(0, 0).get_matches_upper_bound();
    const double budget = static_cast<double>(kCandidatesPerSample) * sample;
    if (candidates > budget) {
      buckets = buckets_holding(sample, candidates / kAll);
      most = buckets_holding(budget, candidates / kAll);
    }
  }
  Xapian::doccount seen = count_pass(db, query, counter, 0, buckets);
  if (buckets < kAll && seen < sample / 2) {
    // ... and when few of them matched (a phrase of common words), a second
    // pass adds the buckets that hold the rest of the sample at the rate
    // seen, within the budget.
    const unsigned more =
        std::max(buckets + 1, std::min(most, buckets_holding(sample, static_cast<double>(seen) / buckets)));
    seen += count_pass(db, query, counter, buckets, more);
    buckets = more;
  }
  if (buckets == kAll) {
    counter.set_scale(1.0);
    return {seen, true};
  }
  const double scale = static_cast<double>(kAll) / buckets;
  counter.set_scale(scale);
  return {static_cast<Xapian::doccount>(std::lround(seen * scale)), false};
}

namespace {

std::string canonical_value(Facet f, std::string_view term_value) {
  std::string v(term_value);
  if (f == Facet::region || f == Facet::country)
    for (char& c : v)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return v;
}

}  // namespace

AllValueCounts corpus_counts(const Xapian::Database& db) {
  AllValueCounts out;
  // Term frequencies count drafts too; drafts are few, so count theirs by a pass.
  std::vector<Facet> all;
  for (const auto& info : schema::kFacets) all.push_back(info.facet);
  FacetCounter drafts(all);  // counted exactly: drafts are few
  const std::string draft_term(schema::kDraftTerm);
  if (db.term_exists(draft_term)) count_matches(db, Xapian::Query(draft_term), drafts);
  AllValueCounts draft_counts;
  for (const auto& info : schema::kFacets)
    draft_counts[static_cast<std::size_t>(info.facet)] = drafts.counts(info.facet);

  for (const auto& info : schema::kFacets) {
    const std::string prefix(info.prefix);
    ValueCounts& counts = out[static_cast<std::size_t>(info.facet)];
    const ValueCounts& drafted = draft_counts[static_cast<std::size_t>(info.facet)];
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      const std::string value = canonical_value(info.facet, std::string_view(*t).substr(prefix.size()));
      Xapian::doccount n = t.get_termfreq();
      if (auto d = drafted.find(value); d != drafted.end()) n = n > d->second ? n - d->second : 0;
      if (n > 0) counts[value] += n;
    }
  }
  return out;
}

std::vector<Facet> unselected_facets(const QueryFilters& filters) {
  std::vector<Facet> out;
  for (const auto& info : schema::kFacets)
    if (!filters.active(info.facet)) out.push_back(info.facet);
  return out;
}

std::vector<FacetValue> to_facet_values(Facet facet, const ValueCounts& counts,
                                        const std::vector<std::string>& selected) {
  std::vector<FacetValue> out;
  out.reserve(counts.size() + selected.size());
  for (const auto& [value, n] : counts) {
    const bool sel = std::find(selected.begin(), selected.end(), value) != selected.end();
    out.push_back({value, n, sel});
  }
  for (const auto& s : selected)
    if (counts.find(s) == counts.end()) out.push_back({s, 0, true});
  if (facet == Facet::year) {
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.value.size() != b.value.size() ? a.value.size() > b.value.size() : a.value > b.value;
    });
  } else {
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }
  return out;
}

FacetCounts count_facets(const Xapian::Database& db, const Xapian::Query& query, bool match_all,
                         const SearchParams& params, const QueryFilters& filters, const FacetCounter* main_counter,
                         Xapian::doccount sample, bool& exact) {
  FacetCounts out;
  if (match_all && !filters.any()) {
    const AllValueCounts all = corpus_counts(db);
    for (const auto& info : schema::kFacets)
      out[static_cast<std::size_t>(info.facet)] =
          to_facet_values(info.facet, all[static_cast<std::size_t>(info.facet)], params.values(info.facet));
    return out;
  }
  for (const auto& info : schema::kFacets) {
    const auto i = static_cast<std::size_t>(info.facet);
    if (!filters.active(info.facet)) {
      if (main_counter)
        out[i] = to_facet_values(info.facet, main_counter->counts(info.facet), params.values(info.facet));
      continue;
    }
    FacetCounter counter({info.facet});
    if (!count_matches(db, filters.apply(query, info.facet), counter, sample).exact) exact = false;
    out[i] = to_facet_values(info.facet, counter.counts(info.facet), params.values(info.facet));
  }
  return out;
}

}  // namespace praxis::searchd
