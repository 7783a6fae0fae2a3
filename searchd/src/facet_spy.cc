#include "praxis/searchd/facet_spy.h"

namespace praxis::searchd {

FacetSpy::FacetSpy(std::vector<schema::Facet> facets) : facets_(std::move(facets)) {}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++seen_;
  // get_value() per slot, not values_begin(): the matcher hands spies a
  // document that reads values from the value streams, and iterating all its
  // values returns the first document's values again for later ones.
  for (const schema::Facet f : facets_) {
    const std::string joined = doc.get_value(schema::facet_info(f).slot);
    if (joined.empty()) continue;
    ValueCounts& counts = counts_[static_cast<std::size_t>(f)];
    for (const std::string_view v : schema::split_facet_values(joined)) {
      if (v.empty()) continue;
      if (auto found = counts.find(v); found != counts.end()) {
        ++found->second;
      } else {
        counts.emplace(std::string(v), 1);
      }
    }
  }
}

Xapian::MatchSpy* FacetSpy::clone() const { return new FacetSpy(facets_); }

}  // namespace praxis::searchd
