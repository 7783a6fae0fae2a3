#include "praxis/searchd/labels.h"

namespace praxis::searchd {

using schema::Facet;

const Vocabulary* facet_vocabulary(const Taxonomy& t, Facet f) {
  switch (f) {
    case Facet::sector: return &t.sectors();
    case Facet::outcome: return &t.outcomes();
    case Facet::level: return &t.levels();
    case Facet::status: return &t.statuses();
    case Facet::evidence: return &t.evidence();
    case Facet::lang: return &t.languages();
    default: return nullptr;
  }
}

Label facet_label(const Taxonomy* taxonomy, Facet facet, std::string_view value) {
  if (taxonomy) {
    if (const Vocabulary* vocab = facet_vocabulary(*taxonomy, facet)) {
      if (const VocabularyEntry* e = vocab->find(value)) return e->label;
    } else if (facet == Facet::region || facet == Facet::country) {
      if (auto name = taxonomy->region_name(value)) return *name;
    }
  }
  return Label{std::string(value), std::string(value)};
}

}  // namespace praxis::searchd
