// Which paths a manifest may carry: a table of accepted and refused paths.
#include <gtest/gtest.h>

#include "praxis/mirror/path_rules.h"

namespace praxis::mirror {
namespace {

using namespace std::string_literals;

TEST(PathRules, AcceptsOrdinaryPaths) {
  for (const std::string p : {"taxonomy.yaml", "cases/sterea-open-data.md", "cases/2026/a-b_c~d.md",
                              "cases/ανοιχτά-δεδομένα.md", "images/a b.png", "x/y/z/w.md", "a..b.md", "a.",
                              "%2e%2e", "cases/naïve.md" /* NFC: U+00EF */})
    EXPECT_TRUE(check_mirror_path(p).ok()) << p << ": " << check_mirror_path(p).message();
}

TEST(PathRules, RefusesEveryUnsafeShape) {
  struct Case {
    std::string path;
    std::string why;
  };
  const Case cases[] = {
      {"", "empty"},
      {"/etc/passwd", "absolute"},
      {"//server/share", "absolute"},
      {"..", "'..'"},
      {"../secret", "'..'"},
      {"cases/../../etc/passwd", "'..'"},
      {"cases/..", "'..'"},
      {".", "'.'"},
      {"./cases/a.md", "'.'"},
      {"cases/./a.md", "'.'"},
      {"cases//a.md", "empty segment"},
      {"cases/", "empty segment"},
      {".git/config", "hidden"},
      {".praxis-mirror/state.json", "hidden"},
      {"cases/.hidden.md", "hidden"},
      {"cases\\..\\a.md", "backslash"},
      {"..\\a", "backslash"},
      {"cases/a\0.md"s, "NUL"},
      {"cases/a\n.md", "control"},
      {"cases/a\r.md", "control"},
      {"cases/a\t.md", "control"},
      {"cases/a\x1b[31m.md", "control"},
      {"cases/a\x7f.md", "control"},
      {"cases/a\xc2\x85.md", "control"},               // U+0085 NEL (C1)
      {"cases/a\xe2\x80\xae" "dm.exe", "format"},     // U+202E RIGHT-TO-LEFT OVERRIDE
      {"cases/a\xe2\x81\xa6.md", "format"},           // U+2066 LEFT-TO-RIGHT ISOLATE
      {"cases/\xef\xbb\xbf" "a.md", "format"},         // U+FEFF BOM
      {"cases/a\xe2\x80\xa8.md", "control"},          // U+2028 LINE SEPARATOR
      {"cases/\xc0\xae\xc0\xae/x", "UTF-8"},          // overlong "." (the classic ..%c0%af)
      {"\xc0\xaf" "etc", "UTF-8"},                     // overlong "/"
      {"cases/\xe0\x80\xae.md", "UTF-8"},             // 3-byte overlong "."
      {"cases/\xed\xa0\x80.md", "UTF-8"},             // a UTF-16 surrogate
      {"cases/\xff.md", "UTF-8"},
      {"cases/\xc3", "UTF-8"},                         // truncated sequence
      {"cases/\xf4\x90\x80\x80.md", "UTF-8"},         // above U+10FFFF
      {"cases/na\x69\xcc\x88ve.md", "NFC"},            // i + combining diaeresis (NFD)
      {"cases/\xce\xb1\xcc\x81.md", "NFC"},            // α + combining acute: NFC is ά
      {"cases/\xef\xbf\xbf.md", "unassigned"},         // U+FFFF, a noncharacter
      {std::string(1025, 'a'), "longer"},
      {"cases/" + std::string(256, 'a'), "segment longer"},
  };
  for (const auto& c : cases) {
    const Status st = check_mirror_path(c.path);
    EXPECT_FALSE(st.ok()) << "accepted: " << c.path;
    EXPECT_EQ(st.code(), Code::invalid_argument);
  }
}

TEST(PathRules, MessagesSayWhyAndShowControlsEscaped) {
  const Status st = check_mirror_path("cases/a\n.md");
  EXPECT_NE(st.message().find("\\x0a"), std::string::npos) << st.message();
  EXPECT_NE(check_mirror_path("a/../b").message().find("'..'"), std::string::npos);
  EXPECT_NE(check_mirror_path("/a").message().find("absolute"), std::string::npos);
  EXPECT_NE(check_mirror_path("cases/na\x69\xcc\x88ve.md").message().find("NFC"), std::string::npos);
}

TEST(PathRules, OriginNames) {
  for (const char* ok : {"sterea", "gr-h", "attica2", "a", "0x"}) EXPECT_TRUE(is_origin_name(ok)) << ok;
  for (const std::string& bad : std::vector<std::string>{"", "Sterea", "-x", "a_b", "a b", "a/b", "αβ", "a.b", std::string(65, 'a')})
    EXPECT_FALSE(is_origin_name(bad)) << bad;
}

}  // namespace
}  // namespace praxis::mirror
