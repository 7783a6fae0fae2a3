#include "praxis/analysis/words.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "praxis/analysis/normalize.h"

namespace praxis::analysis {
namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  for_each_word(text, [&](const Word& w) {
    EXPECT_EQ(w.text, text.substr(w.begin, w.end - w.begin));
    out.emplace_back(w.text);
  });
  return out;
}

// The positional terms TermGenerator makes from normalize(text), in order.
std::vector<std::string> xapian_words(std::string_view text) {
  Xapian::Document doc;
  Xapian::TermGenerator tg;
  tg.set_document(doc);
  tg.index_text(normalize(text));
  std::map<Xapian::termpos, std::string> by_pos;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) by_pos[*p] = *t;
  std::vector<std::string> out;
  for (auto& [pos, term] : by_pos) out.push_back(term);
  return out;
}

std::vector<std::string> normalized(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& w : words) out.push_back(normalize(w));
  return out;
}

TEST(Words, Table) {
  struct Case {
    std::string text;
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {"", {}},
      {"  ,.; ", {}},
      {"Hello, world!", {"Hello", "world"}},
      {"Ο Δήμος Αθηναίων (2023).", {"Ο", "Δήμος", "Αθηναίων", "2023"}},
      {"O'Neil's AT&T", {"O'Neil's", "AT&T"}},
      {"don’t stop", {"don’t", "stop"}},
      {"1,000.50 euros; 3.", {"1,000.50", "euros", "3"}},
      {"C++ and C# but not a+b", {"C++", "and", "C#", "but", "not", "a", "b"}},
      {"e-government open_data", {"e", "government", "open_data"}},
      {"καινο\u00ADτομία", {"καινο\u00ADτομία"}},  // soft hyphen: one word
      {"'quoted' -dash-", {"quoted", "dash"}},
      {"ab\xFF" "cd", {"ab", "cd"}},
      {"U.N. report", {"U", "N", "report"}},
      {"e\u0301te\u0301", {"e\u0301te\u0301"}},
  };
  for (const auto& c : cases) EXPECT_EQ(words_of(c.text), c.want) << c.text;
}

TEST(Words, OffsetsPointIntoTheText) {
  const std::string text = "Η Περιφέρεια — open data.";
  std::vector<Word> words;
  for_each_word(text, [&](const Word& w) { words.push_back(w); });
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[1].begin, text.find("Περιφέρεια"));
  EXPECT_EQ(words[1].end, text.find("Περιφέρεια") + std::string("Περιφέρεια").size());
  EXPECT_EQ(words[3].text, "data");
}

TEST(Words, CallbackReturningFalseStops) {
  int n = 0;
  for_each_word("one two three four", [&](const Word&) { return ++n < 2; });
  EXPECT_EQ(n, 2);
}

// Highlighting must mark exactly what the indexer indexed.
TEST(Words, AgreeWithTermGeneratorOnNormalizedText) {
  const std::vector<std::string> texts = {
      "Ανοιχτά δεδομένα της Περιφέρειας Στερεάς Ελλάδας: 420 σύνολα δεδομένων (2023).",
      "Η «Διαύγεια» δημοσιεύει αποφάσεις· κάθε πράξη έχει ΑΔΑ.",
      "The city's e-government portal cut costs by 1,250.75 EUR per year; O'Neil & AT&T.",
      "C++ and C# services, a+b, x++y, hash#tag.",
      "Emails like info@example.org and URLs https://example.org/a_b?c=d.",
      "ΚΑΙΝΟΤΟΜΙΑ — καινοτομία – Καινοτομία…",
      "don’t won't ‘quoted’ “double”",
      "Numbers: 3.14, 2;5, 1.000.000 and ½ and 10%.",
      "Mixed: eΚΠΑ COVID-19 Café Straße ﬁle",
      "καινο\u00ADτομία, ζωή\u200Bκαι, a\u200Db",
  };
  for (const auto& t : texts) EXPECT_EQ(normalized(words_of(t)), xapian_words(t)) << t;
}

}  // namespace
}  // namespace praxis::analysis
