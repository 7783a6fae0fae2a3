#include "praxis/searchd/facet_counter.h"

#include <cmath>

namespace praxis::searchd {

FacetCounter::FacetCounter(const std::vector<schema::Facet>& facets) {
  for (const schema::Facet f : facets)
    spies_[static_cast<std::size_t>(f)] = std::make_unique<Xapian::ValueCountMatchSpy>(schema::facet_info(f).slot);
}

void FacetCounter::add_to(Xapian::Enquire& enquire) const {
  for (const auto& spy : spies_)
    if (spy) enquire.add_matchspy(spy.get());
}

Xapian::doccount FacetCounter::seen() const {
  for (const auto& spy : spies_)
    if (spy) return static_cast<Xapian::doccount>(spy->get_total());
  return 0;
}

ValueCounts FacetCounter::counts(schema::Facet facet) const {
  ValueCounts out;
  const auto& spy = spies_[static_cast<std::size_t>(facet)];
  if (!spy) return out;
  for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
    const std::string joined = *it;
    const auto n = static_cast<Xapian::doccount>(std::lround(it.get_termfreq() * scale_));
    for (const std::string_view v : schema::split_facet_values(joined)) {
      if (v.empty()) continue;
      if (auto found = out.find(v); found != out.end()) {
        found->second += n;
      } else {
        out.emplace(std::string(v), n);
      }
    }
  }
  return out;
}

}  // namespace praxis::searchd
