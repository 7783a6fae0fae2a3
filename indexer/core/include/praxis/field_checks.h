// Checks on single front-matter values, shared by the loader and the query side.
#pragma once

#include <string_view>

namespace praxis {

// A case id: lowercase ASCII letters and digits in groups joined by single '-'.
bool is_slug(std::string_view s);
// A real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view s);
// An absolute http(s) URL with a plausible host and no spaces or control characters.
bool is_web_url(std::string_view s);
// A whole number; sets `out`. Rejects signs other than a leading '-', blanks and overflow.
bool parse_int(std::string_view s, long long& out);

}  // namespace praxis
