#include "web/locale.h"

#include <gtest/gtest.h>

namespace praxis::web {
namespace {

struct ChoiceCase {
  const char* lang_param;
  const char* accept_language;
  Lang want;
  bool want_explicit;
};

TEST(Locale, ChoosesFromParamThenAcceptLanguageThenGreek) {
  const ChoiceCase cases[] = {
      {"", "", Lang::el, false},
      {"en", "", Lang::en, true},
      {"el", "en-GB,en;q=0.9", Lang::el, true},
      {"EN", "", Lang::en, true},
      {"fr", "", Lang::el, false},                    // unknown ?lang= is ignored
      {"fr", "en-US,en;q=0.5", Lang::en, false},
      {"", "en-GB,en;q=0.9,el;q=0.8", Lang::en, false},
      {"", "el-GR,el;q=0.9,en;q=0.8", Lang::el, false},
      {"", "fr-FR,fr;q=0.9,en;q=0.5", Lang::en, false},  // the best *supported* language
      {"", "de,fr", Lang::el, false},
      {"", "en;q=0.2, el;q=0.7", Lang::el, false},
      {"", "en;q=0", Lang::el, false},                // q=0: not acceptable
      {"", "*", Lang::el, false},
      {"", "en;q=abc", Lang::el, false},              // a malformed entry is skipped
      {"", "en;q=1.5", Lang::el, false},
      {"", " EN ", Lang::en, false},
      {"", ",,,;;;==", Lang::el, false},
      {"", "en-GB;q=0.8;level=1", Lang::en, false},
  };
  for (const auto& c : cases) {
    const Locale l = choose_locale(c.lang_param, c.accept_language);
    EXPECT_EQ(l.lang, c.want) << "lang=" << c.lang_param << " accept=" << c.accept_language;
    EXPECT_EQ(l.explicit_choice, c.want_explicit) << "lang=" << c.lang_param << " accept=" << c.accept_language;
  }
}

TEST(Locale, LongAcceptLanguageIsBounded) {
  std::string header;
  for (int i = 0; i < 5000; ++i) header += "xx;q=0.1,";
  header += "en";
  EXPECT_EQ(choose_locale("", header).lang, Lang::el);  // "en" lies past the bound
  EXPECT_EQ(choose_locale("", "en," + header).lang, Lang::en);
}

TEST(Locale, FormatsCounts) {
  const Locale el{Lang::el}, en{Lang::en};
  struct Case {
    std::int64_t n;
    const char* el;
    const char* en;
  };
  const Case cases[] = {
      {0, "0", "0"},
      {7, "7", "7"},
      {999, "999", "999"},
      {1234, "1.234", "1,234"},
      {1234567, "1.234.567", "1,234,567"},
      {-1234, "-1.234", "-1,234"},
      {INT64_MIN, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(el.format_count(c.n), c.el);
    EXPECT_EQ(en.format_count(c.n), c.en);
  }
}

TEST(Locale, FormatsDecimals) {
  const Locale el{Lang::el}, en{Lang::en};
  struct Case {
    double v;
    const char* el;
    const char* en;
  };
  const Case cases[] = {
      {420, "420", "420"},       {-35.5, "-35,5", "-35.5"},     {1234.5, "1.234,5", "1,234.5"},
      {0.25, "0,25", "0.25"},    {2.999, "3", "3"},             {-0.001, "0", "0"},
      {1e6, "1.000.000", "1,000,000"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(el.format_decimal(c.v), c.el) << c.v;
    EXPECT_EQ(en.format_decimal(c.v), c.en) << c.v;
  }
  EXPECT_EQ(en.format_decimal(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_FALSE(en.format_decimal(1e300).empty());
}

TEST(Locale, FormatsDates) {
  const Locale el{Lang::el}, en{Lang::en};
  EXPECT_EQ(el.format_date("2026-09-15"), "15 Σεπτεμβρίου 2026");
  EXPECT_EQ(en.format_date("2026-09-15"), "15 September 2026");
  EXPECT_EQ(el.format_date("2026-05-01"), "1 Μαΐου 2026");
  EXPECT_EQ(el.format_date("2026-09"), "Σεπτέμβριος 2026");
  EXPECT_EQ(en.format_date("2026-09"), "September 2026");
  EXPECT_EQ(en.format_date("2026"), "2026");
  // Anything else comes back as it was.
  for (const char* odd : {"", "yesterday", "2026-13-01", "2026-00-10", "2026-01-32", "2026/01/02", "+026-01-02",
                          "2026-1-2", "20260102"})
    EXPECT_EQ(en.format_date(odd), odd);
}

}  // namespace
}  // namespace praxis::web
