#include "praxis/analysis/stemmer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "praxis/analysis/normalize.h"

namespace praxis::analysis {
namespace {

std::string stem(const Xapian::Stem& s, const std::string& word) { return s(normalize(word)); }

// Every word of a group must reach the same stem after normalize + stem.
TEST(Stemmer, InflectionsShareAStem) {
  const std::vector<std::vector<std::string>> groups = {
      {"δήμος", "δήμων", "δήμους", "δήμο", "Δήμου", "ΔΗΜΟΣ", "δήμοι"},
      {"περιφέρεια", "περιφερειών", "περιφέρειες", "Περιφέρειας"},
      {"διαφάνεια", "διαφάνειας", "ΔΙΑΦΆΝΕΙΑ"},
      {"καινοτομία", "καινοτομίες", "καινοτομίας", "καινοτομιών"},
      {"δημοκρατία", "δημοκρατίας", "δημοκρατίες"},
      {"οικονομία", "οικονομίας"},
      {"συμβούλιο", "συμβουλίου", "συμβούλια"},
      {"ανάπτυξη", "ανάπτυξης"},
      {"πολίτης", "πολιτών", "πολίτες", "πολίτη"},
      {"υπουργείο", "υπουργείου", "υπουργεία"},
      {"πρόγραμμα", "προγράμματος", "προγράμματα", "προγραμμάτων"},
      {"ψηφιακός", "ψηφιακή", "ψηφιακές", "ψηφιακών"},
      {"πολιτισμός", "πολιτισμού", "πολιτισμό", "πολιτισμοί", "πολιτισμών", "πολιτισμούς"},
      {"εθελοντής", "εθελοντές", "εθελοντών"},
      {"governments", "government", "Government"},
      {"budgets", "budget"},
      {"citizens", "citizen"},
      {"transparency", "transparent"},
      {"participating", "participation", "participate"},
      {"municipalities", "municipality"},
      {"innovation", "innovative"},
  };
  const Xapian::Stem s = make_stemmer();
  for (const auto& g : groups)
    for (const auto& w : g) EXPECT_EQ(stem(s, w), stem(s, g.front())) << w << " vs " << g.front();
}

TEST(Stemmer, DifferentWordsStayApart) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"δήμος", "δημοσιότητα"},
      {"κοινωνία", "κοινότητα"},
      {"πολιτισμός", "πολίτης"},  // culture is not citizen (Snowball alone joins them)
      {"τουρισμός", "τουρ"},
      {"οργανισμός", "όργανο"},
      {"policy", "police"},
      {"transport", "transparency"},
      {"δήμος", "demos"},
      {"ΑΠΕ", "από"},  // an acronym (renewable energy sources) is not a preposition
  };
  const Xapian::Stem s = make_stemmer();
  for (const auto& [a, b] : pairs) EXPECT_NE(stem(s, a), stem(s, b)) << a << " vs " << b;
}

TEST(Stemmer, ChoosesTheAlgorithmByScript) {
  const Xapian::Stem s = make_stemmer();
  const Xapian::Stem english("english");
  EXPECT_EQ(s("governments"), english("governments"));
  EXPECT_EQ(s("δημοσ"), "δημ");
  EXPECT_EQ(s("2024"), "2024");        // no letters: unchanged
  EXPECT_EQ(s("eκπα"), "eκπα");        // mixed script: unchanged
  EXPECT_EQ(s("москва"), "москва");    // neither script: unchanged
  EXPECT_EQ(s(""), "");
  EXPECT_EQ(s.get_description(), "Xapian::Stem(praxis)");
}

TEST(Stemmer, LongWordsAreLeftAlone) {
  const Xapian::Stem s = make_stemmer();
  std::string long_word(1000, 'a');
  long_word += "ing";
  EXPECT_EQ(s(long_word), long_word);
}

// Snowball's Greek stemmer folds case and accents itself, but maps ϊ to η;
// Praxis always feeds it normalised words, where ϊ is already ι.
TEST(Stemmer, NormalisedInputIsStemmedConsistently) {
  const Xapian::Stem s = make_stemmer();
  EXPECT_EQ(stem(s, "προϋπολογισμός"), stem(s, "προυπολογισμος"));
  EXPECT_EQ(stem(s, "Ευρωπαϊκή"), stem(s, "ευρωπαικη"));
}

TEST(Stemmer, StemWordHelper) { EXPECT_EQ(stem_word("δημων"), "δημ"); }

TEST(Stemmer, EachStemmerIsIndependent) {
  // Two stemmers used in interleaved calls do not disturb each other.
  const Xapian::Stem a = make_stemmer(), b = make_stemmer();
  const std::string sa = a("καινοτομιεσ");
  EXPECT_EQ(b("δημοσ"), "δημ");
  EXPECT_EQ(a("καινοτομιεσ"), sa);
}

}  // namespace
}  // namespace praxis::analysis
