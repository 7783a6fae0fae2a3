#include "praxis/analysis/normalize.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace praxis::analysis {
namespace {

struct Case {
  std::string in;
  std::string want;
};

TEST(Normalize, Table) {
  const std::vector<Case> cases = {
      {"Καινοτομία", "καινοτομια"},
      {"καινοτομια", "καινοτομια"},
      {"ΚΑΙΝΟΤΟΜΙΑ", "καινοτομια"},
      {"ΔΗΜΟΣ", "δημοσ"},  // final sigma: case folding maps ς and Σ to σ
      {"δήμος", "δημοσ"},
      {"Δήμος Αθηναίων", "δημοσ αθηναιων"},
      {"ΐ", "ι"},  // iota with dialytika and tonos
      {"ΰ", "υ"},
      {"Ϊ", "ι"},
      {"προϋπολογισμός", "προυπολογισμοσ"},
      {"Άρτα, Ήπειρος", "αρτα, ηπειροσ"},
      {"Café Crème", "cafe creme"},
      {"Straße", "strasse"},
      {"ﬁle", "file"},                  // compatibility ligature
      {"ＡＢＣ１２３", "abc123"},        // full-width forms
      {"a\xC2\xA0" "b", "a b"},         // no-break space
      {"e\xCC\x81", "e"},               // decomposed e + combining acute
      {"καινο\xC2\xADτομία", "καινοτομια"},  // soft hyphen dropped
      {"a\xE2\x80\x8B" "b", "ab"},      // zero-width space dropped
      {"Hello, World! 2024", "hello, world! 2024"},
      {"don’t ‛x", "don't 'x"},  // typographic apostrophes, as TermGenerator indexes them
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(normalize(c.in), c.want) << c.in;
}

TEST(Normalize, AccentAndCaseVariantsMeet) {
  const std::vector<std::vector<std::string>> groups = {
      {"Καινοτομία", "καινοτομια", "ΚΑΙΝΟΤΟΜΙΑ", "καινοτομία", "ΚΑΙΝΟΤΟΜΊΑ"},
      {"ΔΗΜΟΣ", "δήμος", "Δήμος", "δημος", "δημοσ"},
      {"Διαφάνεια", "ΔΙΑΦΆΝΕΙΑ", "διαφανεια"},
  };
  for (const auto& g : groups)
    for (const auto& w : g) EXPECT_EQ(normalize(w), normalize(g.front())) << w;
}

TEST(Normalize, InvalidUtf8BecomesReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  const std::vector<Case> cases = {
      {"ab\xFF" "cd", "ab" + fffd + "cd"},
      {"\xC0\xAF", fffd + fffd},              // overlong '/'
      {"\xED\xA0\x80", fffd + fffd + fffd},   // a surrogate
      {"\xCE", fffd},                         // truncated Greek letter
      {"Δ\xCE", "δ" + fffd},
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
      {"\x80Ά", fffd + "α"},
  };
  for (const auto& c : cases) {
    const std::string got = normalize(c.in);
    EXPECT_EQ(got, c.want);
    EXPECT_TRUE(is_valid_utf8(got));
  }
}

TEST(Normalize, AnyByteStringGivesValidUtf8) {
  // Every single byte and every byte pair: no crash, valid output.
  std::string s(2, '\0');
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      s[0] = static_cast<char>(a);
      s[1] = static_cast<char>(b);
      ASSERT_TRUE(is_valid_utf8(normalize(s))) << a << ' ' << b;
    }
  }
}

TEST(Normalize, AsciiIsOnlyLowercased) {
  std::string all;
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  std::string want = all;
  for (auto& c : want)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  EXPECT_EQ(normalize(all), want);
}

TEST(Normalize, AppendKeepsWhatIsThere) {
  std::string out = "x:";
  normalize_append("Δήμος", out);
  normalize_append(" ABC", out);
  EXPECT_EQ(out, "x:δημοσ abc");
}

TEST(Normalize, IsIdempotent) {
  for (const std::string s : {"Καινοτομία ΐ Straße", "ΔΗΜΟΣ ﬁ", "plain"})
    EXPECT_EQ(normalize(normalize(s)), normalize(s)) << s;
}

TEST(Normalize, LongGreekRun) {
  // One run much longer than the internal buffer.
  std::string in, want;
  for (int i = 0; i < 50000; ++i) {
    in += "Ά";
    want += "α";
  }
  EXPECT_EQ(normalize(in), want);
}

TEST(IsValidUtf8, ReportsFirstBadOffset) {
  struct V {
    std::string s;
    bool ok;
    std::size_t bad;
  };
  const std::vector<V> cases = {
      {"", true, 0},
      {"plain", true, 0},
      {"δήμος €𝄞", true, 0},
      {"ab\xFF", false, 2},
      {"δ\xCE", false, 2},
      {"\xC0\x80", false, 0},
      {"x\xE0\x80\x80", false, 1},
      {"xy\xED\xBF\xBF", false, 2},
      {"\xF5\x80\x80\x80", false, 0},
  };
  for (const auto& c : cases) {
    std::size_t bad = 12345;
    EXPECT_EQ(is_valid_utf8(c.s, &bad), c.ok) << c.s;
    if (!c.ok) {
      EXPECT_EQ(bad, c.bad) << c.s;
    }
    EXPECT_EQ(is_valid_utf8(c.s), c.ok);
  }
}

// The reference: utf8proc over the whole string at once, with the same
// options. normalize() takes shortcuts (ASCII, a table for two-byte
// characters, short runs); this checks that they change nothing.
std::string reference(const std::string& s) {
  utf8proc_uint8_t* out = nullptr;
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  const auto n = utf8proc_map_custom(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out, options,
      [](utf8proc_int32_t c, void*) -> utf8proc_int32_t { return c == 0x2019 || c == 0x201B ? 0x27 : c; }, nullptr);
  EXPECT_GE(n, 0) << s;
  std::string r = n >= 0 ? std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n)) : "";
  std::free(out);
  return r;
}

std::string utf8(char32_t c) {
  std::string s;
  const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), reinterpret_cast<utf8proc_uint8_t*>(s.data()));
  s.resize(4);
  utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), reinterpret_cast<utf8proc_uint8_t*>(s.data()));
  s.resize(static_cast<std::size_t>(n));
  return s;
}

TEST(Normalize, EveryCodePointMatchesUtf8proc) {
  // The Basic Multilingual Plane, mathematical letters and the tags and
  // variation selectors of plane 14.
  auto tested = [](char32_t c) {
    return (c < 0x10000 && !(c >= 0xD800 && c <= 0xDFFF)) || (c >= 0x1D400 && c <= 0x1D7FF) ||
           (c >= 0xE0000 && c <= 0xE01EF);
  };
  for (char32_t c = 1; c <= 0x10FFFF; ++c) {
    if (!tested(c)) continue;
    const std::string s = utf8(c);
    ASSERT_EQ(normalize(s), reference(s)) << "U+" << std::hex << static_cast<unsigned>(c);
  }
}

TEST(Normalize, RandomMixturesMatchUtf8proc) {
  // Characters whose normalisation could depend on their neighbours.
  const std::vector<char32_t> alphabet = {
      'a', 'Z', 's', ' ', '\'', '-', '1', 0xC9, 0xDF, 0xE9, 0xAD, 0xA0, 0x130, 0x149, 0x1C4, 0x300, 0x301, 0x308,
      0x327, 0x345, 0x386, 0x390, 0x391, 0x3A3, 0x3AA, 0x3AC, 0x3B0, 0x3C2, 0x3C3, 0x3CA, 0x3D0, 0x3F4, 0x410, 0x439,
      0x5D0, 0x5B4, 0x627, 0x64B, 0x587, 0x93F, 0x94D, 0xB47, 0xB3E, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x1E9E, 0x1F00,
      0x1FB3, 0x1FBE, 0x200B, 0x200D, 0x2019, 0x201B, 0x2126, 0x212B, 0xFB01, 0xFF21, 0x1D400, 0x1F600, 0xE0001,
  };
  std::mt19937 rng(743);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(1, 12);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (std::size_t k = length(rng); k > 0; --k) s += utf8(alphabet[pick(rng)]);
    ASSERT_EQ(normalize(s), reference(s)) << s;
  }
}

}  // namespace
}  // namespace praxis::analysis
