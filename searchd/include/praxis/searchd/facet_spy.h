// A MatchSpy for Praxis's facet slots, which hold several values joined by
// schema::kFacetSeparator (Xapian's ValueCountMatchSpy counts a slot's whole
// value). One spy counts several facets in one pass over the matches.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/schema.h"

namespace praxis::searchd {

using ValueCounts = std::map<std::string, Xapian::doccount, std::less<>>;

class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(std::vector<schema::Facet> facets);

  void operator()(const Xapian::Document& doc, double weight) override;
  Xapian::MatchSpy* clone() const override;
  std::string name() const override { return "praxis.FacetSpy"; }

  // Documents seen, and the count of each value of `facet` among them
  // (empty for a facet this spy does not count).
  Xapian::doccount seen() const { return seen_; }
  const ValueCounts& counts(schema::Facet facet) const { return counts_[static_cast<std::size_t>(facet)]; }

 private:
  std::vector<schema::Facet> facets_;
  std::array<ValueCounts, schema::kFacetCount> counts_;
  Xapian::doccount seen_ = 0;
};

}  // namespace praxis::searchd
