#include "praxis/term_indexer.h"

#include "praxis/analysis/normalize.h"
#include "praxis/analysis/words.h"
#include "praxis/schema.h"

namespace praxis {
namespace {

// TermGenerator's STEM_SOME rule: words starting with a letter get a
// stemmed term, those starting with a digit or a connector ("_") do not.
bool should_stem(std::string_view word) {
  constexpr unsigned kLetters = (1u << Xapian::Unicode::LOWERCASE_LETTER) | (1u << Xapian::Unicode::TITLECASE_LETTER) |
                                (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
  const auto first = static_cast<unsigned>(analysis::first_code_point(word));
  if (first < 0x80) return (first | 0x20) - 'a' < 26u;  // the common case, without a table lookup
  return (kLetters >> Xapian::Unicode::get_category(first)) & 1u;
}

}  // namespace

void TermIndexer::start(Xapian::Document& doc) {
  doc_ = &doc;
  pos_ = 0;
  stemmable_.clear();
  phrase_wdf_.clear();
  for (auto& r : recent_) r.pos = 0;
}

void TermIndexer::note_phrases(std::string_view word, Xapian::termpos pos, Xapian::termcount wdf) {
  if (phrases_->ends_a_phrase(word)) {
    // Each length is its own term; stop at the first gap in positions.
    for (std::size_t n = 2; n <= PhraseSet::kMaxWords; ++n) {
      const Recent& first = recent_[(recent_next_ + recent_.size() - (n - 1)) % recent_.size()];
      if (first.pos == 0 || first.pos + (n - 1) != pos) break;  // not n consecutive positions
      phrase_.clear();
      for (std::size_t k = n - 1; k >= 1; --k) {
        phrase_ += recent_[(recent_next_ + recent_.size() - k) % recent_.size()].word;
        phrase_ += ' ';
      }
      phrase_ += word;
      if (phrases_->contains(phrase_)) phrase_wdf_[phrase_] += wdf;
    }
  }
  Recent& slot = recent_[recent_next_];
  slot.pos = pos;
  slot.word.assign(word);
  recent_next_ = (recent_next_ + 1) % recent_.size();
}

void TermIndexer::index(std::string_view normalized, Xapian::termcount wdf, std::string_view prefix) {
  analysis::for_each_word(normalized, [&](const analysis::Word& w) {
    if (w.text.size() > kMaxWordBytes) return;
    term_.assign(prefix);
    term_.append(w.text);
    doc_->add_posting(term_, ++pos_, wdf);
    if (phrases_ && prefix.empty()) note_phrases(w.text, pos_, wdf);
    if (!should_stem(w.text)) return;
    if (auto it = stemmable_.find(term_); it != stemmable_.end()) {
      it->second.wdf += wdf;
    } else {
      stemmable_.emplace(term_, Occurrences{wdf, prefix.size()});
    }
  });
}

void TermIndexer::finish() {
  for (const auto& [term, seen] : stemmable_) {
    const std::string_view stem = stems_(std::string_view(term).substr(seen.prefix_size));
    if (stem.empty()) continue;
    stemmed_.assign("Z");
    stemmed_.append(term, 0, seen.prefix_size);
    stemmed_.append(stem);
    doc_->add_term(stemmed_, seen.wdf);
  }
  stemmable_.clear();
  for (const auto& [joined, wdf] : phrase_wdf_) doc_->add_term(schema::phrase_term(joined), wdf);
  phrase_wdf_.clear();
  doc_ = nullptr;
}

}  // namespace praxis
