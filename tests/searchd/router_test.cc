// The route table: segment patterns, 404/405, HEAD, replacing a route, and
// handlers that throw.
#include <gtest/gtest.h>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "praxis/searchd/router.h"

namespace praxis::searchd {
namespace {

TEST(MatchPattern, Table) {
  struct Case {
    const char* pattern;
    const char* path;
    bool match;
    std::vector<std::string> captures;
  };
  const Case cases[] = {
      {"/", "/", true, {}},
      {"/", "", false, {}},
      {"/api/search", "/api/search", true, {}},
      {"/api/search", "/api/search/", false, {}},
      {"/api/search", "/api/searchx", false, {}},
      {"/api/case/{id}", "/api/case/tartu", true, {"tartu"}},
      {"/api/case/{id}", "/api/case/", false, {}},
      {"/api/case/{id}", "/api/case", false, {}},
      {"/api/case/{id}", "/api/case/a/b", false, {}},
      {"/api/case/{id}/related", "/api/case/tartu/related", true, {"tartu"}},
      {"/api/case/{id}/related", "/api/case/tartu/related/", false, {}},
      {"/api/case/{id}/related", "/api/case//related", false, {}},
      {"/api/case/{id}/related", "/api/case/tartu", false, {}},
      {"/a/{x}/{y}", "/a/1/2", true, {"1", "2"}},
      {"/sitemap/{n}", "/sitemap/3.xml", true, {"3.xml"}},
      {"/files/{path...}", "/files/a.md", true, {"a.md"}},
      {"/files/{path...}", "/files/cases/2026/a.md", true, {"cases/2026/a.md"}},
      {"/files/{path...}", "/files/", false, {}},
      {"/files/{path...}", "/files", false, {}},
      {"/files/{path...}", "/files/a//b", false, {}},
      {"/files/{path...}", "/files/a/", false, {}},
      {"/v/{x}/{path...}", "/v/1/a/b", true, {"1", "a/b"}},
      {"/v/{path...}/x", "/v/a/x", false, {}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> captures;
    EXPECT_EQ(match_pattern(c.pattern, c.path, captures), c.match) << c.pattern << " ~ " << c.path;
    EXPECT_EQ(captures, c.captures) << c.pattern << " ~ " << c.path;
  }
}

TEST(MatchPattern, LongPathsAreCheap) {
  std::vector<std::string> captures;
  const std::string path = "/api/case/" + std::string(100000, 'a');
  EXPECT_TRUE(match_pattern("/api/case/{id}", path, captures));
  EXPECT_FALSE(match_pattern("/api/case/{id}/related", path + "/x", captures));
}

Router sample() {
  Router r;
  r.get("/hello", [](const Request&) {
    Response res;
    res.body = "hi";
    return res;
  });
  r.get("/echo/{word}", [](const Request& q) {
    Response res;
    res.body = q.captures.at(0);
    return res;
  });
  r.get("/boom", [](const Request&) -> Response { throw std::runtime_error("kaput"); });
  r.add({"POST", "/hello", [](const Request&) { return Response{201, "text/plain", "posted", {}}; }});
  return r;
}

TEST(Router, Dispatch) {
  const Router r = sample();
  Request q;
  q.path = "/hello";
  auto d = r.dispatch(q);
  EXPECT_EQ(d.response.status, 200);
  EXPECT_EQ(d.response.body, "hi");
  EXPECT_EQ(d.route, "/hello");

  q.path = "/echo/καλημέρα";
  d = r.dispatch(q);
  EXPECT_EQ(d.response.body, "καλημέρα");
  EXPECT_EQ(d.route, "/echo/{word}");

  q.method = "HEAD";  // answered as GET (the transport drops the body)
  q.path = "/hello";
  EXPECT_EQ(r.dispatch(q).response.body, "hi");

  q.method = "POST";
  EXPECT_EQ(r.dispatch(q).response.status, 201);
}

TEST(Router, UnknownPathIs404Json) {
  const Router r = sample();
  Request q;
  q.path = "/nope";
  const auto d = r.dispatch(q);
  EXPECT_EQ(d.response.status, 404);
  EXPECT_EQ(d.route, "unmatched");
  const auto j = nlohmann::json::parse(d.response.body);
  EXPECT_EQ(j["error"]["status"], 404);
}

TEST(Router, WrongMethodIs405WithAllow) {
  const Router r = sample();
  Request q;
  q.method = "DELETE";
  q.path = "/hello";
  const auto d = r.dispatch(q);
  EXPECT_EQ(d.response.status, 405);
  bool allow = false;
  for (const auto& [k, v] : d.response.headers)
    if (k == "Allow") {
      allow = true;
      EXPECT_EQ(v, "GET, HEAD, POST");
    }
  EXPECT_TRUE(allow);
}

TEST(Router, ThrowingHandlerIs500Json) {
  const Router r = sample();
  Request q;
  q.path = "/boom";
  const auto d = r.dispatch(q);
  EXPECT_EQ(d.response.status, 500);
  const auto j = nlohmann::json::parse(d.response.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
}

TEST(Router, AddReplacesTheSameRoute) {
  Router r = sample();
  const auto before = r.routes().size();
  r.get("/hello", [](const Request&) { return Response{200, "text/html", "<p>page</p>", {}}; });
  EXPECT_EQ(r.routes().size(), before);
  Request q;
  q.path = "/hello";
  EXPECT_EQ(r.dispatch(q).response.body, "<p>page</p>");
  EXPECT_TRUE(r.matches_path("/echo/x"));
  EXPECT_FALSE(r.matches_path("/echo"));
}

TEST(Router, FallbackAnswersUnknownPagesButNotTheApi) {
  Router r = sample();
  r.set_fallback([](const Request& q) { return Response{404, "text/html; charset=utf-8", "<p>" + q.path + "</p>", {}}; });
  Request q;
  q.path = "/no/such/page";
  auto d = r.dispatch(q);
  EXPECT_EQ(d.response.status, 404);
  EXPECT_EQ(d.response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(d.route, "unmatched");
  q.path = "/api/nope";  // the API keeps its JSON 404
  EXPECT_EQ(r.dispatch(q).response.content_type, "application/json; charset=utf-8");
  q.path = "/hello";  // a known path with another method is still a 405
  q.method = "DELETE";
  EXPECT_EQ(r.dispatch(q).response.status, 405);
  q.method = "POST";  // an unknown path with another method: JSON 404
  q.path = "/no/such/page";
  EXPECT_EQ(r.dispatch(q).response.content_type, "application/json; charset=utf-8");
}

TEST(ErrorResponse, Envelope) {
  const Response r = error_response(400, "page", "page: must be a number");
  EXPECT_EQ(r.status, 400);
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["param"], "page");
  EXPECT_EQ(j["error"]["message"], "page: must be a number");
  EXPECT_EQ(j["error"]["status"], 400);
  const auto no_param = nlohmann::json::parse(error_response(404, "", "x").body);
  EXPECT_FALSE(no_param["error"].contains("param"));
}

TEST(JsonResponse, InvalidUtf8IsReplacedNotThrown) {
  Response r;
  EXPECT_NO_THROW(r = json_response(200, {{"x", std::string("bad \xff byte")}}));
  EXPECT_NE(r.body.find("bad"), std::string::npos);
}

}  // namespace
}  // namespace praxis::searchd
