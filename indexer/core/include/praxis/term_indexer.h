// Adds the terms of normalised text to a Xapian::Document: the same terms,
// wdfs and positions as Xapian::TermGenerator with STEM_SOME and no stopper,
// with less work (about 5 % of a 10,000-case build's CPU; docs/benchmarks.md).
//
// TermGenerator decodes every character through Xapian's Unicode tables,
// calls the stemmer once per word occurrence and adds the Z (stemmed) term
// to the document once per occurrence too, each a lookup in the document's
// std::map. Here words come from analysis::for_each_word (which splits
// normalised text exactly as TermGenerator does), each distinct word of the
// document is stemmed once (through analysis::StemCache, which remembers
// the stems of the thread's recent words), and each Z term is added once
// with its total wdf when the document is finished. tests/core/term_indexer_test.cc checks
// the equivalence against TermGenerator term by term.
//
// Given a PhraseSet, it also adds a phrase term (schema::phrase_term) for
// each occurrence of a set phrase as consecutive positions of the unprefixed
// text: exactly the documents a positional phrase query for it would match
// (tests/core/term_indexer_test.cc checks that too).
//
// Use: start(doc), any number of index()/skip() calls, then finish(). Not
// thread-safe; one per thread, reused across documents.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include <xapian.h>

#include "praxis/analysis/stem_cache.h"
#include "praxis/phrase_set.h"

namespace praxis {

class TermIndexer {
 public:
  // Terms longer than this (in bytes, prefix excluded) are not indexed and
  // take no position: TermGenerator's default max_word_length.
  static constexpr std::size_t kMaxWordBytes = 64;

  // `phrases` (may be null) must outlive the indexer.
  explicit TermIndexer(Xapian::Stem stemmer, const PhraseSet* phrases = nullptr)
      : stems_(std::move(stemmer)), phrases_(phrases && !phrases->empty() ? phrases : nullptr) {}

  // Begins a document: positions restart at 1.
  void start(Xapian::Document& doc);

  // Indexes the words of `normalized` (the output of analysis::normalize)
  // as prefix + word, each at the next position with `wdf` added, and
  // "Z" + prefix + stem(word) without positions.
  void index(std::string_view normalized, Xapian::termcount wdf, std::string_view prefix = {});

  // Leaves a gap in positions (TermGenerator::increase_termpos), so that
  // phrases do not match across fields.
  void skip(Xapian::termpos gap) { pos_ += gap; }

  // Adds the stemmed and phrase terms collected since start() to the document.
  void finish();

 private:
  // What a distinct positional term of the document contributes to its Z
  // term: the total wdf, and how long its prefix is.
  struct Occurrences {
    Xapian::termcount wdf = 0;
    std::size_t prefix_size = 0;
  };

  // The phrases of the set that end with `word` at position `pos`, given the
  // words before it.
  void note_phrases(std::string_view word, Xapian::termpos pos, Xapian::termcount wdf);

  analysis::StemCache stems_;
  const PhraseSet* phrases_;
  Xapian::Document* doc_ = nullptr;
  Xapian::termpos pos_ = 0;
  std::string term_;
  std::string stemmed_;
  std::unordered_map<std::string, Occurrences> stemmable_;
  // The last unprefixed words and their positions, newest at (recent_next_ - 1) % size.
  struct Recent {
    Xapian::termpos pos = 0;
    std::string word;
  };
  std::array<Recent, PhraseSet::kMaxWords - 1> recent_;
  std::size_t recent_next_ = 0;
  std::string phrase_;
  std::unordered_map<std::string, Xapian::termcount> phrase_wdf_;
};

}  // namespace praxis
