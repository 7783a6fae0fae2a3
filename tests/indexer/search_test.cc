// The index answers like its users expect: Greek without accents or in
// Greeklish, English stemmed, synonyms, field and facet syntax. Built by the
// real praxis-indexer, queried through praxis::QueryBuilder.
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>

#include "case_writer.h"
#include "praxis/query_builder.h"
#include "praxis/schema.h"
#include "process.h"

namespace praxis::testing {
namespace {

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    const auto content = tmp_->path() / "content";
    copy_taxonomy(content);
    write_file(content / "synonyms.yaml",
               "groups:\n  - [ανοικτά δεδομένα, open data]\n  - [ηλεκτρονική διακυβέρνηση, e-government]\n");
    write_case(content, {.id = "kainotomia", .title = "Καινοτομία στην Περιφέρεια Στερεάς Ελλάδας", .lang = "el",
                         .summary = "Ο δήμος και οι πολίτες.", .sector = {"technology-ict"},
                         .body = "## Πρόβλημα\n\nΗ διαφάνεια των δήμων ήταν περιορισμένη.\n\n## Λύση\n\nΑνοικτά δεδομένα για τους πολίτες.\n"});
    write_case(content, {.id = "publicity", .title = "Δημοσιότητα και επικοινωνία", .lang = "el",
                         .sector = {"culture-local-development"},
                         .body = "## Πρόβλημα\n\nΗ δημοσιότητα των εκδηλώσεων.\n"});
    write_case(content, {.id = "budgets", .title = "Participatory budgets in Lisbon", .lang = "en",
                         .sector = {"democracy-participation"}, .region = "PT",
                         .body = "## Problem\n\nCitizens had no say over governments' spending.\n\n## Solution\n\nThe city let residents vote.\n",
                         .tags = {"participatory budgeting"}});
    write_case(content, {.id = "city-data", .title = "A city portal in Trikala", .lang = "en", .sector = {"technology-ict"},
                         .body = "## Problem\n\nNobody could reuse the registers.\n\n## Solution\n\nThe city publishes open data.\n"});
    write_case(content, {.id = "draft-case", .title = "Secret draft about budgets", .draft = true});
    const auto r = run_process({PRAXIS_INDEXER, "build", "--content", content.string(), "--index",
                                (tmp_->path() / "index").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    db_ = new Xapian::Database((tmp_->path() / "index").string());
  }
  static void TearDownTestSuite() {
    delete db_;
    delete tmp_;
  }

  // Ids of the matches, drafts included (excluding drafts is searchd's job).
  static std::set<std::string> search(const std::string& q) {
    QueryBuilder builder(*db_);
    auto parsed = builder.parse(q);
    EXPECT_TRUE(parsed.ok()) << q << ": " << parsed.status().message();
    if (!parsed.ok()) return {};
    Xapian::Enquire enquire(*db_);
    enquire.set_query(parsed->query);
    std::set<std::string> ids;
    const auto mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto doc = it.get_document();
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term[0] == 'Q') ids.insert(term.substr(1));
      }
    }
    return ids;
  }

  static TempDir* tmp_;
  static Xapian::Database* db_;
};
TempDir* SearchTest::tmp_ = nullptr;
Xapian::Database* SearchTest::db_ = nullptr;

using Ids = std::set<std::string>;

TEST_F(SearchTest, GreekIgnoresAccentsCaseAndFinalSigma) {
  for (const char* q : {"Καινοτομία", "καινοτομια", "ΚΑΙΝΟΤΟΜΙΑ", "ΔΗΜΟΣ", "δημος"})
    EXPECT_EQ(search(q), Ids{"kainotomia"}) << q;
}

TEST_F(SearchTest, GreekInflectionsMeet) {
  for (const char* q : {"δήμων", "δήμους", "διαφάνειας", "περιφερειών", "πολίτη"})
    EXPECT_EQ(search(q), Ids{"kainotomia"}) << q;
}

TEST_F(SearchTest, DifferentGreekWordsDoNotMeet) {
  EXPECT_EQ(search("δημοσιότητα"), Ids{"publicity"});
}

TEST_F(SearchTest, GreeklishReachesGreekText) {
  for (const char* q : {"diafaneia", "kainotomia", "dimos", "dhmos", "perifereia"})
    EXPECT_EQ(search(q), Ids{"kainotomia"}) << q;
}

TEST_F(SearchTest, EnglishIsStemmed) {
  EXPECT_EQ(search("government"), Ids{"budgets"});
  EXPECT_EQ(search("budget citizen"), (Ids{"budgets"}));
}

TEST_F(SearchTest, SynonymsCrossLanguages) {
  EXPECT_EQ(search("open data"), (Ids{"kainotomia", "city-data"}));
  EXPECT_EQ(search("ανοικτά δεδομένα"), (Ids{"kainotomia", "city-data"}));
}

// A synonym key is found in another inflection (same stems, word by word),
// and the words of a multi-word synonym match in any inflection.
TEST_F(SearchTest, SynonymsFollowInflection) {
  EXPECT_EQ(search("ανοικτών δεδομένων"), (Ids{"kainotomia", "city-data"}));
  EXPECT_EQ(search("ανοικτων δεδομενων"), (Ids{"kainotomia", "city-data"}));
}

// A Greek word also finds its ELOT 743 transliteration when the index has it:
// place names reach the English cases.
TEST_F(SearchTest, GreekNamesReachTheirTransliteration) {
  EXPECT_EQ(search("Τρίκαλα"), Ids{"city-data"});
  EXPECT_EQ(search("πορταλ Τρικαλων"), Ids{});  // only words the index has are added
}

// Greeklish words are read as Greek before synonyms are looked up.
TEST_F(SearchTest, GreeklishReachesSynonyms) {
  EXPECT_EQ(search("anoikta dedomena"), (Ids{"kainotomia", "city-data"}));
}

TEST_F(SearchTest, SyntaxPhrasesBooleansWildcardsAndFields) {
  EXPECT_EQ(search("\"participatory budgets\""), Ids{"budgets"});
  EXPECT_EQ(search("\"budgets participatory\""), Ids{});
  EXPECT_EQ(search("καινοτ*"), Ids{"kainotomia"});
  EXPECT_EQ(search("title:lisbon"), Ids{"budgets"});
  EXPECT_EQ(search("title:citizens"), Ids{});
  EXPECT_EQ(search("tag:budgeting"), Ids{"budgets"});
  EXPECT_EQ(search("sector:democracy-participation"), Ids{"budgets"});
  EXPECT_EQ(search("region:pt"), Ids{"budgets"});
  EXPECT_EQ(search("budgets NOT lisbon"), Ids{"draft-case"});
  EXPECT_EQ(search("lisbon OR δημοσιότητα"), (Ids{"budgets", "publicity"}));
}

TEST_F(SearchTest, BadQueriesAreValuesNotCrashes) {
  QueryBuilder builder(*db_);
  EXPECT_FALSE(builder.parse(std::string(2000, 'a')).ok());
  EXPECT_FALSE(builder.parse("caf\xC3").ok());
  for (const char* q : {"(", ")", "\"", "AND", "NOT", "title:", "((((a", "a OR OR b", "*", "-", "+"}) {
    auto parsed = builder.parse(q);
    EXPECT_TRUE(parsed.ok()) << q;
  }
  EXPECT_TRUE(builder.parse("")->match_all);
}

TEST_F(SearchTest, HighlightMatcherFollowsTheAnalysis) {
  QueryBuilder builder(*db_);
  auto parsed = builder.parse("δήμων diafaneia");
  ASSERT_TRUE(parsed.ok());
  TermMatcher matches(*parsed);
  EXPECT_TRUE(matches("δημος"));
  EXPECT_TRUE(matches("δημων"));
  EXPECT_TRUE(matches("διαφανεια"));
  EXPECT_FALSE(matches("πολιτες"));
  // The first-letter filter the snippet scan uses: query words begin with δ.
  EXPECT_TRUE(matches.may_start_with(U'δ'));
  EXPECT_FALSE(matches.may_start_with(U'π'));
  // Through make_snippet: upper case and accents are found, other words skipped.
  EXPECT_EQ(analysis::make_snippet("ΔΗΜΟΣ και Δήμων, όχι πόλεων.", matches),
            "<mark>ΔΗΜΟΣ</mark> και <mark>Δήμων</mark>, όχι πόλεων.");
}

TEST_F(SearchTest, SpellingSuggestion) {
  QueryBuilder builder(*db_);
  EXPECT_EQ(builder.suggest("lisbn"), "lisbon");
  EXPECT_EQ(builder.suggest("lisbon"), "");
}

}  // namespace
}  // namespace praxis::testing
