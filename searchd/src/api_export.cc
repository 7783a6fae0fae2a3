// GET /api/export.csv and /api/export.json: the full results of a query as
// open data (CC BY 4.0), up to Options::export_max_rows rows.
#include "api_json.h"
#include "praxis/searchd/csv.h"

namespace praxis::searchd {

using nlohmann::json;

namespace {

constexpr const char* kLicence = "CC BY 4.0";
constexpr const char* kLicenceUrl = "https://creativecommons.org/licenses/by/4.0/";

const std::vector<std::string> kColumns = {
    "id",      "title",         "lang",   "summary", "sector",   "region",       "country",
    "level",   "outcome",       "status", "evidence", "year",    "period_start", "period_end",
    "organisations", "tags",    "funding", "updated", "verified", "url",         "licence"};

std::string as_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_array()) {  // lists: values joined by ';'
    std::string out;
    for (const auto& x : v) {
      if (!out.empty()) out += ';';
      out += as_text(x);
    }
    return out;
  }
  return {};
}

// Free text an editor wrote (title, summary, organisations, tags, funding):
// a spreadsheet runs a cell that starts with = + - @ (or a tab or CR before
// one) as a formula — "=HYPERLINK(…)" in a title would be a live link in
// every copy opened in Excel or LibreOffice. Such a cell gets a leading
// apostrophe, which spreadsheets hide (OWASP's advice for CSV injection).
// Codes, years, dates and our own URLs cannot start that way.
bool is_free_text_column(std::size_t column) {
  const std::string& name = kColumns[column];
  return name == "title" || name == "summary" || name == "organisations" || name == "tags" || name == "funding";
}

void neutralise_formula(std::string& cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
    cell.insert(0, 1, '\'');
}

std::string value_of(const json& meta, const std::string& key) {
  auto it = meta.find(key);
  return it == meta.end() ? std::string() : as_text(*it);
}

std::string period_of(const json& meta, const char* key) {
  auto p = meta.find("period");
  if (p == meta.end() || !p->is_object()) return {};
  auto it = p->find(key);
  return it == p->end() ? std::string() : as_text(*it);
}

// Runs the export query; calls `write` with the result.
Response run_export(const Service& s, const Request& r,
                    const std::function<Response(const SearchParams&, const SearchResult&)>& write) {
  SearchParams p;
  if (auto bad = parse_params(s, r, kQuery | kFilters | kSort, p)) return *bad;
  SearchSettings settings;
  settings.count = s.options.export_max_rows;
  settings.facets = false;
  settings.snippets = false;
  settings.suggest_below = 0;
  return with_searcher(s, [&](Searcher& searcher) {
    auto result = run_search(searcher, p, settings);
    if (!result.ok()) return status_response(result.status(), "q");
    Response out = write(p, result.value());
    out.set_header("Link", std::string("<") + kLicenceUrl + ">; rel=\"license\"");
    out.set_header("X-Total-Count", std::to_string(result->total));
    return out;
  });
}

}  // namespace

Response handle_export_csv(const Service& s, const Request& r) {
  return run_export(s, r, [&](const SearchParams&, const SearchResult& res) {
    Response out;
    out.content_type = "text/csv; charset=utf-8; header=present";
    out.set_header("Content-Disposition", "attachment; filename=\"praxis-cases.csv\"");
    std::string& body = out.body;
    body.reserve(res.hits.size() * 600 + 256);
    csv_row_append(kColumns, body);
    const std::string base = s.base_url;
    const std::string licence = std::string(kLicence) + " " + kLicenceUrl;
    std::vector<std::string> row(kColumns.size());
    for (const auto& h : res.hits) {
      for (std::size_t c = 0; c < kColumns.size(); ++c) {
        row[c] = value_of(h.meta, kColumns[c]);
        if (is_free_text_column(c)) neutralise_formula(row[c]);
      }
      row[12] = period_of(h.meta, "start");
      row[13] = period_of(h.meta, "end");
      row[19] = base + case_path(row[0]);
      row[20] = licence;
      csv_row_append(row, body);
    }
    return out;
  });
}

Response handle_export_json(const Service& s, const Request& r) {
  return run_export(s, r, [&](const SearchParams& p, const SearchResult& res) {
    const std::string base = s.base_url;
    json cases = json::array();
    for (const auto& h : res.hits) {
      json c = h.meta;
      c.erase("path");
      c.erase("draft");
      c["url"] = base + case_path(value_of(h.meta, "id"));
      cases.push_back(std::move(c));
    }
    json body = {
        {"licence", {{"name", kLicence}, {"url", kLicenceUrl}, {"attribution", "Praxis, " + base}}},
        {"query", p.q},
        {"filters", filters_json(p)},
        {"sort", sort_name(res.sort)},
        {"total", res.total},
        {"count", res.hits.size()},
        {"truncated", res.total > res.hits.size()},
        {"cases", std::move(cases)},
    };
    Response out = json_response(200, body);
    out.set_header("Content-Disposition", "attachment; filename=\"praxis-cases.json\"");
    return out;
  });
}

}  // namespace praxis::searchd
