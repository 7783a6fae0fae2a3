// ELOT 743 transliteration (Greek → Latin), for display and tests.
#include <vector>

#include "praxis/analysis/greeklish.h"
#include "utf8.h"

namespace praxis::analysis {
namespace {

// α … ω (U+03B1 … U+03C9; U+03C2 is final ς).
constexpr std::string_view kLetters[] = {
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y",
    "f", "ch", "ps", "o",
};

bool is_greek_lower(char32_t c) { return c >= 0x03B1 && c <= 0x03C9; }

// Voiceless consonants: αυ/ευ/ηυ are af/ef/if before them and at the end.
bool is_voiceless(char32_t c) {
  return c == U'θ' || c == U'κ' || c == U'ξ' || c == U'π' || c == U'σ' || c == U'ς' || c == U'τ' || c == U'φ' ||
         c == U'χ' || c == U'ψ';
}

}  // namespace

std::string greek_to_latin(std::string_view s) {
  std::vector<char32_t> cps;
  cps.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t len = detail::decode_utf8(s, i, c);
    cps.push_back(len ? c : detail::kReplacementChar);
    i += len ? len : 1;
  }
  std::string out;
  out.reserve(s.size());
  const auto at = [&](std::size_t k) { return k < cps.size() ? cps[k] : char32_t{0}; };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i], next = at(i + 1);
    if (!is_greek_lower(c)) {
      detail::append_utf8(out, c);
      continue;
    }
    if (c == U'γ' && (next == U'γ' || next == U'κ' || next == U'ξ' || next == U'χ')) {
      out += next == U'γ' ? "ng" : next == U'κ' ? "gk" : next == U'ξ' ? "nx" : "nch";
      ++i;
    } else if (c == U'ο' && next == U'υ') {
      out += "ou";
      ++i;
    } else if ((c == U'α' || c == U'ε' || c == U'η') && next == U'υ') {
      const char32_t after = at(i + 2);
      out += c == U'α' ? 'a' : c == U'ε' ? 'e' : 'i';
      out += !is_greek_lower(after) || is_voiceless(after) ? 'f' : 'v';
      ++i;
    } else if (c == U'μ' && next == U'π') {
      out += i == 0 || !is_greek_lower(at(i - 1)) ? "b" : "mp";
      ++i;
    } else {
      out += kLetters[c - 0x03B1];
    }
  }
  return out;
}

}  // namespace praxis::analysis
