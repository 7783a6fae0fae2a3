// The stemmer used on both sides of the index: by script, word by word.
//
// Why by script and not by document language: Praxis documents are Greek or
// English, but Greek documents quote English names ("Open Data", "CKAN") and
// English ones quote Greek ones ("Διαύγεια"); queries carry no language at
// all. If the stemmer depended on the document's language, "δήμων" in an
// English document would be stemmed (not at all) differently from the same
// word in a query, and the two would never meet. Choosing the algorithm from
// the word itself makes stemming a function of the word alone, so the index
// and every query agree whatever language either is in:
//   - Greek-script words: Snowball's Greek stemmer (libstemmer), with two
//     corrections described in stemmer.cc (-ία nouns joined across cases,
//     -ισμός nouns kept apart from their roots: πολιτισμός ≠ πολίτης);
//   - Latin-script words: Xapian's English stemmer (Snowball's Porter2);
//   - anything else (numbers, mixed-script words, other alphabets): unchanged.
// Words are expected in normalize()d form (accentless, case-folded, σ for
// ς), which is what TermGenerator and QueryParser see in Praxis.
#pragma once

#include <xapian.h>

#include "praxis/analysis/stopwords.h"  // make_stopper(): configured with the stemmer

namespace praxis::analysis {

// A new stemmer (get_description() == "praxis"). Each call creates its own
// Snowball state: like Xapian's own stemmers it is not thread-safe, and
// copies of the returned Xapian::Stem share that state, so give each thread
// its own make_stemmer(). It remembers the stems of recent words unless
// `cached` is false (for a caller with a cache of its own: StemCache).
Xapian::Stem make_stemmer(bool cached = true);

// The stem of one normalised word; a convenience for tests and tools (it
// builds a stemmer per call: use make_stemmer() in loops).
std::string stem_word(const std::string& normalized_word);

}  // namespace praxis::analysis
