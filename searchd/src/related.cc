#include "praxis/searchd/related.h"

#include "praxis/schema.h"
#include "praxis/searchd/query_filters.h"

namespace praxis::searchd {

std::optional<Xapian::docid> find_case(const Xapian::Database& db, std::string_view case_id) {
  const std::string term = schema::id_term(case_id);
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  const Xapian::docid did = *it;
  // A draft is not public: as if it did not exist.
  const std::string draft(schema::kDraftTerm);
  auto d = db.postlist_begin(draft);
  if (d != db.postlist_end(draft)) {
    d.skip_to(did);
    if (d != db.postlist_end(draft) && *d == did) return std::nullopt;
  }
  return did;
}

namespace {

// Plain words only: no field-prefixed, boolean or stemmed ("Z…") terms, no
// numbers, nothing shorter than three bytes.
class PlainWords : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    if (term[0] >= 'A' && term[0] <= 'Z') return false;
    return term.find_first_not_of("0123456789.,") != std::string::npos;
  }
};

}  // namespace

std::vector<std::string> expand_terms(const Xapian::Database& db, Xapian::docid docid, unsigned count) {
  Xapian::Enquire enquire(db);
  Xapian::RSet rset;
  rset.add_document(docid);
  PlainWords decider;
  // Exact term frequencies: with shards, Xapian would otherwise estimate them
  // per shard, and the words (and so the related cases) would differ from
  // those of the same corpus in one index.
  const Xapian::ESet eset = enquire.get_eset(count, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<std::string> out;
  for (auto it = eset.begin(); it != eset.end(); ++it) out.push_back(*it);
  return out;
}

std::vector<Hit> related_cases(const Xapian::Database& db, Xapian::docid docid, const RelatedSettings& settings) {
  std::vector<Hit> hits;
  const std::vector<std::string> words = expand_terms(db, docid, settings.expand_terms);
  if (words.empty()) return hits;
  Xapian::Query query(Xapian::Query::OP_OR, words.begin(), words.end());

  // Same sector weighs more: a fixed weight for each sector shared.
  const Xapian::Document doc = db.get_document(docid);
  std::vector<Xapian::Query> boosts;
  const std::string sectors = doc.get_value(schema::facet_info(schema::Facet::sector).slot);
  for (const std::string_view s : schema::split_facet_values(sectors)) {
    if (s.empty()) continue;
    auto* fixed = new Xapian::FixedWeightPostingSource(settings.sector_boost);
    Xapian::Query weight(fixed->release());
    boosts.emplace_back(Xapian::Query::OP_FILTER, weight, Xapian::Query(schema::facet_term(schema::Facet::sector, s)));
  }
  // OR, not AND_MAYBE: a case of the same sector that shares none of the
  // words still fills the list, after those that do.
  if (!boosts.empty())
    query = Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
  const std::string self = schema::id_term(
      document_meta(doc).value("id", std::string()));
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(self));
  query = without_drafts(query);

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, settings.count + 1);
  for (auto it = mset.begin(); it != mset.end() && hits.size() < settings.count; ++it) {
    if (*it == docid) continue;  // also when the id term was missing
    Hit h;
    h.docid = *it;
    h.weight = it.get_weight();
    h.percent = it.get_percent();
    h.meta = document_meta(it.get_document());
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace praxis::searchd
