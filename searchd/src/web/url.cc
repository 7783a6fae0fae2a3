#include "web/url.h"

namespace praxis::web {

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

QueryString& QueryString::add(std::string_view name, std::string_view value) {
  pairs_.emplace_back(std::string(name), std::string(value));
  return *this;
}

QueryString& QueryString::add_if(std::string_view name, std::string_view value) {
  if (!value.empty()) add(name, value);
  return *this;
}

std::string QueryString::str() const {
  std::string out;
  for (const auto& [name, value] : pairs_) {
    if (!out.empty()) out += '&';
    out += url_encode(name);
    out += '=';
    out += url_encode(value);
  }
  return out;
}

std::string QueryString::url(std::string_view path) const {
  std::string out(path);
  if (!pairs_.empty()) {
    out += '?';
    out += str();
  }
  return out;
}

}  // namespace praxis::web
