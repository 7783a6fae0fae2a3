#include "praxis/analysis/stopwords.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "praxis/analysis/normalize.h"
#include "praxis/analysis/script.h"

namespace praxis::analysis {
namespace {

TEST(Stopwords, CommonFunctionWordsAreStopped) {
  const auto stopper = make_stopper();
  for (const std::string w : {"και", "το", "της", "στο", "για", "με", "από", "που", "οι", "τα", "των", "ή", "the",
                              "and", "of", "don't"})
    EXPECT_TRUE((*stopper)(normalize(w))) << w;
}

TEST(Stopwords, ContentWordsAreNot) {
  const auto stopper = make_stopper();
  for (const std::string w : {"δήμος", "καινοτομία", "διαφάνεια", "μέσα", "ώρα", "budget", "it", "us", "who",
                              "policy"})
    EXPECT_FALSE((*stopper)(normalize(w))) << w;
  EXPECT_FALSE(is_stopword(normalize("Δήμος")));
  EXPECT_TRUE(is_stopword(normalize("ΚΑΙ")));
}

TEST(Stopwords, ListsAreSortedUniqueAndNormalised) {
  for (const auto list : {english_stopwords(), greek_stopwords()}) {
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
    EXPECT_EQ(std::adjacent_find(list.begin(), list.end()), list.end());
    for (const auto w : list) EXPECT_EQ(normalize(w), w);
  }
  for (const auto w : english_stopwords()) EXPECT_EQ(script_of(w), Script::latin) << w;
  for (const auto w : greek_stopwords()) EXPECT_EQ(script_of(w), Script::greek) << w;
  EXPECT_GE(english_stopwords().size(), 140u);
  EXPECT_GE(greek_stopwords().size(), 140u);
}

}  // namespace
}  // namespace praxis::analysis
