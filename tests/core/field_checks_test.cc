// praxis/field_checks.h: slugs, ISO dates, web URLs and whole numbers.
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "praxis/field_checks.h"

namespace praxis {
namespace {

struct Check {
  std::string input;
  bool expected;
};

TEST(IsSlug, Table) {
  const Check cases[] = {
      {"sterea-open-data-portal", true},
      {"a", true},
      {"2023", true},
      {"open-data-2023", true},
      {"a1-b2-c3", true},
      {"", false},
      {"-leading", false},
      {"trailing-", false},
      {"double--dash", false},
      {"Upper-Case", false},
      {"under_score", false},
      {"with space", false},
      {"dot.md", false},
      {"ανοιχτά-δεδομένα", false},
      {"slash/inside", false},
      {std::string(120, 'a'), true},
      {std::string(121, 'a'), false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_slug(c.input), c.expected) << "'" << c.input << "'";
}

TEST(IsIsoDate, Table) {
  const Check cases[] = {
      {"2026-10-01", true},
      {"2026-01-31", true},
      {"2026-12-31", true},
      {"2026-04-30", true},
      {"2026-04-31", false},
      {"2026-06-31", false},
      {"2026-13-01", false},
      {"2026-00-10", false},
      {"2026-10-00", false},
      {"2026-10-32", false},
      {"01/10/2026", false},
      {"2026/10/01", false},
      {"2026-1-01", false},
      {"2026-10-1", false},
      {"26-10-01", false},
      {"2026-10-01T10:00:00", false},
      {" 2026-10-01", false},
      {"2026-10-01 ", false},
      {"", false},
      {"abcd-ef-gh", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_iso_date(c.input), c.expected) << "'" << c.input << "'";
}

TEST(IsIsoDate, LeapYears) {
  const Check cases[] = {
      {"2024-02-29", true},   // divisible by 4
      {"2023-02-29", false},  // not a leap year
      {"2023-02-28", true},
      {"2000-02-29", true},   // divisible by 400
      {"1900-02-29", false},  // divisible by 100, not by 400
      {"2100-02-29", false},
      {"2400-02-29", true},
      {"2024-02-30", false},  // never
  };
  for (const auto& c : cases) EXPECT_EQ(is_iso_date(c.input), c.expected) << "'" << c.input << "'";
}

TEST(IsWebUrl, Table) {
  const Check cases[] = {
      {"https://data.pste.gov.gr/", true},
      {"https://www.pste.gov.gr/reports/2023.pdf?lang=el#p4", true},
      {"http://example.org", true},
      {"https://example.org:8443/path", true},
      {"https://user@example.org/", true},
      {"https://διαύγεια.gov.gr/", true},  // internationalised host name
      {"https://sub-domain.example.co.uk/a_b", true},
      {"www.pste.gov.gr/report.pdf", false},  // no scheme
      {"ftp://example.org/file", false},
      {"htp://example.org", false},
      {"https://", false},
      {"https:///path", false},
      {"https://localhost/", false},  // no dot in the host
      {"https://example..org/", false},
      {"https://.example.org/", false},
      {"https://example.org./", false},
      {"https://-bad.example.org/", false},
      {"https://bad-.example.org/", false},
      {"https://exa_mple.org/", false},
      {"https://example.org:/", false},
      {"https://example.org:80a/", false},
      {"https://example.org:123456/", false},
      {"https://exa mple.org/", false},
      {"https://example.org/a b", false},
      {"https://example.org/\"quoted\"", false},
      {"https://example.org/<tag>", false},
      {"https://example.org/\x01", false},
      {"HTTPS://EXAMPLE.ORG/", false},  // the scheme is written in lowercase
      {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_web_url(c.input), c.expected) << "'" << c.input << "'";
}

TEST(ParseInt, Accepts) {
  const struct {
    std::string input;
    long long value;
  } cases[] = {
      {"0", 0}, {"2023", 2023}, {"-35", -35}, {"-0", 0}, {"007", 7},
      {"9223372036854775807", LLONG_MAX}, {"-9223372036854775808", LLONG_MIN},
  };
  for (const auto& c : cases) {
    long long out = 12345;
    EXPECT_TRUE(parse_int(c.input, out)) << "'" << c.input << "'";
    EXPECT_EQ(out, c.value) << "'" << c.input << "'";
  }
}

TEST(ParseInt, Rejects) {
  const std::string cases[] = {"",    "+5",   "-",    " 12", "12 ", "1 2",  "12.0", "1e3",
                               "0x10", "twenty", "٣", "9223372036854775808", "-9223372036854775809"};
  for (const auto& input : cases) {
    long long out = 0;
    EXPECT_FALSE(parse_int(input, out)) << "'" << input << "'";
  }
}

}  // namespace
}  // namespace praxis
