// GET /api/case/{id} and /api/case/{id}/related
#include "api_json.h"
#include "praxis/front_matter.h"
#include "praxis/markdown.h"
#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "praxis/searchd/labels.h"
#include "praxis/searchd/related.h"
#include "praxis/searchd/xml.h"

namespace praxis::searchd {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdBytes = 200;

// The {id} of the route, or the 400 to send.
std::optional<Response> check_id(const Request& r) {
  const std::string& id = r.captures.at(0);
  if (id.size() > kMaxIdBytes) return error_response(400, "id", "id: longer than 200 bytes");
  if (auto bad = check_text(id, false)) return error_response(400, "id", "id: " + *bad);
  return std::nullopt;
}

Response not_found(std::string_view id) {
  return error_response(404, "id", "no case with id '" + std::string(id) + "'");
}

// {"sector": [{"value","label":{"el","en"}}], …} for a case's facet values.
json labels_json(const json& meta, const Taxonomy* taxonomy) {
  json out = json::object();
  for (const auto& info : schema::kFacets) {
    if (info.facet == schema::Facet::year || info.facet == schema::Facet::source) continue;
    auto it = meta.find(std::string(info.name));
    if (it == meta.end()) continue;
    json values = json::array();
    auto add = [&](const json& v) {
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) return;
      const Label l = facet_label(taxonomy, info.facet, v.get_ref<const std::string&>());
      values.push_back({{"value", v}, {"label", {{"el", l.el}, {"en", l.en}}}});
    };
    if (it->is_array()) {
      for (const auto& v : *it) add(v);
    } else {
      add(*it);
    }
    out[std::string(info.name)] = std::move(values);
  }
  return out;
}

}  // namespace

Response handle_case(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  if (auto bad = check_id(r)) return *bad;
  const std::string& id = r.captures[0];
  return with_searcher(s, [&](Searcher& searcher) {
    const auto did = find_case(searcher.db(), id);
    if (!did) return not_found(id);
    const Xapian::Document doc = searcher.db().get_document(*did);
    const auto stored = schema::decode_stored_doc(doc);
    if (!stored) return error_response(500, "", "the index entry of this case cannot be read");
    json body = json::parse(stored->meta_json, nullptr, false);
    if (!body.is_object()) return error_response(500, "", "the index entry of this case cannot be read");
    body["body_html"] = markdown_to_html(stored->markdown);
    body["labels"] = labels_json(body, s.taxonomy);
    body["url"] = case_path(id);
    body["related_url"] = "/api/case/" + url_encode(id) + "/related";
    return json_response(200, body);
  });
}

Response handle_related(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  if (auto bad = check_id(r)) return *bad;
  const std::string& id = r.captures[0];
  return with_searcher(s, [&](Searcher& searcher) {
    const auto did = find_case(searcher.db(), id);
    if (!did) return not_found(id);
    RelatedSettings settings;
    settings.count = s.options.related_count;
    json hits = json::array();
    for (const auto& h : related_cases(searcher.db(), *did, settings)) hits.push_back(hit_json(h, false));
    return json_response(200, {{"id", id}, {"related", std::move(hits)}});
  });
}

}  // namespace praxis::searchd
