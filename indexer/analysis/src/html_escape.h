// HTML escaping into a caller's buffer (internal; html_escape() is public).
#pragma once

#include <string>
#include <string_view>

namespace praxis::analysis::detail {

// Appends `s` escaped (& < > " ', invalid UTF-8 → U+FFFD); if collapse_space,
// each run of ASCII whitespace becomes one space.
void append_html_escaped(std::string& out, std::string_view s, bool collapse_space);

}  // namespace praxis::analysis::detail
