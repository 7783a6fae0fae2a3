// praxis/front_matter.h: splitting a case file into front matter and body,
// line ends, byte-order marks and UTF-8 validation.
#include <gtest/gtest.h>

#include <string>

#include "praxis/front_matter.h"

namespace praxis {
namespace {

std::optional<FrontMatter> split(const std::string& text, Finding* error_out = nullptr) {
  Finding error;
  auto fm = split_front_matter(text, error);
  if (error_out) *error_out = error;
  return fm;
}

TEST(SplitFrontMatter, DashesOnBothSides) {
  const auto fm = split("---\nid: a\ntitle: T\n---\n## Problem\n\nText.\n");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "id: a\ntitle: T\n");
  EXPECT_EQ(fm->yaml_line, 2);
  EXPECT_EQ(fm->body, "## Problem\n\nText.\n");
  EXPECT_EQ(fm->body_line, 5);
}

TEST(SplitFrontMatter, DotsEndTheFrontMatter) {
  const auto fm = split("---\nid: a\n...\nbody\n");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "id: a\n");
  EXPECT_EQ(fm->body, "body\n");
  EXPECT_EQ(fm->body_line, 4);
}

TEST(SplitFrontMatter, OnlyTheFirstClosingLineCounts) {
  const auto fm = split("---\nid: a\n---\nbody\n\n---\n\nmore\n");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "id: a\n");
  EXPECT_EQ(fm->body, "body\n\n---\n\nmore\n");
}

TEST(SplitFrontMatter, FencesMayHaveTrailingBlanks) {
  const auto fm = split("--- \t\nid: a\n---  \nbody");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "id: a\n");
  EXPECT_EQ(fm->body, "body");
  EXPECT_EQ(fm->body_line, 4);
}

TEST(SplitFrontMatter, EmptyFrontMatterAndEmptyBody) {
  const auto fm = split("---\n---\n");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "");
  EXPECT_EQ(fm->body, "");
  EXPECT_EQ(fm->body_line, 3);
}

TEST(SplitFrontMatter, BodyLineCountsEveryFrontMatterLine) {
  std::string text = "---\n";
  for (int i = 0; i < 30; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "---\nfirst body line\n";
  const auto fm = split(text);
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->body_line, 33);
  EXPECT_EQ(fm->body, "first body line\n");
}

TEST(SplitFrontMatter, Missing) {
  const std::string texts[] = {"# Title\n\nid: a\n", "", "\n---\nid: a\n---\n", " ---\nid: a\n---\n",
                               "----\nid: a\n----\n", "+++\nid = 'a'\n+++\n"};
  for (const auto& text : texts) {
    Finding error;
    EXPECT_FALSE(split(text, &error)) << text;
    EXPECT_EQ(error.line, 1) << text;
    EXPECT_EQ(error.column, 1) << text;
    EXPECT_EQ(error.message, "missing front matter: the file must start with a line '---'") << text;
  }
}

TEST(SplitFrontMatter, Unterminated) {
  const std::string texts[] = {"---\nid: a\n\n## Problem\n", "---", "---\n", "---\nid: a\n-- \n"};
  for (const auto& text : texts) {
    Finding error;
    EXPECT_FALSE(split(text, &error)) << text;
    EXPECT_EQ(error.line, 1) << text;
    EXPECT_EQ(error.column, 1) << text;
    EXPECT_EQ(error.message, "unterminated front matter: no closing line '---' after the opening one") << text;
  }
}

TEST(NormalizeLineEnds, Table) {
  const struct {
    std::string in, out;
  } cases[] = {
      {"a\nb\n", "a\nb\n"},
      {"a\r\nb\r\n", "a\nb\n"},
      {"a\rb\r", "a\nb\n"},           // old Mac line ends
      {"a\r\r\nb", "a\n\nb"},
      {"\xEF\xBB\xBF---\r\n", "---\n"},  // byte-order mark
      {"\xEF\xBB\xBF", ""},
      {"x\xEF\xBB\xBFy", "x\xEF\xBB\xBFy"},  // only a leading mark is removed
      {"\xEF\xBB\xBF\xEF\xBB\xBFz", "\xEF\xBB\xBFz"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(normalize_line_ends(c.in), c.out);
}

TEST(SplitFrontMatter, ByteOrderMarkAndCrlfAfterNormalising) {
  const std::string raw = "\xEF\xBB\xBF---\r\nid: a\r\ntitle: Τίτλος\r\n---\r\n## Πρόβλημα\r\n\r\nΚείμενο.\r\n";
  const auto fm = split(normalize_line_ends(raw));
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->yaml, "id: a\ntitle: Τίτλος\n");
  EXPECT_EQ(fm->body, "## Πρόβλημα\n\nΚείμενο.\n");
  EXPECT_EQ(fm->body_line, 5);
}

TEST(FindInvalidUtf8, Table) {
  constexpr auto npos = std::string::npos;
  const struct {
    std::string text;
    std::size_t offset;
  } cases[] = {
      {"", npos},
      {"plain ASCII\n", npos},
      {"Στερεά Ελλάδα", npos},                  // two-byte sequences
      {"€ and ✓", npos},                        // three-byte sequences
      {"\xF0\x9F\x87\xAC\xF0\x9F\x87\xB7", npos},  // four-byte: the Greek flag
      {"\xEF\xBB\xBF---", npos},                // a byte-order mark is valid UTF-8
      {"ab\x80", 2},                            // lone continuation byte
      {"a\xC4\xDE", 1},                         // Windows-1253 "Δή": lead byte without continuation
      {"\xE9t\xE9", 0},                         // Latin-1 "été"
      {"\xC0\xAF", 0},                          // overlong '/'
      {"\xC1\xBF", 0},                          // overlong
      {"\xE0\x80\xAF", 0},                      // overlong three-byte
      {"\xF0\x80\x80\xAF", 0},                  // overlong four-byte
      {"x\xED\xA0\x80", 1},                     // UTF-16 surrogate U+D800
      {"\xED\x9F\xBF", npos},                   // U+D7FF, just below the surrogates
      {"\xF4\x8F\xBF\xBF", npos},               // U+10FFFF, the last code point
      {"\xF4\x90\x80\x80", 0},                  // above U+10FFFF
      {"\xF5\x80\x80\x80", 0},
      {"\xFF", 0},
      {"ok\xCE", 2},                            // sequence cut at the end of the text
      {"ok\xE2\x82", 2},
      {std::string("nul\0byte", 8), npos},      // NUL is valid UTF-8
  };
  for (const auto& c : cases) EXPECT_EQ(find_invalid_utf8(c.text), c.offset) << c.text;
}

}  // namespace
}  // namespace praxis
