#include "praxis/searchd/facet_counts.h"

#include <algorithm>

namespace praxis::searchd {

using schema::Facet;

Xapian::doccount count_matches(const Xapian::Database& db, const Xapian::Query& query, const FacetCounter& counter) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
  counter.add_to(enquire);
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
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
  FacetCounter drafts(all);
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
                         const SearchParams& params, const QueryFilters& filters, const FacetCounter* main_counter) {
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
    const FacetCounter counter({info.facet});
    count_matches(db, filters.apply(query, info.facet), counter);
    out[i] = to_facet_values(info.facet, counter.counts(info.facet), params.values(info.facet));
  }
  return out;
}

}  // namespace praxis::searchd
