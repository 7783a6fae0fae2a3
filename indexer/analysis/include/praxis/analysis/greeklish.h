// Greeklish: Greek typed in Latin letters ("diafaneia", "8eatro", "xronos"),
// read back as the Greek words of the index that it can spell.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace praxis::analysis {

// The words a Greeklish reading may produce. The index supplies one backed
// by Xapian::Database::allterms_begin(prefix) and term_exists(); tests supply
// one backed by a std::set. Terms are normalize()d Greek words.
struct Lexicon {
  virtual ~Lexicon();
  virtual bool has_prefix(std::string_view prefix) const = 0;
  virtual bool has_term(std::string_view term) const = 0;
};

// At most this many Lexicon calls (has_prefix + has_term) per word: a bound
// on the work a hostile query ("iiiiii…") can cause.
inline constexpr std::size_t kGreeklishMaxProbes = 2000;
// Longer Latin words are not read as Greeklish at all (no probes): an
// indexed term is at most 64 bytes, i.e. 32 Greek letters.
inline constexpr std::size_t kGreeklishMaxInput = 40;

// The Greek words of `lexicon` that `latin_word` may be Greeklish for, best
// first, at most max_results. The input is a normalised Latin word
// (lowercase ASCII letters, and the digits 3 and 8 used for ξ and θ);
// anything else gives no candidates. The output is in normalize()d form
// (accentless, lowercase, σ never ς).
//
// Reading: the word is spelt left to right into Greek by ELOT 743 and the
// usual informal variants (i → ι η υ ει οι, o → ο ω, x → χ ξ, h → η χ,
// th/8 → θ, ks/3 → ξ, ps → ψ, u → ου υ, b → β μπ, d → δ ντ, e → ε αι,
// av/af → αυ …), a best-first search over the lexicon: a partial reading
// whose Greek is not a prefix of some term is dropped at once. Each variant
// has a cost (0 for ELOT's reading, more for informal or rare ones) and
// candidates come out in order of total cost.
std::vector<std::string> greeklish_candidates(std::string_view latin_word, const Lexicon& lexicon,
                                              std::size_t max_results = 8);

// ELOT 743 transliteration of a normalised Greek word or text ("θεατρο" →
// "theatro", "αυτοκινητο" → "aftokinito", "μπαλα" → "bala"); characters that
// are not Greek letters are copied.
std::string greek_to_latin(std::string_view normalized_greek);

}  // namespace praxis::analysis
