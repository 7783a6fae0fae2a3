#include "praxis/analysis/snippet.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "praxis/analysis/normalize.h"

namespace praxis::analysis {
namespace {

// Matches normalised words of a set (given in any form).
auto matching(std::initializer_list<std::string> words) {
  std::set<std::string> terms;
  for (const auto& w : words) terms.insert(normalize(w));
  return [terms](std::string_view w) { return terms.count(std::string(w)) > 0; };
}

const auto kNothing = [](std::string_view) { return false; };

// The text a reader sees: tags dropped, entities decoded.
std::string visible(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      i = html.find('>', i);
      continue;
    }
    if (html[i] == '&') {
      const std::size_t semi = html.find(';', i);
      const std::string_view e = html.substr(i, semi - i + 1);
      out += e == "&amp;" ? "&" : e == "&lt;" ? "<" : e == "&gt;" ? ">" : e == "&quot;" ? "\"" : "'";
      i = semi;
      continue;
    }
    out += html[i];
  }
  return out;
}

std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TEST(HtmlEscape, EscapesTheFiveCharacters) {
  EXPECT_EQ(html_escape(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("Δήμος"), "Δήμος");
  EXPECT_EQ(html_escape("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(html_escape(""), "");
}

TEST(Snippet, HighlightsAccentAndCaseInsensitiveMatches) {
  const std::string text = "Η ΚΑΙΝΟΤΟΜΙΑ στον Δήμο: καινοτομία και Καινοτομία.";
  EXPECT_EQ(make_snippet(text, matching({"καινοτομια"})),
            "Η <mark>ΚΑΙΝΟΤΟΜΙΑ</mark> στον Δήμο: <mark>καινοτομία</mark> και <mark>Καινοτομία</mark>.");
}

TEST(Snippet, MatcherSeesNormalisedWordsOncePerWord) {
  std::set<std::string> seen;
  int calls = 0;
  make_snippet("Δήμος ΔΗΜΟΣ δήμος Budget budget", [&](std::string_view w) {
    ++calls;
    seen.emplace(w);
    return false;
  });
  EXPECT_EQ(seen, (std::set<std::string>{"δημοσ", "budget"}));
  EXPECT_EQ(calls, 2);
}

TEST(Snippet, EscapesEverything) {
  const std::string text = "Before <script>alert('x')</script> & \"budget\" after";
  const std::string got = make_snippet(text, matching({"budget"}));
  EXPECT_EQ(got, "Before &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;<mark>budget</mark>&quot; after");
  EXPECT_EQ(got.find("<script"), std::string::npos);
}

TEST(Snippet, MatchingWordWithMarkupAroundIsEscaped) {
  const std::string got = make_snippet("<b>δήμος</b>", matching({"δημος"}));
  EXPECT_EQ(got, "&lt;b&gt;<mark>δήμος</mark>&lt;/b&gt;");
}

std::string long_greek_text() {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Η περιφέρεια δημοσίευσε ανοιχτά δεδομένα για τις μεταφορές. ";
  text += "Εδώ η διαφάνεια και η λογοδοσία του δήμου βελτιώθηκαν σημαντικά. ";
  for (int i = 0; i < 40; ++i) text += "Οι πολίτες χρησιμοποίησαν την πλατφόρμα συχνά. ";
  return text;
}

TEST(Snippet, CutsGreekTextAtWordsWithEllipses) {
  const std::string text = long_greek_text();
  const std::string got = make_snippet(text, matching({"διαφάνεια", "λογοδοσία"}), 120);
  EXPECT_NE(got.find("<mark>διαφάνεια</mark>"), std::string::npos) << got;
  EXPECT_NE(got.find("<mark>λογοδοσία</mark>"), std::string::npos) << got;
  const std::string ellipsis = "…";
  ASSERT_EQ(got.substr(0, ellipsis.size()), ellipsis) << got;
  ASSERT_EQ(got.substr(got.size() - ellipsis.size()), ellipsis) << got;
  const std::string seen = visible(got);
  EXPECT_LE(chars(seen), 120u) << seen;
  EXPECT_GE(chars(seen), 80u) << seen;
  // Whole words at both cuts: the text between the ellipses occurs in the text
  // and starts and ends at word boundaries.
  const std::string inner = seen.substr(ellipsis.size(), seen.size() - 2 * ellipsis.size());
  const std::size_t at = text.find(inner);
  ASSERT_NE(at, std::string::npos) << inner;
  EXPECT_EQ(text[at - 1], ' ');
  const char after = text[at + inner.size()];
  EXPECT_TRUE(after == ' ' || after == '.') << inner;
}

TEST(Snippet, PrefersTheWindowWithMoreDistinctMatches) {
  std::string text = "δήμος δήμος δήμος δήμος. ";
  for (int i = 0; i < 30; ++i) text += "άσχετο κείμενο εδώ. ";
  text += "Ο δήμος και η διαφάνεια. ";
  for (int i = 0; i < 30; ++i) text += "άλλο κείμενο εκεί. ";
  const std::string got = make_snippet(text, matching({"δήμος", "διαφάνεια"}), 80);
  EXPECT_NE(got.find("<mark>διαφάνεια</mark>"), std::string::npos) << got;
}

TEST(Snippet, NoMatchGivesTheStart) {
  const std::string text = long_greek_text();
  const std::string got = make_snippet(text, kNothing, 60);
  EXPECT_EQ(got.rfind("Η περιφέρεια δημοσίευσε", 0), 0u) << got;
  EXPECT_EQ(got.find("<mark>"), std::string::npos);
  EXPECT_LE(chars(visible(got)), 60u);
  EXPECT_EQ(got.substr(got.size() - 3), "…");
}

TEST(Snippet, ShortTextIsWholeWithoutEllipsis) {
  EXPECT_EQ(make_snippet("  Ανοιχτά\n\n δεδομένα  ", kNothing), "Ανοιχτά δεδομένα");
  EXPECT_EQ(make_snippet("", kNothing), "");
  EXPECT_EQ(make_snippet("text", kNothing, 0), "");
}

TEST(Snippet, MatchNearTheEndUsesOneEllipsis) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "λέξη ";
  text += "τέλος";
  const std::string got = make_snippet(text, matching({"τέλος"}), 40);
  EXPECT_EQ(got.rfind("…", 0), 0u) << got;
  EXPECT_EQ(got.substr(got.size() - std::string("<mark>τέλος</mark>").size()), "<mark>τέλος</mark>") << got;
  EXPECT_LE(chars(visible(got)), 40u);
}

TEST(Snippet, AWordLongerThanTheSnippetIsCutAtACharacter) {
  std::string word;
  for (int i = 0; i < 100; ++i) word += "α";
  const std::string got = make_snippet("αρχή " + word + " τέλος", matching({word}), 30);
  EXPECT_NE(got.find("<mark>"), std::string::npos) << got;
  EXPECT_LE(chars(visible(got)), 30u);
  EXPECT_TRUE(is_valid_utf8(got)) << got;
}

TEST(Snippet, InvalidUtf8NeverLeaksIntoTheHtml) {
  std::string text = "δήμος \xFF\xFE budget \xCE";
  for (int i = 0; i < 50; ++i) text += " λέξη\x80";
  const std::string got = make_snippet(text, matching({"budget"}), 50);
  EXPECT_TRUE(is_valid_utf8(got)) << got;
  EXPECT_NE(got.find("<mark>budget</mark>"), std::string::npos) << got;
}

TEST(Snippet, EveryLengthStaysWithinTheBudget) {
  const std::string text = long_greek_text();
  for (std::size_t n = 1; n <= 300; n += 7) {
    const std::string got = make_snippet(text, matching({"λογοδοσία"}), n);
    EXPECT_LE(chars(visible(got)), n) << n << ": " << got;
  }
}

// A matcher that refuses some first letters is never asked about words that
// begin with them — in whatever case or accent the text writes them.
TEST(Snippet, FirstLetterFilterSkipsWords) {
  struct Matcher final : WordMatcher {
    mutable std::set<std::string> asked;
    bool matches(std::string_view w) const override {
      asked.emplace(w);
      return w == "αλφα";
    }
    bool may_start_with(char32_t c) const override { return c == U'α'; }
  } m;
  EXPECT_EQ(make_snippet("Άλφα beta ΑΛΦΑ γάμμα αλφάβητο", m), "<mark>Άλφα</mark> beta <mark>ΑΛΦΑ</mark> γάμμα αλφάβητο");
  EXPECT_EQ(m.asked, (std::set<std::string>{"αλφα", "αλφαβητο"}));
}

}  // namespace
}  // namespace praxis::analysis
