#include "praxis/analysis/script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace praxis::analysis {
namespace {

TEST(ScriptOf, Table) {
  struct Case {
    std::string word;
    Script want;
  };
  const std::vector<Case> cases = {
      {"", Script::none},
      {"2024", Script::none},
      {"δημοσ", Script::greek},
      {"Καινοτομία", Script::greek},
      {"ἀρχή", Script::greek},  // polytonic
      {"budget", Script::latin},
      {"café", Script::latin},
      {"8eatro", Script::latin},
      {"covid19", Script::latin},
      {"eΚΠΑ", Script::mixed},
      {"москва", Script::none},  // neither Latin nor Greek
      {"\xFF\xFE", Script::none},
      {"δ\xFF", Script::greek},
      {"·;", Script::none},
  };
  for (const auto& c : cases) EXPECT_EQ(script_of(c.word), c.want) << c.word;
}

}  // namespace
}  // namespace praxis::analysis
