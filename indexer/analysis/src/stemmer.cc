#include "praxis/analysis/stemmer.h"

#include <libstemmer.h>

#include <memory>
#include <string_view>
#include <unordered_map>

#include "praxis/analysis/script.h"

namespace praxis::analysis {
namespace {

struct SbStemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// Snowball's Greek stemmer leaves the -ία nouns split in two: "καινοτομια"
// and "καινοτομιων" give "καινοτομ", but "καινοτομιας" and "καινοτομιεσ"
// give "καινοτομι" (likewise δημοκρατία, οικονομία, κοινωνία, συμβούλιο …),
// so a query for the nominative misses the genitive and the plural. Dropping
// a final ι from its stems joins the two halves. Measured on the 795,000
// word forms of hunspell's el_GR dictionary, this joins 6,556 pairs of stem
// classes; a random sample of 40 were all inflections or close derivations
// of one word (ζώδια/ζώδιο, αδικία/άδικος). Stems of three letters or fewer
// are kept as they are.
std::string amend_greek_stem(std::string stem) {
  constexpr std::string_view kIota = "\xCE\xB9";  // ι
  constexpr std::size_t kMinKeptBytes = 3 * 2;    // three Greek letters
  if (stem.size() >= kMinKeptBytes + kIota.size() && std::string_view(stem).ends_with(kIota))
    stem.resize(stem.size() - kIota.size());
  return stem;
}

// Longer "words" (URLs, hashes, runs of letters) are left alone: indexed
// terms stop at 64 bytes anyway.
constexpr std::size_t kMaxStemmedBytes = 256;
constexpr std::size_t kMaxUnstemmedGreekBytes = 3 * 2;  // three Greek letters

// Snowball's Greek stemmer removes the -ισμός of abstract nouns, so that
// πολιτισμός (culture) meets πολίτης (citizen), τουρισμός meets "τουρ" and
// οργανισμός meets όργανο: in policy text, where "Πολιτισμός" and "Πολίτης"
// head different sectors, that costs more than it gains. The inflections of
// an -ισμός noun keep "-ισμ" as their stem instead ("πολιτισμ").
bool ism_stem(std::string_view word, std::string& stem) {
  constexpr std::string_view kIsm = "ισμ";
  constexpr std::string_view kEndings[] = {"οσ", "ου", "ο", "οι", "ων", "ουσ", "ε"};
  constexpr std::size_t kMinRootBytes = 2 * 2;  // two Greek letters before -ισμ
  for (const auto ending : kEndings) {
    if (!word.ends_with(ending)) continue;
    const std::string_view head = word.substr(0, word.size() - ending.size());
    if (head.ends_with(kIsm) && head.size() >= kIsm.size() + kMinRootBytes) {
      stem.assign(head);
      return true;
    }
  }
  return false;
}

class ScriptStemmer final : public Xapian::StemImplementation {
 public:
  explicit ScriptStemmer(bool cached) : cached_(cached), greek_(sb_stemmer_new("greek", "UTF_8")), english_("english") {
    if (!greek_) throw Xapian::InternalError("libstemmer has no Greek stemmer (or is out of memory)");
  }

  // Text follows Zipf's law: most words are stemmed again and again, so the
  // stems of recent words are kept (up to kMaxCached; then the cache starts
  // over). Measured on the synthetic benchmark corpus, this removes most of
  // the stemming cost of indexing.
  std::string operator()(const std::string& word) override {
    if (word.size() > kMaxStemmedBytes) return word;
    if (!cached_) return stem(word);
    if (const auto hit = cache_.find(word); hit != cache_.end()) return hit->second;
    if (cache_.size() >= kMaxCached) cache_.clear();
    return cache_.emplace(word, stem(word)).first->second;
  }

  std::string get_description() const override { return "praxis"; }

 private:
  static constexpr std::size_t kMaxCached = 50000;

  std::string stem(const std::string& word) {
    switch (script_of(word)) {
      case Script::greek: {
        // Words of three letters or fewer are mostly acronyms (ΑΠΕ, ΚΕΠ,
        // ΟΤΑ, ΕΣΠΑ's cousins) and function words: Snowball cuts "απε" to
        // "απ", the stem of "από", so renewables met every Greek text.
        if (word.size() <= kMaxUnstemmedGreekBytes) return word;
        std::string stem;
        if (ism_stem(word, stem)) return stem;
        return amend_greek_stem(snowball(greek_.get(), word));
      }
      case Script::latin:
        return english_(word);
      case Script::none:
      case Script::mixed:
        break;
    }
    return word;
  }

  static std::string snowball(sb_stemmer* s, const std::string& word) {
    const auto* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (!out) return word;  // out of memory: leave the word as it is
    const int len = sb_stemmer_length(s);
    if (len <= 0) return word;
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
  }

  bool cached_;
  std::unique_ptr<sb_stemmer, SbStemmerDeleter> greek_;
  Xapian::Stem english_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

Xapian::Stem make_stemmer(bool cached) { return Xapian::Stem(new ScriptStemmer(cached)); }

std::string stem_word(const std::string& normalized_word) { return make_stemmer()(normalized_word); }

}  // namespace praxis::analysis
