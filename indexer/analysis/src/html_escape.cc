#include "html_escape.h"

#include "praxis/analysis/snippet.h"
#include "utf8.h"

namespace praxis::analysis {
namespace detail {

void append_html_escaped(std::string& out, std::string_view s, bool collapse_space) {
  bool in_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (collapse_space && space) {
      if (!in_space) out += ' ';
      in_space = true;
      ++i;
      continue;
    }
    in_space = false;
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&#39;"; ++i; continue;
      default: break;
    }
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      append_utf8(out, kReplacementChar);
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
}

}  // namespace detail

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  detail::append_html_escaped(out, text, false);
  return out;
}

}  // namespace praxis::analysis
