#include "praxis/analysis/snippet.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <vector>

#include "html_escape.h"
#include "praxis/analysis/normalize.h"
#include "praxis/analysis/words.h"
#include "utf8.h"

namespace praxis::analysis {
namespace {

// Matches are looked for in the first 64 KiB: a case study's body is a few
// KiB, and this bounds the time a huge document takes (about 1 ms per 20 KiB
// here, plus the caller's is_match for each distinct word).
constexpr std::size_t kMaxScanBytes = 64 * 1024;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// A word of the text, with its offsets in bytes and in characters.
struct Token {
  std::size_t begin, end;    // bytes
  std::size_t cbegin, cend;  // characters
  int id;                    // >= 0: a match (one id per distinct normalised word)
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t count_chars(std::string_view s, std::size_t a, std::size_t b) {
  std::size_t n = 0;
  for (std::size_t i = a; i < b; ++i) n += !is_continuation(s[i]);
  return n;
}

// The byte offset k characters after byte offset a.
std::size_t advance_chars(std::string_view s, std::size_t a, std::size_t k) {
  while (k > 0 && a < s.size()) {
    ++a;
    while (a < s.size() && is_continuation(s[a])) ++a;
    --k;
  }
  return a;
}

struct Scan {
  std::vector<Token> tokens;
  std::size_t distinct = 0;  // number of distinct matching words
  std::size_t chars = 0;     // characters in the scanned text
};

std::string utf8_of(char32_t c) {
  std::string out;
  detail::append_utf8(out, c);
  return out;
}

// The first code point of normalize(c) — what a word starting with c starts
// with once normalised ('Ά' → 'α', 'É' → 'e') — or 0 when c normalises to
// nothing (a combining mark, a soft hyphen): then the word's first letter is
// unknown until the whole word is normalised. Latin, Greek and Greek
// Extended (below U+2000) are kept in a per-thread table.
char32_t normalized_first(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  constexpr char32_t kTable = 0x2000, kUnset = 0xFFFFFFFF;
  auto compute = [](char32_t x) { return first_code_point(normalize(utf8_of(x))); };
  if (c >= kTable) return compute(c);
  thread_local std::vector<char32_t> table(kTable, kUnset);
  char32_t& slot = table[c];
  if (slot == kUnset) slot = compute(c);
  return slot;
}

Scan scan_words(std::string_view text, const WordMatcher& matcher) {
  Scan scan;
  scan.tokens.reserve(text.size() / 6);
  std::unordered_map<std::string, int> seen;  // normalised word -> id, or -1
  seen.reserve(text.size() / 16);
  std::string norm;
  std::size_t last = 0, chars = 0;
  for_each_word(text, [&](const Word& w) {
    chars += count_chars(text, last, w.begin);
    const std::size_t cbegin = chars;
    chars += count_chars(text, w.begin, w.end);
    last = w.end;
    const char32_t first = normalized_first(first_code_point(w.text));
    if (first != 0 && !matcher.may_start_with(first)) {
      scan.tokens.push_back(Token{w.begin, w.end, cbegin, chars, -1});
      return;
    }
    norm.clear();
    normalize_append(w.text, norm);
    auto it = seen.find(norm);
    if (it == seen.end()) {
      // A lone combining mark is a "word" that normalises to nothing.
      const int id = !norm.empty() && matcher.matches(norm) ? static_cast<int>(scan.distinct++) : -1;
      it = seen.emplace(norm, id).first;
    }
    scan.tokens.push_back(Token{w.begin, w.end, cbegin, chars, it->second});
  });
  scan.chars = chars + count_chars(text, last, text.size());
  return scan;
}

struct Window {
  std::size_t first = 0, last = 0;  // token indices of the first and last match
  bool found = false;
};

// The run of matches spanning at most `budget` characters with the most
// distinct words, then the most matches; the earliest such run.
Window best_window(const Scan& scan, std::size_t budget) {
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < scan.tokens.size(); ++i)
    if (scan.tokens[i].id >= 0) matches.push_back(i);
  Window best;
  if (matches.empty()) return best;
  std::vector<std::size_t> count(scan.distinct, 0);
  std::size_t distinct = 0, best_distinct = 0, best_total = 0;
  auto id_of = [&](std::size_t m) { return static_cast<std::size_t>(scan.tokens[matches[m]].id); };
  auto add = [&](std::size_t m) { distinct += count[id_of(m)]++ == 0; };
  std::size_t b = 0;  // one past the last match in the window
  for (std::size_t a = 0; a < matches.size(); ++a) {
    if (b <= a) {
      add(a);
      b = a + 1;
    }
    const std::size_t cbegin = scan.tokens[matches[a]].cbegin;
    while (b < matches.size() && scan.tokens[matches[b]].cend - cbegin <= budget) add(b++);
    if (distinct > best_distinct || (distinct == best_distinct && b - a > best_total)) {
      best = Window{matches[a], matches[b - 1], true};
      best_distinct = distinct;
      best_total = b - a;
    }
    distinct -= --count[id_of(a)] == 0;
  }
  return best;
}

}  // namespace

std::string make_snippet(std::string_view text, const std::function<bool(std::string_view)>& is_match,
                         std::size_t max_chars) {
  struct FunctionMatcher final : WordMatcher {
    const std::function<bool(std::string_view)>& f;
    explicit FunctionMatcher(const std::function<bool(std::string_view)>& fn) : f(fn) {}
    bool matches(std::string_view word) const override { return f(word); }
  };
  return make_snippet(text, FunctionMatcher(is_match), max_chars);
}

std::string make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars) {
  if (max_chars == 0 || text.empty()) return {};
  std::size_t scan_end = std::min(text.size(), kMaxScanBytes);
  while (scan_end > 0 && scan_end < text.size() && is_continuation(text[scan_end])) --scan_end;
  const std::string_view s = text.substr(0, scan_end);
  const bool more = scan_end < text.size();  // text beyond what is scanned
  if (max_chars < 3) {  // no room for an ellipsis and a word
    const std::size_t eb = advance_chars(s, 0, max_chars);
    std::string out;
    detail::append_html_escaped(out, s.substr(0, eb), true);
    return out;
  }
  const Scan scan = scan_words(s, matcher);
  const auto& tokens = scan.tokens;

  // The window [start, end) in characters.
  std::size_t start = 0, end = scan.chars;
  if (more || scan.chars > max_chars) {
    const std::size_t budget = max_chars - 2;  // room left by two ellipses
    const Window w = best_window(scan, budget);
    end = max_chars - 1;  // from the start: one ellipsis, at the end
    if (w.found) {
      const Token& first = tokens[w.first];
      const Token& last = tokens[w.last];
      const std::size_t span = last.cend - first.cbegin;
      if (span > budget) {  // one word longer than the snippet: cut inside it
        start = first.cbegin;
        end = start + budget;
      } else {
        // Some context before the first match; the rest after the last.
        start = first.cbegin - std::min(first.cbegin, (budget - span) / 3);
        if (start > 0) end = start + budget;
        if (!more && start + max_chars - 1 >= scan.chars) {  // reaches the end: only a leading ellipsis
          end = scan.chars;
          start = scan.chars - (max_chars - 1);
        }
      }
    }
    // Cut on word boundaries: start at a word, end after one.
    if (start > 0) {
      auto it = std::lower_bound(tokens.begin(), tokens.end(), start,
                                 [](const Token& t, std::size_t c) { return t.cbegin < c; });
      if (it != tokens.end() && it->cbegin < end) start = it->cbegin;
    }
    if (end < scan.chars || more) {
      auto it = std::upper_bound(tokens.begin(), tokens.end(), end,
                                 [](std::size_t c, const Token& t) { return c < t.cend; });
      if (it != tokens.begin() && std::prev(it)->cend > start) end = std::prev(it)->cend;
    }
  }

  std::size_t sb = advance_chars(s, 0, start);
  std::size_t eb = advance_chars(s, sb, end - start);
  const bool cut_start = sb > 0, cut_end = eb < s.size() || more;
  while (sb < eb && is_space(s[sb])) ++sb;
  while (eb > sb && is_space(s[eb - 1])) --eb;

  std::string out;
  out.reserve((eb - sb) + (eb - sb) / 4 + 16);
  if (cut_start) out += kEllipsis;
  std::size_t pos = sb;
  auto it = std::upper_bound(tokens.begin(), tokens.end(), sb,
                             [](std::size_t b, const Token& t) { return b < t.end; });
  for (; it != tokens.end() && it->begin < eb; ++it) {
    const std::size_t wb = std::max(it->begin, sb), we = std::min(it->end, eb);
    detail::append_html_escaped(out, s.substr(pos, wb - pos), true);
    if (it->id >= 0) out += "<mark>";
    detail::append_html_escaped(out, s.substr(wb, we - wb), false);
    if (it->id >= 0) out += "</mark>";
    pos = we;
  }
  detail::append_html_escaped(out, s.substr(pos, eb - pos), true);
  if (cut_end) out += kEllipsis;
  return out;
}

}  // namespace praxis::analysis
