// The interface language of one request, and how numbers and dates are
// written in it. Greek by default; English by ?lang=en or by the browser's
// Accept-Language. A language chosen with ?lang= is "explicit" and every link
// on the page carries it on; one taken from Accept-Language is not (the next
// request sends the same header).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace praxis::web {

enum class Lang { el, en };

struct Locale {
  Lang lang = Lang::el;
  bool explicit_choice = false;  // came from ?lang=, so links keep it

  std::string_view code() const { return lang == Lang::el ? "el" : "en"; }
  Lang other() const { return lang == Lang::el ? Lang::en : Lang::el; }

  // 1234567 -> el "1.234.567", en "1,234,567". Four-digit numbers are grouped
  // too ("1.234"), as the Greek style guides and the brief ask.
  std::string format_count(std::int64_t n) const;
  // A measured value: -35.5 -> el "-35,5", en "-35.5"; at most two decimals,
  // trailing zeros dropped; 420 -> "420".
  std::string format_decimal(double v) const;
  // "2026-09-15" -> el "15 Σεπτεμβρίου 2026", en "15 September 2026";
  // "2026-09" -> "Σεπτέμβριος 2026" / "September 2026"; "2026" -> "2026".
  // Anything else is returned as given.
  std::string format_date(std::string_view iso) const;
};

std::string_view lang_code(Lang lang);
std::optional<Lang> parse_lang(std::string_view code);

// The language of a request: `lang_param` (?lang=, when valid) wins, then the
// best supported language of `accept_language` by q-value ("en-GB,en;q=0.8"),
// then Greek.
Locale choose_locale(std::string_view lang_param, std::string_view accept_language);

// The supported language the Accept-Language header prefers, if any.
std::optional<Lang> preferred_language(std::string_view accept_language);

}  // namespace praxis::web
