#include "markup_check.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace praxis::testing {

namespace {

constexpr std::array<std::string_view, 14> kVoid = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                                    "input", "link", "meta", "param", "source", "track", "wbr"};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

std::string at(std::string_view text, std::size_t pos) {
  const std::size_t from = pos > 40 ? pos - 40 : 0;
  return " at byte " + std::to_string(pos) + ": …" + std::string(text.substr(from, 80)) + "…";
}

// A character reference: &name; &#123; &#x1F;
bool valid_entity(std::string_view text, std::size_t amp) {
  std::size_t i = amp + 1;
  if (i < text.size() && text[i] == '#') {
    ++i;
    bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex) ++i;
    const std::size_t start = i;
    while (i < text.size() && (hex ? std::isxdigit(static_cast<unsigned char>(text[i]))
                                   : std::isdigit(static_cast<unsigned char>(text[i]))))
      ++i;
    return i > start && i < text.size() && text[i] == ';';
  }
  const std::size_t start = i;
  while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
  return i > start && i < text.size() && text[i] == ';';
}

}  // namespace

std::string check_markup(std::string_view text, bool html) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '&') {
      if (!valid_entity(text, i)) return "a bare '&'" + at(text, i);
      ++i;
      continue;
    }
    if (c == '>') return "a bare '>'" + at(text, i);
    if (c != '<') {
      ++i;
      continue;
    }
    if (text.substr(i, 4) == "<!--") {
      const std::size_t end = text.find("-->", i);
      if (end == std::string_view::npos) return "an unclosed comment" + at(text, i);
      i = end + 3;
      continue;
    }
    if (text.substr(i, 2) == "<!" || text.substr(i, 2) == "<?") {
      const std::size_t end = text.find('>', i);
      if (end == std::string_view::npos) return "an unclosed declaration" + at(text, i);
      i = end + 1;
      continue;
    }
    const bool closing = i + 1 < text.size() && text[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < text.size() && is_name_char(text[j])) ++j;
    if (j == name_start) return "a bare '<'" + at(text, i);
    std::string name(text.substr(name_start, j - name_start));
    if (html) std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
    // Attributes: name, or name="value" / name='value'.
    bool self_closed = false;
    for (;;) {
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j >= text.size()) return "an unclosed tag" + at(text, i);
      if (text[j] == '>') {
        ++j;
        break;
      }
      if (text[j] == '/' && j + 1 < text.size() && text[j + 1] == '>') {
        self_closed = true;
        j += 2;
        break;
      }
      if (closing) return "attributes on an end tag" + at(text, j);
      const std::size_t attr_start = j;
      while (j < text.size() && is_name_char(text[j])) ++j;
      if (j == attr_start) return "a malformed attribute" + at(text, j);
      if (j < text.size() && text[j] == '=') {
        ++j;
        if (j >= text.size() || (text[j] != '"' && text[j] != '\'')) return "an unquoted attribute value" + at(text, j);
        const char quote = text[j];
        const std::size_t end = text.find(quote, j + 1);
        if (end == std::string_view::npos) return "an unclosed attribute value" + at(text, j);
        const std::string_view value = text.substr(j + 1, end - j - 1);
        if (value.find('<') != std::string_view::npos) return "a '<' in an attribute value" + at(text, j);
        for (std::size_t k = 0; k < value.size(); ++k)
          if (value[k] == '&' && !valid_entity(value, k)) return "a bare '&' in an attribute" + at(text, j + 1 + k);
        j = end + 1;
      } else if (!html) {
        return "an attribute without a value" + at(text, attr_start);
      }
    }
    const bool is_void = html && std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end();
    if (closing) {
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> does not close <" + (stack.empty() ? std::string("nothing") : stack.back()) + ">" +
               at(text, i);
      stack.pop_back();
    } else if (!self_closed && !is_void) {
      stack.push_back(name);
      // Raw-text elements: skip to their end tag.
      if (html && (name == "script" || name == "style")) {
        const std::size_t end = text.find("</" + name, j);
        if (end == std::string_view::npos) return "an unclosed <" + name + ">" + at(text, i);
        j = end;
      }
    }
    i = j;
  }
  if (!stack.empty()) return "<" + stack.back() + "> is never closed";
  return "";
}

}  // namespace praxis::testing
