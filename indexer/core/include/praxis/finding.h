// A problem found in an input file, reported the way compilers report them
// ("path:line:col: error: message") so that editors can jump to it.
#pragma once

#include <string>
#include <vector>

namespace praxis {

enum class Severity { error, warning };

struct Finding {
  std::string path;      // as given by the caller (relative to the content folder)
  int line = 0;          // 1-based; 0 when the finding is about the whole file
  int column = 0;        // 1-based; 0 when unknown
  Severity severity = Severity::error;
  std::string field;     // front-matter field, e.g. "sector[1]"; empty if none
  std::string message;
};

// "path:line:col: error: message" (line/col omitted when 0).
std::string format_finding(const Finding& f);
// The same finding as one JSON object (keys path, line, column, severity, field, message).
std::string finding_to_json(const Finding& f);

bool has_errors(const std::vector<Finding>& findings);

}  // namespace praxis
