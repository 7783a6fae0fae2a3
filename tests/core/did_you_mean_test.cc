// praxis/did_you_mean.h: edit distance and "did you mean" suggestions.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "praxis/did_you_mean.h"
#include "test_support.h"

namespace praxis {
namespace {

TEST(EditDistance, Table) {
  const struct {
    std::string a, b;
    std::size_t distance;
  } cases[] = {
      {"", "", 0},
      {"", "abc", 3},
      {"abc", "", 3},
      {"abc", "abc", 0},
      {"abc", "abd", 1},      // substitution
      {"abc", "abcd", 1},     // insertion
      {"abcd", "acd", 1},     // deletion
      {"ab", "ba", 1},        // adjacent transposition counts once
      {"regional", "regoinal", 1},
      {"ca", "abc", 3},       // optimal string alignment: no edit of a transposed pair
      {"kitten", "sitting", 3},
      {"transparency-acountability", "transparency-accountability", 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(edit_distance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(EditDistance, CountsBytesNotCharacters) {
  // "ά" and "α" are two bytes each and differ in the second one.
  EXPECT_EQ(edit_distance("ά", "α"), 1u);
  EXPECT_EQ(edit_distance("", "α"), 2u);
}

TEST(ClosestMatch, Table) {
  const std::vector<std::string> sectors = test::taxonomy().sectors().ids();
  const std::vector<std::string> levels = test::taxonomy().levels().ids();
  const struct {
    std::string value;
    const std::vector<std::string>* candidates;
    std::optional<std::string> expected;
  } cases[] = {
      {"transparency-acountability", &sectors, "transparency-accountability"},
      {"transparency-accountabilty", &sectors, "transparency-accountability"},
      {"social-econmy", &sectors, "social-economy"},
      // Not close by edits, but contained in exactly one id.
      {"transparency", &sectors, "transparency-accountability"},
      {"technology", &sectors, "technology-ict"},
      // Contained in three ids: no guess.
      {"public", &sectors, std::nullopt},
      {"e-government", &sectors, std::nullopt},
      {"regionl", &levels, "regional"},
      {"Municipal", &levels, "municipal"},
      {"local", &levels, std::nullopt},
      {"", &levels, std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(closest_match(c.value, *c.candidates), c.expected) << c.value;
}

TEST(ClosestMatch, AllowsAboutOneEditPerFourBytes) {
  const std::vector<std::string> candidates = {"abcdefgh"};
  EXPECT_EQ(closest_match("abcdefxx", candidates), "abcdefgh");  // 2 edits, 8 bytes
  EXPECT_EQ(closest_match("abcdexxx", candidates), std::nullopt);  // 3 edits
  EXPECT_EQ(closest_match("ab", std::vector<std::string>{"ba"}), "ba");  // short: one edit
  EXPECT_EQ(closest_match("xyz", std::vector<std::string>{"abc"}), std::nullopt);
  EXPECT_EQ(closest_match("anything", std::vector<std::string>{}), std::nullopt);
}

TEST(ClosestMatch, FieldNames) {
  const std::vector<std::string> fields = {"organisations", "translations", "transferability", "updated",
                                           "verified"};
  EXPECT_EQ(closest_match("organizations", fields), "organisations");
  EXPECT_EQ(closest_match("updatd", fields), "updated");
  EXPECT_EQ(closest_match("author", fields), std::nullopt);
}

TEST(VocabularyDidYouMean, UsesTheVocabularyIds) {
  EXPECT_EQ(test::taxonomy().outcomes().did_you_mean("cost-saving"), "cost-savings");
  EXPECT_EQ(test::taxonomy().statuses().did_you_mean("complete"), "completed");
  EXPECT_EQ(test::taxonomy().evidence().did_you_mean("self reported"), "self-reported");
  EXPECT_EQ(test::taxonomy().evidence().did_you_mean("anecdotal"), std::nullopt);
}

}  // namespace
}  // namespace praxis
