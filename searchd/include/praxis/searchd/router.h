// The route table: every endpoint in one place, every handler the same shape.
// Patterns are literal paths whose "{name}" segments match one non-empty
// path segment ("/api/case/{id}/related"), and whose last segment may be
// "{name...}" to take the rest of the path, one or more non-empty segments
// ("/mirror/v1/files/{path...}"); no regular expressions run on user input. The web interface adds its HTML routes to the same table
// (Router::add replaces a route with the same method and pattern, so it can
// take over "/").
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/searchd/http_types.h"

namespace praxis::searchd {

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;   // "GET" (also answers HEAD), "POST" …
  std::string pattern;  // "/api/case/{id}"
  Handler handler;
};

class Router {
 public:
  void add(Route route);
  void get(std::string pattern, Handler handler) { add({"GET", std::move(pattern), std::move(handler)}); }
  // What answers a GET or HEAD for a path no route matches, outside /api/
  // (the web interface's "page not found"); without one, a JSON 404.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  struct Dispatched {
    Response response;
    // The matched route's pattern (for metrics: bounded cardinality), or
    // "unmatched" when no route matched the path (the fallback answered).
    std::string_view route;
  };
  // Runs the matching handler. 404 JSON for an unknown path (or the
  // fallback's answer), 405 (with an Allow header) for a known path and
  // another method. A handler that
  // throws gives a 500 JSON envelope; it never escapes.
  Dispatched dispatch(Request& request) const;

  // Whether some route matches this path (any method).
  bool matches_path(std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

// Segment matching, exposed for tests: true when `path` fits `pattern`, with
// the "{…}" segments appended to `captures`.
bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& captures);

}  // namespace praxis::searchd
