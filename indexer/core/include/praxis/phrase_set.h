// The multi-word synonyms that the indexer marks as phrase terms
// (schema::kPhrasePrefix) and searchd ranks with instead of a positional
// phrase check.
//
// A phrase is kept as its words joined by one space, the words split from the
// normalised synonym exactly as the indexer splits text (analysis::
// for_each_word), so "Δημοτικό  Συμβούλιο" is "δημοτικο συμβουλιο". Only
// phrases of 2 to kMaxWords words are kept: the query builder looks synonym
// keys up over at most four words.
//
// The set is stored in the index (schema::kPhrasesKey), so that searchd uses
// a phrase term only for a phrase the documents were indexed with, and the
// indexer rebuilds when the set changes.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "praxis/synonyms.h"

namespace praxis {

class PhraseSet {
 public:
  static constexpr std::size_t kMaxWords = 4;

  PhraseSet() = default;
  // Every multi-word entry of the groups.
  static PhraseSet from_synonyms(const SynonymGroups& groups);
  // Back from serialise(); unknown lines (too many words) are skipped.
  static PhraseSet parse(std::string_view serialised);

  // The phrases in byte order, one per line: the same set gives the same text.
  std::string serialise() const;

  bool empty() const { return phrases_.empty(); }
  std::size_t size() const { return phrases_.size(); }
  // `joined` is words joined by single spaces.
  bool contains(std::string_view joined) const { return phrases_.find(joined) != phrases_.end(); }
  // Whether some phrase ends with this word: the cheap test made for every
  // word of a document before any phrase is put together.
  bool ends_a_phrase(std::string_view word) const { return last_words_.find(word) != last_words_.end(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;

  void add(std::string_view normalized);

  Set phrases_;
  Set last_words_;
};

}  // namespace praxis
