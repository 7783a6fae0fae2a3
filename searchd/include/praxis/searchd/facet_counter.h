// Counts facet values over a search's matches. Praxis's facet slots hold a
// case's values joined by schema::kFacetSeparator; this counts each slot's
// whole values with Xapian's own ValueCountMatchSpy (one per facet), then
// splits the joined values: a case with sectors a and b adds one to "a\x1fb",
// which becomes one for a and one for b, so each value is counted once per case. Using the
// built-in spy (rather than a MatchSpy of our own) keeps facets working on
// shards combined in one Database, remote ones (xapian-tcpsrv) included,
// since Xapian serialises and merges its spies.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/schema.h"

namespace praxis::searchd {

using ValueCounts = std::map<std::string, Xapian::doccount, std::less<>>;

class FacetCounter {
 public:
  explicit FacetCounter(const std::vector<schema::Facet>& facets);

  // Adds the spies to `enquire`; they count the documents its next
  // get_mset() checks. They count every match only if that pass checks every
  // match (seen() equals the exact match count), as count_matches() makes sure.
  void add_to(Xapian::Enquire& enquire) const;

  // Documents seen by the spies.
  Xapian::doccount seen() const;
  // Each value of `facet` and how many matches have it (empty for a facet
  // this counter does not count), each count multiplied by the scale.
  ValueCounts counts(schema::Facet facet) const;

  // The spies saw one match in `scale` (a sample): counts() estimates.
  void set_scale(double scale) { scale_ = scale; }
  bool exact() const { return scale_ == 1.0; }

 private:
  std::array<std::unique_ptr<Xapian::ValueCountMatchSpy>, schema::kFacetCount> spies_;
  double scale_ = 1.0;
};

}  // namespace praxis::searchd
