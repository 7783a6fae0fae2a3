#include "praxis/analysis/greeklish.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "praxis/analysis/normalize.h"

namespace praxis::analysis {
namespace {

// A lexicon backed by a sorted set, counting the calls made to it.
class SetLexicon final : public Lexicon {
 public:
  explicit SetLexicon(const std::vector<std::string>& words) {
    for (const auto& w : words) terms_.insert(normalize(w));
  }
  bool has_prefix(std::string_view prefix) const override {
    ++probes;
    auto it = terms_.lower_bound(std::string(prefix));
    return it != terms_.end() && std::string_view(*it).substr(0, prefix.size()) == prefix;
  }
  bool has_term(std::string_view term) const override {
    ++probes;
    return terms_.count(std::string(term)) > 0;
  }
  const std::set<std::string>& terms() const { return terms_; }
  mutable std::size_t probes = 0;

 private:
  std::set<std::string> terms_;
};

// Real words with their inflections, and distractors one letter away.
const std::vector<std::string>& words() {
  static const std::vector<std::string> w = {
      "διαφάνεια", "διαφάνειας", "διαφανής", "διάφανο", "καινοτομία", "καινοτομίες", "κενό", "κοινότητα",
      "δήμος", "δήμου", "δήμοι", "δημοσ", "δημόσιος", "διμοιρία", "δείμος", "θέατρο", "θεάτρου", "θεατής",
      "χρόνος", "χρόνου", "χρονικό", "ξενοδοχείο", "ξενοδοχεία", "ξένος", "ψηφιακός", "ψηφιακή", "ψηφίο",
      "ουρανός", "ουρανού", "υπουργείο", "υπουργός", "υπουργεία", "ώρα", "όρια", "ορατός", "συμβούλιο",
      "συμβουλή", "σύμβολο", "περιφέρεια", "περιφερειακός", "περίφημος", "αυτοκίνητο", "ευρώ", "ευκαιρία",
      "μπάλα", "αγγελία", "εγκατάσταση", "ελέγχω", "σφίγξ", "ηλεκτρονικός", "διακυβέρνηση", "οικονομία",
      "πόλη", "πολίτης", "αειφορία", "τζάμι", "και", "το", "της", "απορριμμάτων", "θάλασσα",
  };
  return w;
}

std::vector<std::string> candidates(const SetLexicon& lexicon, std::string_view latin, std::size_t max = 8) {
  return greeklish_candidates(latin, lexicon, max);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Greeklish, ReadsCommonSpellings) {
  struct Case {
    std::string latin;
    std::string greek;
  };
  const std::vector<Case> cases = {
      {"diafaneia", "διαφανεια"},     {"kainotomia", "καινοτομια"},  {"kenotomia", "καινοτομια"},
      {"dimos", "δημοσ"},             {"dhmos", "δημοσ"},            {"8eatro", "θεατρο"},
      {"theatro", "θεατρο"},          {"xronos", "χρονοσ"},          {"chronos", "χρονοσ"},
      {"hronos", "χρονοσ"},           {"ksenodoxeio", "ξενοδοχειο"}, {"xenodoxeio", "ξενοδοχειο"},
      {"3enodoxeio", "ξενοδοχειο"},   {"psifiakos", "ψηφιακοσ"},     {"ouranos", "ουρανοσ"},
      {"uranos", "ουρανοσ"},          {"periferia", "περιφερεια"},   {"perifereia", "περιφερεια"},
      {"ipourgeio", "υπουργειο"},     {"ypourgeio", "υπουργειο"},    {"upourgeio", "υπουργειο"},
      {"ipourgio", "υπουργειο"},      {"wra", "ωρα"},                {"ora", "ωρα"},
      {"sumvoulio", "συμβουλιο"},     {"symvoulio", "συμβουλιο"},    {"aftokinito", "αυτοκινητο"},
      {"autokinito", "αυτοκινητο"},   {"evro", "ευρω"},              {"bala", "μπαλα"},
      {"mpala", "μπαλα"},             {"aggelia", "αγγελια"},        {"angelia", "αγγελια"},
      {"egkatastasi", "εγκατασταση"}, {"elegxo", "ελεγχω"},          {"tzami", "τζαμι"},
      {"jami", "τζαμι"},              {"aporrimaton", "απορριμματων"}, {"aporimmaton", "απορριμματων"},
      {"thalasa", "θαλασσα"},         {"thalassa", "θαλασσα"},              {"ilektronikos", "ηλεκτρονικοσ"}, {"oikonomia", "οικονομια"},
  };
  const SetLexicon lexicon(words());
  for (const auto& c : cases) {
    const auto got = candidates(lexicon, c.latin);
    EXPECT_TRUE(contains(got, c.greek)) << c.latin << " gave " << ::testing::PrintToString(got);
  }
}

TEST(Greeklish, BestReadingComesFirst) {
  const SetLexicon lexicon(words());
  // "dimos": δημοσ (i → η, ELOT) before δειμοσ (i → ει, informal).
  const auto got = candidates(lexicon, "dimos");
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0], "δημοσ");
  EXPECT_TRUE(contains(got, "δειμοσ"));
  EXPECT_EQ(candidates(lexicon, "theatro").front(), "θεατρο");
}

TEST(Greeklish, OnlyWordsOfTheLexicon) {
  const SetLexicon lexicon(words());
  for (const std::string latin : {"dimos", "xronos", "periferia", "kainotomia", "ora", "i", "zzz", "demokratia"})
    for (const auto& g : candidates(lexicon, latin)) EXPECT_TRUE(lexicon.terms().count(g)) << latin << " → " << g;
  EXPECT_TRUE(candidates(lexicon, "zzz").empty());
  EXPECT_TRUE(candidates(lexicon, "dimokratia").empty());  // not in the lexicon
}

TEST(Greeklish, RespectsMaxResults) {
  const SetLexicon lexicon(words());
  EXPECT_EQ(candidates(lexicon, "dimos", 1).size(), 1u);
  EXPECT_TRUE(candidates(lexicon, "dimos", 0).empty());
}

TEST(Greeklish, RejectsWhatIsNotGreeklish) {
  SetLexicon lexicon(words());
  for (const std::string latin : {"", "dimos!", "Dimos", "δημος", "di mos", "a-b"})
    EXPECT_TRUE(candidates(lexicon, latin).empty()) << latin;
  EXPECT_EQ(lexicon.probes, 0u);
}

TEST(Greeklish, HostileInputIsBounded) {
  // A lexicon rich in the readings of "i" (ι η υ ει οι υι).
  std::vector<std::string> w = words();
  const std::vector<std::string> units = {"ι", "η", "υ", "ει", "οι", "υι"};
  std::vector<std::string> layer = {""};
  for (int depth = 0; depth < 5; ++depth) {
    std::vector<std::string> next;
    for (const auto& p : layer)
      for (const auto& u : units) next.push_back(p + u);
    w.insert(w.end(), next.begin(), next.end());
    layer = std::move(next);
  }
  SetLexicon lexicon(w);

  lexicon.probes = 0;
  EXPECT_TRUE(candidates(lexicon, std::string(300, 'i')).empty());  // too long to be a term
  EXPECT_EQ(lexicon.probes, 0u);

  lexicon.probes = 0;
  candidates(lexicon, std::string(kGreeklishMaxInput, 'i'));
  EXPECT_LE(lexicon.probes, kGreeklishMaxProbes);
  EXPECT_GT(lexicon.probes, 100u);  // it did search

  // A lexicon that accepts every prefix but holds no term: the worst case.
  struct Everything final : Lexicon {
    bool has_prefix(std::string_view) const override { return ++probes, true; }
    bool has_term(std::string_view) const override { return ++probes, false; }
    mutable std::size_t probes = 0;
  } everything;
  EXPECT_TRUE(greeklish_candidates(std::string(kGreeklishMaxInput, 'i'), everything).empty());
  EXPECT_LE(everything.probes, kGreeklishMaxProbes);
  everything.probes = 0;
  EXPECT_TRUE(greeklish_candidates("psthikhouiaexeiov", everything).empty());
  EXPECT_LE(everything.probes, kGreeklishMaxProbes);
}

TEST(GreekToLatin, Elot743) {
  struct Case {
    std::string greek;
    std::string latin;
  };
  const std::vector<Case> cases = {
      {"θεατρο", "theatro"},       {"χρονοσ", "chronos"},   {"ξενοδοχειο", "xenodocheio"},
      {"ψηφιακοσ", "psifiakos"},   {"ουρανοσ", "ouranos"},  {"αυτοκινητο", "aftokinito"},
      {"ευρωπη", "evropi"},        {"μπαλα", "bala"},       {"λαμπα", "lampa"},
      {"αγγελια", "angelia"},      {"εγκυοσ", "egkyos"},    {"σφιγξ", "sfinx"},
      {"ελεγχοσ", "elenchos"},     {"ωρα", "ora"},          {"δημοσ 2024", "dimos 2024"},
  };
  for (const auto& c : cases) EXPECT_EQ(greek_to_latin(c.greek), c.latin) << c.greek;
}

// Whatever ELOT 743 writes for a word of the lexicon reads back to it.
TEST(Greeklish, ElotSpellingsReadBack) {
  const SetLexicon lexicon(words());
  for (const auto& g : lexicon.terms()) {
    const std::string latin = greek_to_latin(g);
    EXPECT_TRUE(contains(candidates(lexicon, latin, 50), g)) << g << " as " << latin;
  }
}

}  // namespace
}  // namespace praxis::analysis
