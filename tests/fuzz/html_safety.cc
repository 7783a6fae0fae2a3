#include "html_safety.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace praxis::fuzz {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string where(std::string_view html, std::size_t pos) {
  const std::size_t from = pos > 60 ? pos - 60 : 0;
  return " at byte " + std::to_string(pos) + ": …" + std::string(html.substr(from, 140)) + "…";
}

constexpr std::array<std::string_view, 17> kForbiddenElements = {
    "iframe", "frame",  "frameset", "object", "embed",   "applet", "base",    "portal",  "math",
    "animate", "set",   "use",      "foreignobject", "handler", "listener", "xmp", "plaintext"};

constexpr std::array<std::string_view, 13> kUrlAttributes = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "cite",
    "background", "data", "srcset", "ping", "codebase", "manifest"};

struct Attribute {
  std::string name;   // lowercase
  std::string value;  // entities decoded
  std::size_t pos = 0;
};

// Reads one tag's attributes the way HTML's tokenizer does, from just after
// the tag name to the closing '>'. Returns the position after '>' (or the
// end of the text).
std::size_t read_attributes(std::string_view html, std::size_t i, std::vector<Attribute>& out) {
  const std::size_t n = html.size();
  while (i < n) {
    while (i < n && (is_space(html[i]) || html[i] == '/')) ++i;
    if (i >= n) return n;
    if (html[i] == '>') return i + 1;
    Attribute a;
    a.pos = i;
    const std::size_t name_start = i;
    // An attribute name may even start with '=' in HTML's tokenizer.
    ++i;
    while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    a.name = lowered(html.substr(name_start, i - name_start));
    while (i < n && is_space(html[i])) ++i;
    if (i < n && html[i] == '=') {
      ++i;
      while (i < n && is_space(html[i])) ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i];
        const std::size_t end = html.find(quote, i + 1);
        const std::size_t stop = end == std::string_view::npos ? n : end;
        a.value = decode_entities(html.substr(i + 1, stop - i - 1));
        i = stop == n ? n : stop + 1;
      } else {
        const std::size_t start = i;
        while (i < n && !is_space(html[i]) && html[i] != '>') ++i;
        a.value = decode_entities(html.substr(start, i - start));
      }
    }
    out.push_back(std::move(a));
  }
  return n;
}

const Attribute* find_attribute(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const auto& a : attrs)
    if (a.name == name) return &a;
  return nullptr;
}

std::string check_tag(std::string_view html, std::size_t tag_pos, const std::string& name,
                      const std::vector<Attribute>& attrs, std::string_view raw_content) {
  for (const auto forbidden : kForbiddenElements)
    if (name == forbidden) return "a <" + name + "> element" + where(html, tag_pos);
  if (name == "script") {
    const Attribute* src = find_attribute(attrs, "src");
    if (!src || src->value.rfind("/static/", 0) != 0)
      return "a <script> that is not the theme's (src=\"/static/…\")" + where(html, tag_pos);
    if (raw_content.find_first_not_of(" \t\r\n") != std::string_view::npos)
      return "a <script> with content" + where(html, tag_pos);
  }
  if (name == "style" && raw_content.find_first_not_of(" \t\r\n") != std::string_view::npos)
    return "a <style> with content" + where(html, tag_pos);
  if (name == "meta" && find_attribute(attrs, "http-equiv"))
    return "a <meta http-equiv>" + where(html, tag_pos);
  if (name == "link") {
    const Attribute* rel = find_attribute(attrs, "rel");
    const std::string r = rel ? lowered(rel->value) : std::string();
    if (r.find("import") != std::string::npos || r.find("preload") != std::string::npos ||
        r.find("modulepreload") != std::string::npos)
      return "a <link rel=\"" + r + "\">" + where(html, tag_pos);
  }
  std::vector<std::string_view> seen;
  for (const auto& a : attrs) {
    if (a.name.size() >= 2 && a.name[0] == 'o' && a.name[1] == 'n')
      return "an event-handler attribute '" + a.name + "'" + where(html, a.pos);
    if (a.name == "srcdoc" || a.name == "style" || a.name == "formaction" || a.name == "is")
      return "a '" + a.name + "' attribute" + where(html, a.pos);
    // A repeated attribute: the browser keeps the first one, a checker the
    // last; either way something is hiding.
    if (std::find(seen.begin(), seen.end(), a.name) != seen.end())
      return "attribute '" + a.name + "' given twice" + where(html, a.pos);
    seen.push_back(a.name);
    for (const auto url_attr : kUrlAttributes) {
      if (a.name != url_attr) continue;
      if (is_dangerous_url(a.value))
        return "a dangerous URL in " + a.name + "=\"" + a.value.substr(0, 80) + "\"" + where(html, a.pos);
    }
  }
  return "";
}

}  // namespace

std::string decode_entities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kNamed = {{
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"colon", ":"},
      {"tab", "\t"},
      {"newline", "\n"},
      {"nbsp", "\xC2\xA0"},
      {"sol", "/"},
  }};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      ++j;
      const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      std::uint32_t cp = 0;
      const std::size_t digits = j;
      while (j < s.size()) {
        const char c = s[j];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) break;
        cp = std::min<std::uint32_t>(cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d), 0x110000u);
        ++j;
      }
      if (j == digits) {
        out += s[i++];
        continue;
      }
      if (j < s.size() && s[j] == ';') ++j;  // browsers accept a missing ';'
      append_utf8(out, cp);
      i = j;
      continue;
    }
    bool matched = false;
    for (const auto& [name, text] : kNamed) {
      if (s.substr(j, name.size()).size() == name.size() && lowered(s.substr(j, name.size())) == name) {
        std::size_t k = j + name.size();
        if (k < s.size() && s[k] == ';') ++k;
        out += text;
        i = k;
        matched = true;
        break;
      }
    }
    if (!matched) out += s[i++];
  }
  return out;
}

bool is_dangerous_url(std::string_view url) {
  // What a browser's URL parser does first: strip leading and trailing C0
  // controls and spaces, remove every tab and newline.
  std::string u;
  for (char c : url)
    if (c != '\t' && c != '\n' && c != '\r') u += c;
  std::size_t start = 0;
  while (start < u.size() && static_cast<unsigned char>(u[start]) <= 0x20) ++start;
  u.erase(0, start);
  // The scheme: letters, digits, '+', '-', '.' before the first ':', if any
  // comes before '/', '?' or '#'.
  std::size_t i = 0;
  if (u.empty() || !is_alpha(u[0])) return false;  // relative (or "//host", which stays http(s))
  while (i < u.size() && (is_alpha(u[i]) || (u[i] >= '0' && u[i] <= '9') || u[i] == '+' || u[i] == '-' || u[i] == '.'))
    ++i;
  if (i >= u.size() || u[i] != ':') return false;  // no scheme: a relative URL
  const std::string scheme = lowered(u.substr(0, i));
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return false;
  if (scheme == "data") {
    const std::string rest = lowered(u.substr(i + 1));
    for (const char* ok : {"image/png", "image/gif", "image/jpeg", "image/webp"})
      if (rest.rfind(ok, 0) == 0) return false;
  }
  return true;
}

std::string check_html_safety(std::string_view html) {
  const std::size_t n = html.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (i >= n) break;
    if (html.substr(lt, 4) == "<!--") {
      const std::size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    if (html[i] == '!' || html[i] == '?') {  // doctype, CDATA, processing instruction
      const std::size_t end = html.find('>', i);
      i = end == std::string_view::npos ? n : end + 1;
      continue;
    }
    const bool closing = html[i] == '/';
    if (closing) ++i;
    if (i >= n || !is_alpha(html[i])) continue;  // "<" as text, as a browser reads it
    const std::size_t name_start = i;
    while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
    const std::string name = lowered(html.substr(name_start, i - name_start));
    std::vector<Attribute> attrs;
    i = read_attributes(html, i, attrs);
    if (closing) continue;
    // Raw-text and escapable raw-text elements: their content is not markup.
    std::string_view raw;
    if (name == "script" || name == "style" || name == "textarea" || name == "title" || name == "noscript" ||
        name == "template") {
      const std::string end_tag = "</" + name;
      std::size_t end = i;
      for (;;) {
        end = html.find("</", end);
        if (end == std::string_view::npos) break;
        if (lowered(html.substr(end, end_tag.size())) == end_tag) break;
        end += 2;
      }
      const std::size_t stop = end == std::string_view::npos ? n : end;
      raw = html.substr(i, stop - i);
      if (name == "script" || name == "style") i = stop;
    }
    if (std::string problem = check_tag(html, lt, name, attrs, raw); !problem.empty()) return problem;
  }
  return "";
}

}  // namespace praxis::fuzz
