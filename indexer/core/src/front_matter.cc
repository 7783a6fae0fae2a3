#include "praxis/front_matter.h"

namespace praxis {
namespace {

bool is_fence(std::string_view line, std::string_view fence) {
  if (line.substr(0, fence.size()) != fence) return false;
  for (char c : line.substr(fence.size()))
    if (c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace

std::string normalize_line_ends(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t len = 0;
    unsigned min = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return i;
    if (i + len > n) return i;
    unsigned cp = c & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::optional<FrontMatter> split_front_matter(std::string_view text, Finding& error) {
  std::size_t pos = 0;
  int line_no = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    const std::size_t end = text.find('\n', pos);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end;
    line = text.substr(pos, stop - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    return true;
  };

  std::string_view line;
  if (!next_line(line) || !is_fence(line, "---")) {
    error.line = 1;
    error.column = 1;
    error.field.clear();
    error.message = "missing front matter: the file must start with a line '---'";
    return std::nullopt;
  }
  const std::size_t yaml_start = pos;
  while (true) {
    const std::size_t line_start = pos;
    if (!next_line(line)) break;
    if (is_fence(line, "---") || is_fence(line, "...")) {
      FrontMatter fm;
      fm.yaml = std::string(text.substr(yaml_start, line_start - yaml_start));
      fm.yaml_line = 2;
      fm.body = std::string(text.substr(pos));
      fm.body_line = line_no + 1;
      return fm;
    }
  }
  error.line = 1;
  error.column = 1;
  error.field.clear();
  error.message = "unterminated front matter: no closing line '---' after the opening one";
  return std::nullopt;
}

}  // namespace praxis
