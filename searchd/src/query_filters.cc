#include "praxis/searchd/query_filters.h"

#include <string>
#include <vector>

namespace praxis::searchd {

using schema::Facet;

Xapian::Query without_drafts(const Xapian::Query& query) {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(std::string(schema::kDraftTerm)));
}

QueryFilters::QueryFilters(const SearchParams& params) {
  for (const auto& info : schema::kFacets) {
    const auto& values = params.values(info.facet);
    std::vector<Xapian::Query> terms;
    terms.reserve(values.size());
    for (const auto& v : values) terms.emplace_back(schema::facet_term(info.facet, v));
    std::optional<Xapian::Query> q;
    if (!terms.empty()) q = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    if (info.facet == Facet::year && (params.year_from || params.year_to)) {
      // Year 0 means "unknown": never inside a range.
      const double from = params.year_from ? *params.year_from : 1;
      const double to = params.year_to ? *params.year_to : 9999;
      Xapian::Query range(Xapian::Query::OP_VALUE_RANGE, schema::SLOT_YEAR, Xapian::sortable_serialise(from),
                          Xapian::sortable_serialise(to));
      q = q ? Xapian::Query(Xapian::Query::OP_AND, *q, range) : range;
    }
    filters_[static_cast<std::size_t>(info.facet)] = std::move(q);
  }
}

bool QueryFilters::any() const {
  for (const auto& f : filters_)
    if (f) return true;
  return false;
}

Xapian::Query QueryFilters::apply(const Xapian::Query& query, std::optional<Facet> skip) const {
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < filters_.size(); ++i)
    if (filters_[i] && !(skip && static_cast<std::size_t>(*skip) == i)) parts.push_back(*filters_[i]);
  Xapian::Query q = query;
  if (!parts.empty())
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
  return without_drafts(q);
}

}  // namespace praxis::searchd
