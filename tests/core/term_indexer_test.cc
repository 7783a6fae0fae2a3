// TermIndexer must index exactly what Xapian::TermGenerator (STEM_SOME, no
// stopper, the Praxis stemmer) indexes from the same normalised text: the
// same terms, wdfs and positions. Queries are parsed by Xapian's
// QueryParser, which expects TermGenerator's terms.
#include "praxis/term_indexer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "praxis/analysis/normalize.h"
#include "praxis/analysis/stemmer.h"

namespace praxis {
namespace {

namespace fs = std::filesystem;

// One call of a field: text, wdf increment, prefix; then a gap.
struct Field {
  std::string text;
  Xapian::termcount wdf = 1;
  std::string prefix;
};

using Posting = std::tuple<std::string, Xapian::termcount, std::vector<Xapian::termpos>>;

std::vector<Posting> dump(const Xapian::Document& doc) {
  std::vector<Posting> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::vector<Xapian::termpos> positions(t.positionlist_begin(), t.positionlist_end());
    out.emplace_back(*t, t.get_wdf(), std::move(positions));
  }
  return out;
}

std::vector<Posting> with_term_generator(const std::vector<Field>& fields) {
  Xapian::Document doc;
  Xapian::TermGenerator tg;
  tg.set_stemmer(analysis::make_stemmer());
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  tg.set_document(doc);
  for (const auto& f : fields) {
    tg.index_text(analysis::normalize(f.text), f.wdf, f.prefix);
    tg.increase_termpos(100);
  }
  return dump(doc);
}

std::vector<Posting> with_term_indexer(TermIndexer& indexer, const std::vector<Field>& fields) {
  Xapian::Document doc;
  indexer.start(doc);
  for (const auto& f : fields) {
    indexer.index(analysis::normalize(f.text), f.wdf, f.prefix);
    indexer.skip(100);
  }
  indexer.finish();
  return dump(doc);
}

void expect_same_terms(TermIndexer& indexer, const std::vector<Field>& fields, const std::string& what) {
  const auto want = with_term_generator(fields);
  const auto got = with_term_indexer(indexer, fields);
  if (want == got) return;
  // Name the first difference rather than printing two whole term lists.
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  const auto show = [](const std::vector<Posting>& v, std::size_t k) {
    if (k >= v.size()) return std::string("(end)");
    const auto& [term, wdf, positions] = v[k];
    return "'" + term + "' wdf " + std::to_string(wdf) + ", " + std::to_string(positions.size()) + " positions";
  };
  ADD_FAILURE() << what << ": term " << i << " differs: TermGenerator " << show(want, i) << ", TermIndexer "
                << show(got, i) << " (" << want.size() << " vs " << got.size() << " terms)";
}

TEST(TermIndexer, IndexesWhatTermGeneratorIndexes) {
  TermIndexer indexer(analysis::make_stemmer());
  const std::vector<std::vector<Field>> cases = {
      {},
      {{"", 1, ""}},
      {{"Ο Δήμος Αθηναίων ψήφισε το 2023 τον προϋπολογισμό.", 1, ""}},
      {{"Open data portals and e-government services", 6, "S"}, {"Open data portals", 6, ""}},
      {{"καινοτομία καινοτομίας ΚΑΙΝΟΤΟΜΙΕΣ καινοτομιών", 3, "XH"}, {"δήμος δήμων δήμους", 1, ""}},
      {{"O'Neil's AT&T don’t C++ C# a+b fish+chips 1,000.50 3.", 2, "XO"}},
      {{"_underscore 2023abc 4th ʼmodifier ǅemal Ⅻ ½ ¹²", 1, ""}},
      {{"中文字符 日本語のテキスト 한국어", 1, ""}},
      {{"emoji 🙂 mixed Δήμοςabc ab\xEF\xBF\xBD" "cd invalid \xFF\xFE bytes", 1, ""}},
      {{std::string(70, 'a') + " short " + std::string(33, 'b') + "ββ" + std::string(30, 'c'), 1, ""}},
      {{std::string(64, 'x') + " " + std::string(65, 'y') + " " + std::string(32, '\xCE') + "end", 1, "K"}},
      {{"τουρισμός πολιτισμός πολίτης απε ΚΕΠ ΟΤΑ", 4, "XA"}, {"same words again τουρισμός", 4, ""}},
      {{"zero wdf words", 0, "XF"}, {"zero wdf words", 0, ""}},
      {{"repeated repeated repeated", 1, ""}, {"repeated repeats", 6, "S"}, {"repeats", 1, ""}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) expect_same_terms(indexer, cases[i], "case " + std::to_string(i));
}

// Random text over an alphabet of the characters the tokenizer treats
// specially: the indexer is reused across documents, as in a build.
TEST(TermIndexer, IndexesWhatTermGeneratorIndexesOnRandomText) {
  const std::vector<std::string> alphabet = {
      "a", "e", "s", "ά", "ς", "Σ", "ι", "ΐ", "1", "9", "_", " ", " ", " ", ".", ",", ";", "'", "’", "&", "·",
      "+", "#", "-", "\u00AD", "\u200B", "\u200D", "ﬁ", "Ⅸ", "²", "中", "\xFF", "\n", "ʼ", "\u0301", "ǅ"};
  std::mt19937 rng(20261203);
  TermIndexer indexer(analysis::make_stemmer());
  for (int round = 0; round < 2000; ++round) {
    std::vector<Field> fields;
    const int nfields = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < nfields; ++f) {
      Field field;
      const int len = static_cast<int>(rng() % 60);
      for (int k = 0; k < len; ++k) field.text += alphabet[rng() % alphabet.size()];
      field.wdf = rng() % 4;
      field.prefix = (rng() % 2) ? "" : "XA";
      fields.push_back(std::move(field));
    }
    expect_same_terms(indexer, fields, "round " + std::to_string(round));
    if (HasFailure()) return;
  }
}

// Every Markdown file of the bundled content and of the test fixtures, as
// body text, and its first line as a prefixed title.
TEST(TermIndexer, IndexesWhatTermGeneratorIndexesOnTheBundledContent) {
  TermIndexer indexer(analysis::make_stemmer());
  std::size_t files = 0;
  for (const fs::path& dir : {fs::path(PRAXIS_SOURCE_DIR) / "content", fs::path(PRAXIS_SOURCE_DIR) / "tests" / "fixtures"}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::string first_line = text.substr(0, text.find('\n'));
      expect_same_terms(indexer, {{first_line, 6, "S"}, {first_line, 6, ""}, {text, 1, ""}}, entry.path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 10u);
}

// ---- Phrase terms.

Xapian::termcount phrase_wdf(const Xapian::Document& doc, const std::string& joined) {
  auto t = doc.termlist_begin();
  t.skip_to("XP" + joined);
  return t != doc.termlist_end() && *t == "XP" + joined ? t.get_wdf() : 0;
}

TEST(TermIndexer, CountsEachPhraseOccurrenceWithinAField) {
  const PhraseSet phrases = PhraseSet::parse("city council\ncity council meeting\ncouncil council\n");
  TermIndexer indexer(analysis::make_stemmer(), &phrases);
  Xapian::Document doc;
  indexer.start(doc);
  indexer.index("city council", 6, "S");  // prefixed words make no phrase term
  indexer.skip(100);
  indexer.index("city council", 6);
  indexer.skip(100);
  indexer.index("the city council meeting; city  council council council. city", 1);
  indexer.skip(100);
  indexer.index("council meeting", 1);  // "city" ended the field before: no phrase across the gap
  indexer.finish();
  EXPECT_EQ(phrase_wdf(doc, "city council"), 6u + 2u);
  EXPECT_EQ(phrase_wdf(doc, "city council meeting"), 1u);
  EXPECT_EQ(phrase_wdf(doc, "council council"), 2u);
  EXPECT_EQ(phrase_wdf(doc, "council meeting"), 0u);
  // The same terms, wdfs and positions as without phrases, besides the phrase terms.
  TermIndexer plain(analysis::make_stemmer());
  Xapian::Document without;
  plain.start(without);
  plain.index("city council", 6, "S");
  plain.skip(100);
  plain.index("city council", 6);
  plain.skip(100);
  plain.index("the city council meeting; city  council council council. city", 1);
  plain.skip(100);
  plain.index("council meeting", 1);
  plain.finish();
  auto rest = dump(doc);
  std::erase_if(rest, [](const Posting& p) { return std::get<0>(p).rfind("XP", 0) == 0; });
  EXPECT_EQ(rest, dump(without));
}

// A document has a phrase term exactly when Xapian's phrase query matches
// it: random text over a few words (so that phrases occur often), in
// several fields, with over-long words that take no position.
TEST(TermIndexer, PhraseTermsMatchWhatPhraseQueriesMatch) {
  const std::vector<std::string> words = {"a", "b", "c", "δήμος", "Δημοτική", "αρχή", std::string(70, 'x')};
  const PhraseSet phrases = PhraseSet::from_synonyms({{"a b", "b a", "a a", "c b a", "a b c a", "δημοτικη αρχη"},
                                                      {"δημος αρχη δημος", "b c"}});
  std::mt19937 rng(20261204);
  TermIndexer indexer(analysis::make_stemmer(), &phrases);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 300; ++d) {
    Xapian::Document doc;
    indexer.start(doc);
    const int nfields = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < nfields; ++f) {
      std::string text;
      const int len = static_cast<int>(rng() % 12);
      for (int k = 0; k < len; ++k) text += words[rng() % words.size()] + (rng() % 5 ? " " : ". ");
      indexer.index(analysis::normalize(text), static_cast<Xapian::termcount>(1 + rng() % 3), rng() % 4 ? "" : "S");
      indexer.skip(100);
    }
    indexer.finish();
    db.add_document(doc);
  }
  std::size_t with_documents = 0;
  std::istringstream lines(phrases.serialise());
  for (std::string joined; std::getline(lines, joined);) {
    std::vector<std::string> terms;
    std::istringstream split(joined);
    for (std::string t; split >> t;) terms.push_back(t);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                    static_cast<Xapian::termcount>(terms.size())));
    const Xapian::MSet found = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> want;
    for (auto it = found.begin(); it != found.end(); ++it) want.push_back(*it);
    std::sort(want.begin(), want.end());
    const std::vector<Xapian::docid> got(db.postlist_begin("XP" + joined), db.postlist_end("XP" + joined));
    EXPECT_EQ(got, want) << joined;
    if (!want.empty()) ++with_documents;
  }
  EXPECT_GE(with_documents, 6u);
}

}  // namespace
}  // namespace praxis
