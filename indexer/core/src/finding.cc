#include "praxis/finding.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace praxis {

namespace {

// Line breaks and other control characters written as escapes, so that a
// finding is always one line.
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else out += c;
  }
  return out;
}

}  // namespace

std::string format_finding(const Finding& f) {
  std::string out = one_line(f.path);
  if (f.line > 0) {
    out += ':' + std::to_string(f.line);
    if (f.column > 0) out += ':' + std::to_string(f.column);
  }
  out += f.severity == Severity::error ? ": error: " : ": warning: ";
  out += one_line(f.message);
  return out;
}

std::string finding_to_json(const Finding& f) {
  nlohmann::json j = {
      {"path", f.path},
      {"line", f.line},
      {"column", f.column},
      {"severity", f.severity == Severity::error ? "error" : "warning"},
      {"field", f.field},
      {"message", f.message},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::error; });
}

}  // namespace praxis
