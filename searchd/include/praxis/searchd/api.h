// The JSON API and the other machine-readable endpoints of praxis-searchd,
// as handlers over a Service (what every handler shares, all of it
// read-only or internally synchronised). add_api_routes() puts them all in
// a Router; the HTML pages of the web interface are added next to them.
//
// Every error leaves as {"error":{"status","param","message"}}.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "praxis/searchd/metrics.h"
#include "praxis/searchd/options.h"
#include "praxis/searchd/params.h"
#include "praxis/searchd/router.h"
#include "praxis/searchd/searcher_pool.h"
#include "praxis/status.h"
#include "praxis/taxonomy.h"

namespace praxis::searchd {

struct Service {
  Service(const Options& o, const Taxonomy* t, SearcherPool& p)
      : options(o), taxonomy(t), pool(p), base_url(o.base_url()) {}

  const Options& options;
  const Taxonomy* taxonomy;  // null: no labels, facet values checked for shape only
  SearcherPool& pool;
  // Absolute prefix of links in feeds, sitemaps and exports (no trailing '/');
  // main() sets it again once the port is known when listening on port 0.
  std::string base_url;
  const Metrics* metrics = nullptr;  // for /metrics; set once the route table is complete
  // More /metrics samples from the transport (threads, connections).
  std::function<std::vector<Metrics::Sample>()> transport_samples;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

void add_api_routes(Router& router, const Service& service);

// The handlers, one per endpoint (see docs/api.md).
Response handle_search(const Service& s, const Request& r);        // GET /api/search
Response handle_case(const Service& s, const Request& r);          // GET /api/case/{id}
Response handle_related(const Service& s, const Request& r);       // GET /api/case/{id}/related
Response handle_facets(const Service& s, const Request& r);        // GET /api/facets
Response handle_feed(const Service& s, const Request& r);          // GET /feed.atom
Response handle_opensearch(const Service& s, const Request& r);    // GET /opensearch.xml
Response handle_sitemap(const Service& s, const Request& r);       // GET /sitemap.xml
Response handle_sitemap_part(const Service& s, const Request& r);  // GET /sitemap/{n}.xml
Response handle_export_csv(const Service& s, const Request& r);    // GET /api/export.csv
Response handle_export_json(const Service& s, const Request& r);   // GET /api/export.json
Response handle_healthz(const Service& s, const Request& r);       // GET /healthz
Response handle_metrics(const Service& s, const Request& r);       // GET /metrics
Response handle_root(const Service& s, const Request& r);          // GET / (until the web interface takes it)

// ---- Shared by the handlers (api_common.cc).
// Runs `fn` on a leased Searcher; an unreadable index becomes a 503.
Response with_searcher(const Service& s, const std::function<Response(Searcher&)>& fn);
// A Status as the error envelope (503s carry Retry-After).
Response status_response(const Status& status, std::string_view param = {});
// Refuses any query parameter (for endpoints that take none).
std::optional<Response> no_params(const Request& r);
// The filters and query of `p` as a query string ("q=x&sector=a"), for links.
std::string query_string(const SearchParams& p, bool with_sort);
// The relative page URL of a case ("/case/<id>").
std::string case_path(std::string_view id);

}  // namespace praxis::searchd
