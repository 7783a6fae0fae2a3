#include "praxis/analysis/words.h"

#include <array>
#include <cstdint>

#include <utf8proc.h>
#include <xapian.h>

#include "utf8.h"

namespace praxis::analysis {
namespace {

struct Char {
  char32_t cp = 0;
  std::size_t len = 0;  // 0: an invalid byte
};

Char char_at(std::string_view s, std::size_t i) {
  Char c;
  c.len = detail::decode_utf8(s, i, c.cp);
  return c;
}

// The character classes next_word() asks about.
enum : std::uint8_t { kWordChar = 1, kDigit = 2, kMark = 4, kDropped = 8 };

std::uint8_t classify(char32_t c) {
  std::uint8_t f = 0;
  if (c < 0x80) {
    if ((c | 0x20) - 'a' < 26u || c - '0' < 10u || c == '_') f |= kWordChar;
    if (c - '0' < 10u) f |= kDigit;
    return f;
  }
  const auto u = static_cast<unsigned>(c);
  if (Xapian::Unicode::is_wordchar(u)) f |= kWordChar;
  switch (Xapian::Unicode::get_category(u)) {
    case Xapian::Unicode::DECIMAL_DIGIT_NUMBER:
      f |= kDigit;
      break;
    case Xapian::Unicode::NON_SPACING_MARK:
    case Xapian::Unicode::ENCLOSING_MARK:
    case Xapian::Unicode::COMBINING_SPACING_MARK:
      f |= kMark;
      break;
    default:
      break;
  }
  // Characters normalize() removes (default ignorables: soft hyphen, ZWSP,
  // ZWJ/ZWNJ, word joiner, BOM …): invisible to the indexer.
  if (utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->ignorable) f |= kDropped;
  return f;
}

// Latin, Greek, Cyrillic and the other two-byte scripts from a table: the
// snippet scan asks about every character of ten documents per search.
constexpr char32_t kTableSize = 0x800;
const std::array<std::uint8_t, kTableSize> kFlags = [] {
  std::array<std::uint8_t, kTableSize> t{};
  for (char32_t c = 0; c < kTableSize; ++c) t[c] = classify(c);
  return t;
}();

std::uint8_t flags(char32_t c) { return c < kTableSize ? kFlags[c] : classify(c); }
bool is_wordchar(char32_t c) { return flags(c) & kWordChar; }
bool is_digit(char32_t c) { return flags(c) & kDigit; }
bool is_mark(char32_t c) { return flags(c) & kMark; }
bool is_dropped(char32_t c) { return flags(c) & kDropped; }

// TermGenerator's check_infix(), on the characters that normalise to them.
bool is_infix(char32_t c) {
  switch (c) {
    case '\'':
    case '&':
    case 0x00B7:  // middle dot
    case 0x0387:  // Greek ano teleia (normalises to the middle dot)
    case 0x05F4:  // Hebrew gershayim
    case 0x2019:  // right single quotation mark (the typographic apostrophe)
    case 0x201B:  // single high-reversed-9 quotation mark
    case 0x2027:  // hyphenation point
    case 0xFF06:  // full-width '&'
    case 0xFF07:  // full-width apostrophe
      return true;
    default:
      return false;
  }
}

// TermGenerator's check_infix_digit(), likewise.
bool is_digit_infix(char32_t c) {
  switch (c) {
    case ',':
    case '.':
    case ';':
    case 0x037E:  // Greek question mark
    case 0x0589:  // Armenian full stop
    case 0x060D:  // Arabic date separator
    case 0x07F8:  // NKo comma
    case 0x2044:  // fraction slash
    case 0xFE10:  // vertical comma
    case 0xFE14:  // vertical semicolon
    case 0xFF0C:  // full-width comma
    case 0xFF0E:  // full-width full stop
    case 0xFF1B:  // full-width semicolon
      return true;
    default:
      return false;
  }
}

// Skips characters that normalize() drops, starting at i.
std::size_t skip_dropped(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    const Char c = char_at(s, i);
    if (c.len == 0 || !is_dropped(c.cp)) break;
    i += c.len;
  }
  return i;
}

}  // namespace

bool next_word(std::string_view s, std::size_t& pos, Word& word) {
  const std::size_t n = s.size();
  std::size_t i = pos;
  // The start: the next word character.
  while (i < n) {
    const Char c = char_at(s, i);
    if (c.len != 0 && is_wordchar(c.cp)) break;
    i += c.len ? c.len : 1;
  }
  if (i >= n) {
    pos = n;
    return false;
  }
  const std::size_t begin = i;
  std::size_t end = i;
  char32_t prev = 0;  // the last word character, for the digit rule
  while (true) {
    // A run of word characters, and dropped characters between them.
    while (i < n) {
      const Char c = char_at(s, i);
      if (c.len == 0) break;
      if (is_wordchar(c.cp)) {
        if (!is_mark(c.cp)) prev = c.cp;  // normalize() strips marks
        i += c.len;
        end = i;
        continue;
      }
      if (!is_dropped(c.cp)) break;
      const std::size_t j = skip_dropped(s, i);
      if (j >= n) break;
      const Char next = char_at(s, j);
      if (next.len == 0 || !is_wordchar(next.cp)) break;
      i = j;
    }
    // An infix joins two runs: "o'neil", "at&t", "1,000".
    if (i >= n) break;
    const Char c = char_at(s, i);
    if (c.len == 0) break;
    const std::size_t j = skip_dropped(s, i + c.len);
    if (j >= n) break;
    const Char next = char_at(s, j);
    if (next.len == 0 || !is_wordchar(next.cp)) break;
    const bool joins = is_digit(prev) && is_digit(next.cp) ? is_digit_infix(c.cp) : is_infix(c.cp);
    if (!joins) break;
    i = j;
  }
  // Up to three '+' or '#' when no word character follows: "c++", "c#".
  std::size_t k = end;
  while (k < n && k - end < 4 && (s[k] == '+' || s[k] == '#')) ++k;
  if (k > end && k - end <= 3) {
    const Char after = k < n ? char_at(s, k) : Char{};
    if (k == n || after.len == 0 || !is_wordchar(after.cp)) end = k;
  }
  word = Word{s.substr(begin, end - begin), begin, end};
  pos = end;
  return true;
}

}  // namespace praxis::analysis
