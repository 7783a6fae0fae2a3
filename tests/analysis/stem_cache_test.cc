#include "praxis/analysis/stem_cache.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "praxis/analysis/stemmer.h"

namespace praxis::analysis {
namespace {

// Random lowercase words, Latin and Greek, many repeated (as in text).
std::vector<std::string> words(std::size_t n, unsigned seed) {
  static const std::vector<std::string> kGreek = {"α", "ε", "ι", "ο", "υ", "ω", "η", "κ", "λ", "μ", "ν", "π", "ρ", "σ", "τ"};
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (std::size_t k = 0; k < n; ++k) {
    std::string w;
    const std::size_t len = 1 + rng() % 12;
    const bool greek = rng() % 2;
    for (std::size_t j = 0; j < len; ++j) w += greek ? kGreek[rng() % kGreek.size()] : std::string(1, "aeioustrnlcdm"[rng() % 13]);
    out.push_back(w);
    if (rng() % 3 == 0 && !out.empty()) out.push_back(out[rng() % out.size()]);  // a word seen before
  }
  return out;
}

TEST(StemCache, AgreesWithTheStemmer) {
  Xapian::Stem plain = make_stemmer();
  for (const std::size_t capacity : {std::size_t{1}, std::size_t{7}, std::size_t{100}, StemCache::kDefaultWords}) {
    StemCache cache(make_stemmer(), capacity);
    for (const auto& w : words(5000, 11)) ASSERT_EQ(cache(w), plain(w)) << w << " (capacity " << capacity << ")";
    EXPECT_LE(cache.size(), capacity);
  }
}

TEST(StemCache, RemembersUpToItsCapacity) {
  StemCache cache(Xapian::Stem("english"), 3);
  EXPECT_EQ(cache("running"), "run");
  EXPECT_EQ(cache("running"), "run");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache("cities"), "citi");
  EXPECT_EQ(cache("policies"), "polici");
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache("transparency"), "transpar");  // the fourth word starts over
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache("running"), "run");
}

TEST(StemCache, LongAndEmptyWordsAreStemmedUncached) {
  StemCache cache(Xapian::Stem("english"));
  const std::string long_word(5000, 'a');
  EXPECT_EQ(cache(long_word), Xapian::Stem("english")(long_word));
  EXPECT_EQ(cache(""), "");
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace praxis::analysis
