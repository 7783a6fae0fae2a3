#include "praxis/phrase_set.h"

#include <gtest/gtest.h>

namespace praxis {
namespace {

TEST(PhraseSet, KeepsTheMultiWordSynonymsNormalisedAsIndexedWords) {
  const PhraseSet set = PhraseSet::from_synonyms({
      {"Δήμος", "Δημοτική  Αρχή", "City Council"},
      {"ν. 3852/2010", "one two three four five", "e-government"},
  });
  EXPECT_TRUE(set.contains("δημοτικη αρχη"));
  EXPECT_TRUE(set.contains("city council"));
  EXPECT_TRUE(set.contains("ν 3852 2010"));  // split as the indexer splits text
  EXPECT_TRUE(set.contains("e government"));
  EXPECT_FALSE(set.contains("δημος"));  // one word: a plain term already
  EXPECT_FALSE(set.contains("one two three four five"));  // more words than the query builder looks up
  EXPECT_EQ(set.size(), 4u);
  EXPECT_TRUE(set.ends_a_phrase("council"));
  EXPECT_TRUE(set.ends_a_phrase("2010"));
  EXPECT_FALSE(set.ends_a_phrase("city"));
}

TEST(PhraseSet, SerialisesInOneOrderAndParsesBack) {
  const PhraseSet a = PhraseSet::from_synonyms({{"b c", "a b"}, {"x y z"}});
  const PhraseSet b = PhraseSet::from_synonyms({{"x y z"}, {"a b", "b c"}});
  EXPECT_EQ(a.serialise(), "a b\nb c\nx y z\n");
  EXPECT_EQ(a.serialise(), b.serialise());
  const PhraseSet back = PhraseSet::parse(a.serialise());
  EXPECT_EQ(back.serialise(), a.serialise());
  EXPECT_TRUE(back.ends_a_phrase("z"));
  EXPECT_TRUE(PhraseSet::parse("").empty());
}

}  // namespace
}  // namespace praxis
