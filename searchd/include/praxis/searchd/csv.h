// CSV as RFC 4180 has it: CRLF line ends; a field holding a comma, a double
// quote, CR or LF (or starting or ending with a space) is quoted, with its
// quotes doubled.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace praxis::searchd {

void csv_field_append(std::string_view field, std::string& out);
// One record, CRLF-terminated.
void csv_row_append(const std::vector<std::string>& fields, std::string& out);
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace praxis::searchd
