// Which alphabet a word is written in: the stemmer and the query side pick
// their analysis by it.
#pragma once

#include <string_view>

namespace praxis::analysis {

enum class Script {
  none,   // no Latin or Greek letter (numbers, other alphabets, empty)
  latin,  // Latin letters, possibly with digits or other non-Greek characters
  greek,  // Greek letters, possibly with digits or other non-Latin characters
  mixed,  // both Latin and Greek letters ("eΚΠΑ", "Covid-19 εμβόλιο" as one string)
};

// The script of a UTF-8 word (any form; normalised or not). Invalid bytes are
// ignored.
Script script_of(std::string_view word);

}  // namespace praxis::analysis
