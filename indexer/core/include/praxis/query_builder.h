// From what a user typed to a Xapian::Query, with the same analysis the
// indexer used: normalisation (accents, case, final sigma), script-aware
// stemming, Greeklish (Latin letters reaching Greek words that exist in the
// index), synonym groups (read from the index's synonym table) and the query
// syntax — words, "phrases", AND/OR/NOT, prefix*, field:value.
//
// One QueryBuilder per thread (it holds a QueryParser and a stemmer); the
// database it is given must outlive it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "praxis/analysis/snippet.h"
#include "praxis/status.h"

namespace praxis {

struct ParsedQuery {
  Xapian::Query query;     // MatchAll when the user query is empty; synonym phrases the index
                           // marks are phrase terms here (match_query.h)
  Xapian::Query match_query;  // the same matches without parts that only rank (match_query.h):
                              // for passes that count matches, unweighted
  bool match_all = false;  // the query was empty: browse
  std::string rewritten;   // what was given to the QueryParser (for logs and tests)
  std::vector<std::string> wildcard_prefixes;  // normalised "prefix" of each prefix*
};

struct QueryLimits {
  std::size_t max_bytes = 1024;       // longer queries are refused
  std::size_t max_words = 64;         // more words are refused
  Xapian::termcount max_wildcard = 200;  // terms one prefix* may expand to
  Xapian::termcount max_wildcard_total = 200;  // terms all the prefix* of one query expand to together
                                               // (each gets its share)
  std::size_t max_wildcards = 4;      // more prefix* in one query are refused (each scans the lexicon)
  std::size_t max_greeklish = 4;      // Greek readings added per Latin word
};

class QueryBuilder {
 public:
  explicit QueryBuilder(const Xapian::Database& db, QueryLimits limits = {});
  ~QueryBuilder();
  QueryBuilder(const QueryBuilder&) = delete;
  QueryBuilder& operator=(const QueryBuilder&) = delete;

  // InvalidArgument for a query that is too long, not UTF-8, or that cannot be parsed.
  Result<ParsedQuery> parse(std::string_view user_query) const;
  // A corrected query from the index's spelling table, or "" when none is better.
  std::string suggest(std::string_view user_query) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Does a (normalised) word of a text match the query? True when the word, or
// its stem, is one of the query's terms — so accent-, case- and
// inflection-insensitive matches are highlighted as well.
class TermMatcher final : public analysis::WordMatcher {
 public:
  explicit TermMatcher(const ParsedQuery& query);
  bool operator()(std::string_view normalized_word) const { return matches(normalized_word); }
  bool matches(std::string_view normalized_word) const override;
  // The English and Greek stemmers keep a word's first letter, so a word
  // whose first letter begins no query term, stem or prefix cannot match.
  bool may_start_with(char32_t c) const override;
  bool empty() const { return words_.empty() && stems_.empty(); }

 private:
  // Transparent hashing: look a std::string_view up without a copy.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  void add_first_letter(std::string_view term);

  Set words_;
  Set stems_;
  std::vector<std::string> prefixes_;  // from wildcards: "καινοτ*"
  std::vector<char32_t> first_letters_;  // of every word, stem and prefix
  mutable Xapian::Stem stemmer_;
};

}  // namespace praxis
