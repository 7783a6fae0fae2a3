// Splits a case file into its YAML front matter and its Markdown body.
// Accepts a UTF-8 byte-order mark and CRLF line ends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "praxis/finding.h"

namespace praxis {

struct FrontMatter {
  std::string yaml;        // the text between the '---' lines, LF line ends
  int yaml_line = 2;       // file line of the first YAML line
  std::string body;        // everything after the closing line, LF line ends
  int body_line = 1;       // file line where the body starts
};

// On failure returns nullopt and sets `error` (line/column/message; the
// caller fills in the path).
std::optional<FrontMatter> split_front_matter(std::string_view text, Finding& error);

// The text with a leading BOM removed and CRLF/CR turned into LF.
std::string normalize_line_ends(std::string_view text);

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace praxis
