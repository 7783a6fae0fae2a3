#include "praxis/analysis/script.h"

#include <utf8proc.h>

#include "utf8.h"

namespace praxis::analysis {
namespace {

bool is_letter(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

// Greek and Coptic (less the Coptic letters U+03E2..U+03EF) and Greek
// Extended (polytonic).
bool in_greek_block(char32_t c) {
  return (c >= 0x0370 && c <= 0x03FF && !(c >= 0x03E2 && c <= 0x03EF)) || (c >= 0x1F00 && c <= 0x1FFF);
}

// Latin-1 Supplement, Latin Extended-A/B, IPA Extensions, Latin Extended
// Additional, and the full-width Latin letters.
bool in_latin_block(char32_t c) {
  return (c >= 0x00C0 && c <= 0x02AF) || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0xFF21 && c <= 0xFF5A);
}

}  // namespace

Script script_of(std::string_view word) {
  bool latin = false, greek = false;
  char32_t c = 0;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t len = detail::decode_utf8(word, i, c);
    if (len == 0) {  // an invalid byte: not a letter of either script
      ++i;
      continue;
    }
    i += len;
    if (c < 0x80) {
      latin = latin || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    } else if (in_greek_block(c)) {
      greek = greek || is_letter(c);
    } else if (in_latin_block(c)) {
      latin = latin || is_letter(c);
    }
  }
  if (latin && greek) return Script::mixed;
  if (greek) return Script::greek;
  if (latin) return Script::latin;
  return Script::none;
}

}  // namespace praxis::analysis
