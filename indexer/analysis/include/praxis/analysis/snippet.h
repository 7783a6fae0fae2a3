// Result snippets: the passage of a document that best shows why it matched,
// as HTML with the matching words in <mark>.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace praxis::analysis {

// Escapes & < > " ' for HTML text and attribute values. Bytes that are not
// valid UTF-8 become U+FFFD, so the result is always valid UTF-8.
std::string html_escape(std::string_view text);

// What make_snippet asks about the words of a text.
class WordMatcher {
 public:
  virtual ~WordMatcher() = default;
  // Does this normalize()d word match the query?
  virtual bool matches(std::string_view normalized_word) const = 0;
  // Can a word whose normalize()d form begins with code point `c` match? A
  // "no" lets the scan skip normalising the word at all: most words of a
  // text begin with a letter no query word begins with.
  virtual bool may_start_with(char32_t /*c*/) const { return true; }
};

// An HTML snippet of at most max_chars characters of `text` (not counting
// markup and entities; counting the "…" added where text was cut). The
// window holds the most distinct matching words, then the most matches, and
// is cut at word boundaries (never inside a UTF-8 character); runs of
// whitespace become one space. Each word of the text (split as in words.h)
// is passed to is_match in normalize()d form, once per distinct word;
// matching ones are wrapped in <mark>…</mark>. So the caller decides
// matching on normalised words, e.g. "normalize(word) or its stem is a query
// term", and accent- and case-insensitive and stemmed matches highlight.
// If nothing matches, the snippet is the beginning of the text. Everything is
// HTML-escaped. Only the first 64 KiB of text are searched for matches.
std::string make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars = 240);
std::string make_snippet(std::string_view text, const std::function<bool(std::string_view normalized_word)>& is_match,
                         std::size_t max_chars = 240);

}  // namespace praxis::analysis
