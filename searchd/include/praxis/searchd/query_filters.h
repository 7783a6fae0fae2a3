// The filter side of a search: one boolean Query per facet with a selection
// (OR of its values' terms; the year facet also takes year_from/year_to as a
// value range), AND across facets, drafts always excluded. apply() can leave
// one facet's filter out, which is how each facet's counts ignore its own
// selection.
#pragma once

#include <array>
#include <optional>

#include <xapian.h>

#include "praxis/schema.h"
#include "praxis/searchd/params.h"

namespace praxis::searchd {

class QueryFilters {
 public:
  explicit QueryFilters(const SearchParams& params);

  // `query` filtered by every facet selection except `skip`'s, without drafts.
  Xapian::Query apply(const Xapian::Query& query, std::optional<schema::Facet> skip = std::nullopt) const;
  bool active(schema::Facet f) const { return filters_[static_cast<std::size_t>(f)].has_value(); }
  bool any() const;

 private:
  std::array<std::optional<Xapian::Query>, schema::kFacetCount> filters_;
};

// Every public document: everything but drafts.
Xapian::Query without_drafts(const Xapian::Query& query);

}  // namespace praxis::searchd
