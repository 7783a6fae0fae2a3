#include "praxis/match_query.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "praxis/schema.h"

namespace praxis {
namespace {

using Op = Xapian::Query::op;

// Operators rebuilt from their subqueries alone: they carry no parameter
// (unlike NEAR's window or SCALE_WEIGHT's factor) that the 1.4 API could not
// give back. Subtrees under other operators are kept whole.
bool rebuildable(Op op) {
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> leaf_term(const Xapian::Query& q) {
  if (q.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
  auto t = q.get_terms_begin();
  if (t == q.get_terms_end()) return std::nullopt;
  return *t;
}

// The terms every document matching `phrase` has: each term of the phrase,
// and "Z" + prefix + stem for it (the indexer adds both). Empty if `phrase`
// is not a phrase of plain terms.
std::set<std::string> implied_terms(const Xapian::Query& phrase, const Xapian::Stem& stemmer) {
  std::set<std::string> out;
  if (phrase.get_type() != Xapian::Query::OP_PHRASE) return out;
  for (std::size_t i = 0; i < phrase.get_num_subqueries(); ++i) {
    const auto term = leaf_term(phrase.get_subquery(i));
    if (!term) return {};
    out.insert(*term);
    std::size_t prefix = 0;  // Xapian's convention: a run of capitals
    while (prefix < term->size() && (*term)[prefix] >= 'A' && (*term)[prefix] <= 'Z') ++prefix;
    const std::string stem = stemmer(term->substr(prefix));
    if (!stem.empty()) out.insert("Z" + term->substr(0, prefix) + stem);
  }
  return out;
}

// True when every document matching a query with `implied` terms matches
// `q`: q is one of those terms, or an AND or OR of them.
bool covers(const Xapian::Query& q, const std::set<std::string>& implied) {
  if (implied.empty()) return false;
  if (const auto term = leaf_term(q)) return implied.count(*term) > 0;
  const Op op = q.get_type();
  if ((op != Xapian::Query::OP_AND && op != Xapian::Query::OP_OR) || q.get_num_subqueries() == 0) return false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const auto term = leaf_term(q.get_subquery(i));
    if (!term || implied.count(*term) == 0) return false;
  }
  return true;
}

// What becomes of a phrase that only ranks: nullopt drops it.
using PhraseAction = std::function<std::optional<Xapian::Query>(const Xapian::Query& phrase)>;

// Sets `changed` when the result differs from `q`.
Xapian::Query rewrite(const Xapian::Query& q, const Xapian::Stem& stemmer, const PhraseAction& action, bool& changed) {
  const Op op = q.get_type();
  if (!rebuildable(op)) return q;
  std::vector<Xapian::Query> subs;
  bool changed_below = false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    subs.push_back(rewrite(q.get_subquery(i), stemmer, action, changed_below));
  bool dropped_here = false;
  if (op == Xapian::Query::OP_OR) {
    // Each phrase that a sibling covers only ranks.
    std::vector<Xapian::Query> kept;
    for (std::size_t p = 0; p < subs.size(); ++p) {
      const auto implied = implied_terms(subs[p], stemmer);
      bool covered = false;
      for (std::size_t w = 0; w < subs.size() && !implied.empty() && !covered; ++w)
        covered = w != p && subs[w].get_type() != Xapian::Query::OP_PHRASE && covers(subs[w], implied);
      std::optional<Xapian::Query> instead = covered ? action(subs[p]) : subs[p];
      if (covered) dropped_here = true;
      if (instead) kept.push_back(std::move(*instead));
    }
    subs.swap(kept);
  }
  if (!changed_below && !dropped_here) return q;
  changed = true;
  if (subs.size() == 1 && op == Xapian::Query::OP_OR) return subs.front();
  return Xapian::Query(op, subs.begin(), subs.end());
}

}  // namespace

Xapian::Query without_ranking_phrases(const Xapian::Query& query, const Xapian::Stem& stemmer) {
  bool changed = false;
  return rewrite(query, stemmer, [](const Xapian::Query&) { return std::optional<Xapian::Query>(); }, changed);
}

Xapian::Query with_phrase_terms(const Xapian::Query& query, const Xapian::Stem& stemmer,
                                const std::function<bool(std::string_view)>& indexed) {
  bool changed = false;
  std::string joined;
  return rewrite(query, stemmer, [&](const Xapian::Query& phrase) -> std::optional<Xapian::Query> {
    joined.clear();
    for (std::size_t i = 0; i < phrase.get_num_subqueries(); ++i) {
      const auto term = leaf_term(phrase.get_subquery(i));
      if (!term || term->empty() || ((*term)[0] >= 'A' && (*term)[0] <= 'Z')) return phrase;  // prefixed: keep it
      if (!joined.empty()) joined += ' ';
      joined += *term;
    }
    if (!indexed(joined)) return phrase;
    return Xapian::Query(schema::phrase_term(joined));
  }, changed);
}

}  // namespace praxis
