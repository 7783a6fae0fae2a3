// Splitting text into words the way Xapian::TermGenerator does, with byte
// offsets into the original text, so that highlighting marks exactly the
// words that were indexed.
//
// The indexer runs TermGenerator on normalize(text); this tokenizer runs on
// the original text and gives the same words: runs of letters, marks,
// numbers and connector punctuation (Xapian::Unicode::is_wordchar), joined
// across one apostrophe (' ’ ‛), '&', middle dot or ano teleia ("o'neil",
// "at&t"), across ',' '.' ';' between digits ("1,000.5"), and across
// characters that normalize() drops (soft hyphen, zero-width joiners);
// followed by up to three '+' or '#' when no letter follows ("c++", "c#").
// Unlike TermGenerator on raw text there is no acronym rule ("U.N." is two
// words), because the indexed text is already lowercase.
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace praxis::analysis {

struct Word {
  std::string_view text;  // the word as it is in the original text
  std::size_t begin = 0;  // byte offsets into the original text
  std::size_t end = 0;
};

// Finds the first word starting at or after byte `pos`. On success sets
// `word`, moves `pos` to word.end and returns true; otherwise sets `pos` to
// text.size() and returns false. Invalid UTF-8 bytes separate words.
bool next_word(std::string_view text, std::size_t& pos, Word& word);

// Calls f(const Word&) for each word in order. If f returns bool, returning
// false stops the walk.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
  std::size_t pos = 0;
  Word word;
  while (next_word(text, pos, word)) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&, const Word&>, bool>) {
      if (!f(static_cast<const Word&>(word))) return;
    } else {
      f(static_cast<const Word&>(word));
    }
  }
}

}  // namespace praxis::analysis
