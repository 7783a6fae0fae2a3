// GET /api/facets, /healthz, /metrics, / — and the route table.
#include <cstdlib>

#include "api_json.h"
#include "praxis/searchd/facet_counts.h"
#include "praxis/searchd/labels.h"
#include "praxis/searchd/xml.h"

namespace praxis::searchd {

using nlohmann::json;
using schema::Facet;

namespace {

// The name of each facet, for interfaces.
Label facet_name(Facet f) {
  switch (f) {
    case Facet::sector: return {"Τομέας", "Sector"};
    case Facet::region: return {"Περιοχή", "Region"};
    case Facet::country: return {"Χώρα", "Country"};
    case Facet::level: return {"Επίπεδο", "Level"};
    case Facet::outcome: return {"Αποτέλεσμα", "Outcome"};
    case Facet::status: return {"Κατάσταση", "Status"};
    case Facet::evidence: return {"Τεκμηρίωση", "Evidence"};
    case Facet::lang: return {"Γλώσσα", "Language"};
    case Facet::source: return {"Πηγή", "Source"};
    case Facet::year: return {"Έτος", "Year"};
  }
  return {"", ""};
}

json label_json(const Label& l) { return {{"el", l.el}, {"en", l.en}}; }

}  // namespace

Response handle_facets(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  return with_searcher(s, [&](Searcher& searcher) {
    const AllValueCounts counts = corpus_counts(searcher.db());
    json facets = json::object();
    for (const auto& info : schema::kFacets) {
      const ValueCounts& c = counts[static_cast<std::size_t>(info.facet)];
      json values = json::array();
      const Vocabulary* vocab = s.taxonomy ? facet_vocabulary(*s.taxonomy, info.facet) : nullptr;
      if (vocab) {
        // Every entry of the vocabulary, in its own order, even when unused.
        for (const auto& e : vocab->entries()) {
          auto it = c.find(e.id);
          values.push_back({{"value", e.id},
                            {"label", label_json(e.label)},
                            {"description", label_json(e.description)},
                            {"count", it == c.end() ? 0 : it->second}});
        }
        for (const auto& [value, n] : c)  // values the vocabulary no longer has
          if (!vocab->contains(value))
            values.push_back({{"value", value}, {"label", label_json({value, value})}, {"count", n}});
      } else {
        for (const auto& v : to_facet_values(info.facet, c, {}))
          values.push_back(
              {{"value", v.value}, {"label", label_json(facet_label(s.taxonomy, info.facet, v.value))}, {"count", v.count}});
      }
      facets[std::string(info.name)] = {{"label", label_json(facet_name(info.facet))}, {"values", std::move(values)}};
    }
    const Xapian::Database& db = searcher.db();
    const Xapian::doccount drafts = db.get_termfreq(std::string(schema::kDraftTerm));
    return json_response(200, {{"documents", db.get_doccount() - std::min(drafts, db.get_doccount())},
                               {"revision", searcher.revision()},
                               {"facets", std::move(facets)}});
  });
}

Response handle_healthz(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  Response out = with_searcher(s, [&](Searcher& searcher) {
    json body = {{"status", "ok"}, {"revision", searcher.revision()}, {"documents", searcher.db().get_doccount()}};
    // Several databases (or a remote one): each, so that an operator sees
    // which one lags. A remote shard reports no revision (Xapian's remote
    // protocol has none) but its last build time.
    const std::vector<Searcher::Part> parts = searcher.parts();
    if (!parts.empty()) {
      json shards = json::array();
      for (const auto& p : parts) {
        json one = {{"index", p.name}, {"documents", p.documents}};
        one["revision"] = p.revision ? json(*p.revision) : json(nullptr);
        one["last_build"] = p.last_build.empty() ? json(nullptr) : json(std::strtoll(p.last_build.c_str(), nullptr, 10));
        shards.push_back(std::move(one));
      }
      body["shards"] = std::move(shards);
    }
    return json_response(200, body);
  });
  out.set_header("Cache-Control", "no-store");
  return out;
}

Response handle_metrics(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  std::vector<Metrics::Sample> samples;
  Xapian::rev revision = 0;
  Xapian::doccount documents = 0;
  const Status st = s.pool.run([&](Searcher& searcher) {
    revision = searcher.revision();
    documents = searcher.db().get_doccount();
  });
  samples.push_back({"praxis_index_up", "1 when the index can be read.", "gauge", st.ok() ? 1.0 : 0.0});
  samples.push_back({"praxis_index_revision", "Revision of the index the server reads.", "gauge",
                     static_cast<double>(revision)});
  samples.push_back({"praxis_index_documents", "Documents in the index (drafts included).", "gauge",
                     static_cast<double>(documents)});
  samples.push_back({"praxis_searchers_open", "Index readers opened (one per concurrent request at most).",
                     "gauge", static_cast<double>(s.pool.size())});
  samples.push_back({"praxis_index_retries_total", "Searches retried after the index changed under them.",
                     "counter", static_cast<double>(s.pool.retries())});
  samples.push_back({"praxis_index_fresh_opens_total",
                     "Readers opened afresh from the path: the index was replaced there, or a reader failed.",
                     "counter", static_cast<double>(s.pool.reopened_fresh())});
  samples.push_back({"praxis_uptime_seconds", "Seconds since the server started.", "gauge",
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count()});
  if (s.transport_samples)
    for (auto& x : s.transport_samples()) samples.push_back(std::move(x));
  Response out;
  out.content_type = "text/plain; version=0.0.4; charset=utf-8";
  out.body = s.metrics ? s.metrics->render(samples) : Metrics({}).render(samples);
  out.set_header("Cache-Control", "no-store");
  return out;
}

Response handle_root(const Service&, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  Response out;
  out.content_type = "text/html; charset=utf-8";
  out.body =
      "<!doctype html>\n<html lang=\"el\"><head><meta charset=\"utf-8\"><title>Praxis</title>"
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Praxis\" href=\"/opensearch.xml\">"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Praxis\" href=\"/feed.atom\"></head>\n"
      "<body><h1>Praxis</h1>\n"
      "<form action=\"/api/search\" method=\"get\"><label for=\"q\">Αναζήτηση / Search</label> "
      "<input id=\"q\" name=\"q\" type=\"search\"> <button>OK</button></form>\n"
      "<ul><li><a href=\"/api/search\">/api/search</a></li><li><a href=\"/api/facets\">/api/facets</a></li>"
      "<li><a href=\"/feed.atom\">/feed.atom</a></li><li><a href=\"/sitemap.xml\">/sitemap.xml</a></li>"
      "<li><a href=\"/api/export.csv\">/api/export.csv</a></li><li><a href=\"/api/export.json\">/api/export.json</a></li>"
      "</ul></body></html>\n";
  return out;
}

void add_api_routes(Router& router, const Service& service) {
  const Service* s = &service;
  auto bind = [s](Response (*fn)(const Service&, const Request&)) {
    return [s, fn](const Request& r) { return fn(*s, r); };
  };
  router.get("/", bind(handle_root));
  router.get("/api/search", bind(handle_search));
  router.get("/api/case/{id}", bind(handle_case));
  router.get("/api/case/{id}/related", bind(handle_related));
  router.get("/api/facets", bind(handle_facets));
  router.get("/api/export.csv", bind(handle_export_csv));
  router.get("/api/export.json", bind(handle_export_json));
  router.get("/feed.atom", bind(handle_feed));
  router.get("/opensearch.xml", bind(handle_opensearch));
  router.get("/sitemap.xml", bind(handle_sitemap));
  router.get("/sitemap/{n}", bind(handle_sitemap_part));
  router.get("/healthz", bind(handle_healthz));
  router.get("/metrics", bind(handle_metrics));
}

}  // namespace praxis::searchd
