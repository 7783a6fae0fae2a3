// The handlers through the route table, without a socket: response shapes,
// status codes and the error envelope.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "praxis/searchd/api.h"
#include "praxis/searchd/searcher_pool.h"
#include "test_index.h"

namespace praxis::searchd {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : index_(test::build_index(test::sample_cases())),
        pool_(index_.db, std::chrono::milliseconds(0)),
        service_(options_, &test::taxonomy(), pool_) {
    options_.public_url = "https://praxis.example.org/";
    service_.base_url = options_.base_url();
    add_api_routes(router_, service_);
    service_.metrics = &metrics_;
  }

  Response get(const std::string& path, Params params = {}) {
    Request r;
    r.path = path;
    r.params = std::move(params);
    return router_.dispatch(r).response;
  }
  json get_json(const std::string& path, Params params = {}, int status = 200) {
    const Response r = get(path, std::move(params));
    EXPECT_EQ(r.status, status) << path << " " << r.body;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    return json::parse(r.body);
  }

  Options options_;
  test::TestIndex index_;
  SearcherPool pool_;
  Service service_;
  Router router_;
  Metrics metrics_{{"/api/search"}};
};

TEST_F(ApiTest, SearchShape) {
  const json j = get_json("/api/search", {{"q", "cycling"}, {"hl", "en"}});
  for (const char* key : {"query", "total", "page", "per_page", "hits", "facets", "suggestion", "sort", "filters"})
    EXPECT_TRUE(j.contains(key)) << key;
  ASSERT_EQ(j["hits"].size(), 1u);
  const json& hit = j["hits"][0];
  for (const char* key : {"id", "title", "summary", "snippet", "lang", "sector", "region", "country", "year",
                          "outcome", "score", "url"})
    EXPECT_TRUE(hit.contains(key)) << key;
  EXPECT_EQ(hit["id"], "helsinki-cycling");
  EXPECT_EQ(hit["url"], "/case/helsinki-cycling");
  EXPECT_EQ(hit["country"], "FI");
  EXPECT_EQ(hit["year"], 2019);
  const json& sector = j["facets"]["sector"];
  ASSERT_FALSE(sector.empty());
  for (const char* key : {"value", "label", "count", "selected"}) EXPECT_TRUE(sector[0].contains(key)) << key;
  bool labelled = false;
  for (const auto& v : sector)
    if (v["value"] == "transport-infrastructure") labelled = v["label"] == "Transport and infrastructure";
  EXPECT_TRUE(labelled);
  EXPECT_TRUE(j["suggestion"].is_null());
}

TEST_F(ApiTest, BadParametersAre400NamingThem) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"page", "x"}, {"per_page", "1000"}, {"sector", "nope"}, {"q", "\xc3\x28"}, {"bogus", "1"}}) {
    const json j = get_json("/api/search", {{name, value}}, 400);
    EXPECT_EQ(j["error"]["param"], name);
    EXPECT_EQ(j["error"]["status"], 400);
  }
  std::string q;
  for (int i = 0; i < 70; ++i) q += "w" + std::to_string(i) + " ";
  EXPECT_EQ(get_json("/api/search", {{"q", q}}, 400)["error"]["param"], "q");
}

TEST_F(ApiTest, Case) {
  const json j = get_json("/api/case/barcelona-contracting");
  EXPECT_EQ(j["id"], "barcelona-contracting");
  EXPECT_TRUE(j["body_html"].get<std::string>().find("<p>") != std::string::npos);
  EXPECT_EQ(j["labels"]["sector"][0]["label"]["en"], "Transparency and accountability");
  EXPECT_EQ(get_json("/api/case/nope", {}, 404)["error"]["param"], "id");
  EXPECT_EQ(get_json("/api/case/draft-case", {}, 404)["error"]["status"], 404);
  EXPECT_EQ(get_json("/api/case/" + std::string(300, 'a'), {}, 400)["error"]["param"], "id");
  EXPECT_EQ(get_json("/api/case/tartu-budget", {{"x", "1"}}, 400)["error"]["param"], "x");
}

TEST_F(ApiTest, Related) {
  const json j = get_json("/api/case/barcelona-contracting/related");
  EXPECT_EQ(j["id"], "barcelona-contracting");
  EXPECT_LE(j["related"].size(), 5u);
  for (const auto& h : j["related"]) EXPECT_NE(h["id"], "barcelona-contracting");
  get_json("/api/case/nope/related", {}, 404);
}

TEST_F(ApiTest, Facets) {
  const json j = get_json("/api/facets");
  EXPECT_EQ(j["documents"], 6);
  const json& sector = j["facets"]["sector"];
  EXPECT_EQ(sector["label"]["el"], "Τομέας");
  EXPECT_EQ(sector["values"].size(), 12u);  // every sector, used or not
  for (const auto& v : sector["values"]) {
    EXPECT_TRUE(v["label"].contains("el"));
    EXPECT_TRUE(v["label"].contains("en"));
    if (v["value"] == "transparency-accountability") {
      EXPECT_EQ(v["count"], 2);
    }
    if (v["value"] == "social-economy") {
      EXPECT_EQ(v["count"], 0);
    }
  }
  bool greek_region = false;
  for (const auto& v : j["facets"]["region"]["values"])
    if (v["value"] == "GR-H") greek_region = v["label"]["el"] == "Στερεά Ελλάδα" && v["count"] == 1;
  EXPECT_TRUE(greek_region);
}

TEST_F(ApiTest, FeedSitemapOpenSearch) {
  Response r = get("/feed.atom", {{"lang", "en"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_NE(r.body.find("<id>https://praxis.example.org/case/barcelona-contracting</id>"), std::string::npos);
  EXPECT_EQ(r.body.find("draft-case"), std::string::npos);
  EXPECT_EQ(get("/feed.atom", {{"page", "2"}}).status, 400);

  r = get("/sitemap.xml");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<loc>https://praxis.example.org/case/tartu-budget</loc>"), std::string::npos);
  EXPECT_EQ(r.body.find("draft-case"), std::string::npos);
  EXPECT_EQ(get("/sitemap/1.xml").status, 200);
  EXPECT_EQ(get("/sitemap/2.xml").status, 404);
  EXPECT_EQ(get("/sitemap/x.xml").status, 404);

  r = get("/opensearch.xml");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("https://praxis.example.org/api/search?q={searchTerms}"), std::string::npos);
}

TEST_F(ApiTest, Exports) {
  Response r = get("/api/export.csv", {{"sector", "democracy-participation"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type.rfind("text/csv", 0), 0u);
  EXPECT_EQ(r.body.rfind("id,title,lang,", 0), 0u);
  EXPECT_NE(r.body.find("\r\ntartu-budget,"), std::string::npos);
  EXPECT_NE(r.body.find("CC BY 4.0"), std::string::npos);
  std::size_t lines = 0;
  for (char c : r.body) lines += c == '\n';
  EXPECT_EQ(lines, 3u);  // header + 2 cases

  const json j = get_json("/api/export.json", {{"q", "data"}, {"sort", "year"}});
  EXPECT_EQ(j["licence"]["name"], "CC BY 4.0");
  EXPECT_EQ(j["count"], j["cases"].size());
  EXPECT_FALSE(j["truncated"].get<bool>());
  for (const auto& c : j["cases"]) {
    EXPECT_FALSE(c.contains("path"));
    EXPECT_EQ(c["url"].get<std::string>().rfind("https://praxis.example.org/case/", 0), 0u);
  }
  EXPECT_EQ(get_json("/api/export.json", {{"per_page", "10"}}, 400)["error"]["param"], "per_page");
}

TEST_F(ApiTest, HealthAndMetrics) {
  const json h = get_json("/healthz");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["documents"], 7);
  metrics_.record("/api/search", 200, 0.001);
  const Response m = get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type.rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(m.body.find("praxis_index_documents 7\n"), std::string::npos);
  EXPECT_NE(m.body.find("praxis_index_revision "), std::string::npos);
  EXPECT_NE(m.body.find("praxis_http_requests_total{route=\"/api/search\",status=\"200\"} 1"), std::string::npos);
}

TEST_F(ApiTest, UnknownRouteAndRoot) {
  EXPECT_EQ(get_json("/api/nope", {}, 404)["error"]["status"], 404);
  const Response r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
}

TEST(ApiUnavailable, MissingIndexIs503) {
  Options o;
  SearcherPool pool("/nonexistent/praxis-index", std::chrono::milliseconds(0));
  EXPECT_FALSE(pool.warm_up().ok());
  Service s(o, nullptr, pool);
  Router router;
  add_api_routes(router, s);
  Request r;
  r.path = "/api/search";
  const Response res = router.dispatch(r).response;
  EXPECT_EQ(res.status, 503);
  bool retry_after = false;
  for (const auto& [k, v] : res.headers) retry_after = retry_after || k == "Retry-After";
  EXPECT_TRUE(retry_after);
}

}  // namespace
}  // namespace praxis::searchd
