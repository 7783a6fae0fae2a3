// Human names of facet values, in Greek and English, from the taxonomy
// (vocabularies) and iso-codes (regions, countries). Without a taxonomy, or
// for values without a name (years, source names), the value itself.
#pragma once

#include <string_view>

#include "praxis/schema.h"
#include "praxis/taxonomy.h"

namespace praxis::searchd {

Label facet_label(const Taxonomy* taxonomy, schema::Facet facet, std::string_view value);

// The vocabulary behind a facet, or null (region, country, source, year).
const Vocabulary* facet_vocabulary(const Taxonomy& taxonomy, schema::Facet facet);

}  // namespace praxis::searchd
