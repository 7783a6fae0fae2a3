// Related cases through Xapian's relevance feedback: the case itself is the
// relevant set, its expand set (the words that best tell it apart from the
// corpus, boolean and field-prefixed terms left out) becomes an OR query,
// and cases sharing one of its sectors are weighed up (a fixed weight per
// shared sector, OR'ed in, so same-sector cases also fill a short list). The
// case itself and drafts never appear.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "praxis/searchd/search.h"

namespace praxis::searchd {

// The public (non-draft) document with this case id.
std::optional<Xapian::docid> find_case(const Xapian::Database& db, std::string_view case_id);

struct RelatedSettings {
  unsigned count = 5;
  unsigned expand_terms = 24;  // words taken from the case's expand set
  double sector_boost = 2.0;   // weight added per shared sector
};

std::vector<Hit> related_cases(const Xapian::Database& db, Xapian::docid docid, const RelatedSettings& settings);

// The expand-set words (for tests and for explaining a result).
std::vector<std::string> expand_terms(const Xapian::Database& db, Xapian::docid docid, unsigned count);

}  // namespace praxis::searchd
