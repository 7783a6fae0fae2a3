// English and Greek stopwords, in normalize()d form.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include <xapian.h>

namespace praxis::analysis {

// The lists, sorted: common function words (articles, pronouns,
// prepositions, conjunctions, auxiliaries). Words that carry meaning in
// public-policy text are left out even when they are frequent ("it" is IT,
// "us" is the US, "who" is the WHO).
std::span<const std::string_view> english_stopwords();
std::span<const std::string_view> greek_stopwords();

// True if a normalised word is in either list.
bool is_stopword(std::string_view normalized_word);

// A Xapian stopper holding both lists, for QueryParser and TermGenerator.
// It is read-only once built and may be shared between threads.
std::unique_ptr<Xapian::SimpleStopper> make_stopper();

}  // namespace praxis::analysis
