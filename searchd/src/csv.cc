#include "praxis/searchd/csv.h"

namespace praxis::searchd {

void csv_field_append(std::string_view field, std::string& out) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) {
    out.append(field);
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void csv_row_append(const std::vector<std::string>& fields, std::string& out) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    csv_field_append(fields[i], out);
  }
  out += "\r\n";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  csv_row_append(fields, out);
  return out;
}

}  // namespace praxis::searchd
