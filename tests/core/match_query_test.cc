#include "praxis/match_query.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/analysis/stemmer.h"

namespace praxis {
namespace {

using Q = Xapian::Query;

Q terms(Q::op op, const std::vector<std::string>& ts) { return Q(op, ts.begin(), ts.end()); }
Q phrase(const std::vector<std::string>& ts) {
  return Q(Q::OP_PHRASE, ts.begin(), ts.end(), static_cast<Xapian::termcount>(ts.size()));
}
Q any(const std::vector<Q>& qs) { return Q(Q::OP_OR, qs.begin(), qs.end()); }

std::string rewritten(const Q& q) { return without_ranking_phrases(q, analysis::make_stemmer()).get_description(); }

TEST(MatchQuery, DropsAPhraseOredWithItsWords) {
  const Q words = terms(Q::OP_AND, {"Zregion", "Zauthor"});
  EXPECT_EQ(rewritten(Q(Q::OP_OR, phrase({"regional", "authority"}), words)), words.get_description());
  // Under other operators, and beside other alternatives.
  const Q group = any({Q("Zregion"), phrase({"regional", "authority"}), words, Q("Zπεριφερε")});
  const Q want_group = any({Q("Zregion"), words, Q("Zπεριφερε")});
  EXPECT_EQ(rewritten(Q(Q::OP_AND, group, Q("Zcycl"))), Q(Q::OP_AND, want_group, Q("Zcycl")).get_description());
  // One of the phrase's words alone covers it too, and prefixes are kept apart.
  EXPECT_EQ(rewritten(Q(Q::OP_OR, phrase({"Sopen", "Sdata"}), Q("ZSopen"))), Q("ZSopen").get_description());
}

TEST(MatchQuery, KeepsPhrasesThatMatchDocumentsOfTheirOwn) {
  const std::vector<Q> kept = {
      // A sibling with a word the phrase does not have.
      Q(Q::OP_OR, phrase({"regional", "authority"}), terms(Q::OP_AND, {"Zregion", "Zcouncil"})),
      // The words under another prefix: title words do not cover a body phrase.
      Q(Q::OP_OR, phrase({"open", "data"}), terms(Q::OP_AND, {"ZSopen", "ZSdata"})),
      // Not an OR: the phrase filters.
      Q(Q::OP_AND, phrase({"open", "data"}), terms(Q::OP_AND, {"Zopen", "Zdata"})),
      // Two phrases: neither covers the other.
      Q(Q::OP_OR, phrase({"open", "data"}), phrase({"data", "open"})),
      // Under NEAR, whose window the rewrite could not rebuild.
      Q(Q::OP_NEAR, Q(Q::OP_OR, phrase({"open", "data"}), Q("Zopen")), Q("portal")),
  };
  for (const Q& q : kept) EXPECT_EQ(rewritten(q), q.get_description());
}

std::string with_terms(const Q& q, const std::vector<std::string>& indexed) {
  return with_phrase_terms(q, analysis::make_stemmer(), [&](std::string_view joined) {
           return std::find(indexed.begin(), indexed.end(), joined) != indexed.end();
         }).get_description();
}

TEST(MatchQuery, RanksWithThePhraseTermOfAnIndexedPhrase) {
  const Q words = terms(Q::OP_AND, {"Zregion", "Zauthor"});
  const Q group = any({Q("Zregion"), phrase({"regional", "authority"}), words});
  EXPECT_EQ(with_terms(Q(Q::OP_AND, group, Q("Zcycl")), {"regional authority"}),
            Q(Q::OP_AND, any({Q("Zregion"), Q("XPregional authority"), words}), Q("Zcycl")).get_description());
  // Three words.
  const Q three = terms(Q::OP_AND, {"Zopen", "Zdata", "Zportal"});
  EXPECT_EQ(with_terms(any({phrase({"open", "data", "portal"}), three}), {"open data portal"}),
            any({Q("XPopen data portal"), three}).get_description());
}

TEST(MatchQuery, KeepsPositionalPhrasesWithoutAPhraseTerm) {
  const std::vector<Q> kept = {
      // Not in the index's phrase set.
      Q(Q::OP_OR, phrase({"regional", "authority"}), terms(Q::OP_AND, {"Zregion", "Zauthor"})),
      // Prefixed words: phrase terms are made from the unprefixed text only.
      Q(Q::OP_OR, phrase({"Sopen", "Sdata"}), Q("ZSopen")),
      // A phrase that matches on its own (the user's "open data") is never replaced.
      Q(Q::OP_AND, phrase({"open", "data"}), Q("Zportal")),
  };
  for (const Q& q : kept) EXPECT_EQ(with_terms(q, {"open data", "sopen sdata"}), q.get_description());
}

}  // namespace
}  // namespace praxis
