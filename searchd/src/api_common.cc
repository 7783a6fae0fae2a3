#include <cmath>

#include "api_json.h"
#include "praxis/searchd/labels.h"
#include "praxis/searchd/xml.h"

namespace praxis::searchd {

using nlohmann::json;

Response status_response(const Status& status, std::string_view param) {
  Response r = error_response(status.http_status(), param, status.message());
  if (status.http_status() == 503) r.set_header("Retry-After", "1");
  return r;
}

Response with_searcher(const Service& s, const std::function<Response(Searcher&)>& fn) {
  Response out;
  const Status st = s.pool.run([&](Searcher& searcher) { out = fn(searcher); });
  if (!st.ok()) return status_response(st);
  return out;
}

std::optional<Response> no_params(const Request& r) {
  if (r.params.empty()) return std::nullopt;
  const std::string name = r.params.begin()->first.substr(0, 64);
  return error_response(400, name, "unknown parameter '" + name + "': this endpoint takes none");
}

std::optional<Response> parse_params(const Service& s, const Request& r, unsigned accepted, SearchParams& out) {
  if (auto err = parse_search_params(r.params, accepted, param_limits(s.options), s.taxonomy, out))
    return error_response(400, err->param, err->param.empty() ? err->message : err->param + ": " + err->message);
  return std::nullopt;
}

std::string case_path(std::string_view id) { return "/case/" + url_encode(id); }

std::string query_string(const SearchParams& p, bool with_sort) {
  std::string out;
  auto add = [&](std::string_view name, std::string_view value) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += url_encode(value);
  };
  if (!p.q.empty()) add("q", p.q);
  for (const auto& info : schema::kFacets)
    for (const auto& v : p.values(info.facet)) add(info.name, v);
  if (p.year_from) add("year_from", std::to_string(*p.year_from));
  if (p.year_to) add("year_to", std::to_string(*p.year_to));
  if (with_sort && p.sort_given) add("sort", sort_name(p.sort));
  return out;
}

namespace {

json string_array(const json& meta, const char* key) {
  auto it = meta.find(key);
  return it != meta.end() && it->is_array() ? *it : json::array();
}

json field(const json& meta, const char* key, json fallback = "") {
  auto it = meta.find(key);
  return it != meta.end() ? *it : fallback;
}

}  // namespace

json hit_json(const Hit& hit, bool with_snippet) {
  const json& m = hit.meta;
  const std::string id = field(m, "id").is_string() ? field(m, "id").get<std::string>() : std::string();
  json j = {
      {"id", id},
      {"title", field(m, "title")},
      {"summary", field(m, "summary")},
  };
  if (with_snippet) j["snippet"] = hit.snippet;
  j["lang"] = field(m, "lang");
  j["sector"] = string_array(m, "sector");
  j["region"] = field(m, "region");
  j["country"] = field(m, "country");
  j["year"] = field(m, "year", nullptr);
  j["outcome"] = string_array(m, "outcome");
  j["level"] = field(m, "level");
  j["status"] = field(m, "status");
  j["evidence"] = field(m, "evidence");
  j["updated"] = field(m, "updated");
  j["score"] = std::round(hit.weight * 10000.0) / 10000.0;
  j["url"] = case_path(id);
  return j;
}

json facets_json(const FacetCounts& facets, const Taxonomy* taxonomy, std::string_view hl) {
  json out = json::object();
  for (const auto& info : schema::kFacets) {
    json values = json::array();
    for (const auto& v : facets[static_cast<std::size_t>(info.facet)]) {
      values.push_back({{"value", v.value},
                        {"label", facet_label(taxonomy, info.facet, v.value).in(hl)},
                        {"count", v.count},
                        {"selected", v.selected}});
    }
    out[std::string(info.name)] = std::move(values);
  }
  return out;
}

json filters_json(const SearchParams& p) {
  json out = json::object();
  for (const auto& info : schema::kFacets)
    if (!p.values(info.facet).empty()) out[std::string(info.name)] = p.values(info.facet);
  if (p.year_from) out["year_from"] = *p.year_from;
  if (p.year_to) out["year_to"] = *p.year_to;
  return out;
}

}  // namespace praxis::searchd
