#include "praxis/finding.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace praxis {

std::string format_finding(const Finding& f) {
  std::string out = f.path;
  if (f.line > 0) {
    out += ':' + std::to_string(f.line);
    if (f.column > 0) out += ':' + std::to_string(f.column);
  }
  out += f.severity == Severity::error ? ": error: " : ": warning: ";
  out += f.message;
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
