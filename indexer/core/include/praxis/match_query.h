// Phrases that only rank, dropped for counting: ("a b" OR (a b)) counts the
// same documents as (a b).
//
// QueryBuilder writes each multi-word synonym as the exact phrase OR its
// words in any inflection, so that the phrase ranks higher. Every document
// with the phrase also has the words, so the OR matches the same documents
// as the words alone. Xapian cannot know that: under OR it checks the
// phrase's positions in every document that has its words, and with common
// words ("city council", "regional authority") those checks made the facet
// pass, which visits every match, the slowest part of the slowest searches.
// The passes that only count (facets, totals, the "did you mean" check)
// run the query without those phrases; the ranked pass keeps them.
//
// (Rewriting the OR as (a b) AND_MAYBE "a b" for the ranked pass too would
// keep the weights, and did in most searches, but Xapian 1.4.22 then lost
// some documents that had the phrase from the top of the ranking.)
//
// The ranked pass replaces each such phrase by its phrase term when the
// index has one (schema::kPhrasePrefix, PhraseSet): a posting list read like
// any word's, instead of position checks in every document with the words.
#pragma once

#include <functional>
#include <string_view>

#include <xapian.h>

namespace praxis {

// `query` without each phrase that is ORed with a sibling every document
// matching the phrase must match: one of the phrase's terms, or an AND or OR
// of them, each as written or as "Z" + its stem under the same prefix.
// Parts it does not understand are left as they are.
Xapian::Query without_ranking_phrases(const Xapian::Query& query, const Xapian::Stem& stemmer);

// `query` with each of those phrases, when it is of unprefixed terms and
// `indexed` says so for its words joined by spaces, replaced by the phrase
// term. The same documents match.
Xapian::Query with_phrase_terms(const Xapian::Query& query, const Xapian::Stem& stemmer,
                                const std::function<bool(std::string_view)>& indexed);

}  // namespace praxis
