#include "praxis/searchd/router.h"

#include <exception>

#include <nlohmann/json.hpp>

namespace praxis::searchd {

Response json_response(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response error_response(int status, std::string_view param, std::string_view message) {
  nlohmann::json err = {{"status", status}, {"message", message}};
  if (!param.empty()) err["param"] = param;
  Response r = json_response(status, {{"error", std::move(err)}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

namespace {

// The next '/'-separated segment of `s` (which starts after a '/').
std::string_view next_segment(std::string_view& s) {
  const auto slash = s.find('/');
  const std::string_view seg = s.substr(0, slash);
  s.remove_prefix(slash == std::string_view::npos ? s.size() : slash + 1);
  return seg;
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& captures) {
  const std::size_t before = captures.size();
  auto fail = [&] {
    captures.resize(before);
    return false;
  };
  if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return fail();
  pattern.remove_prefix(1);
  path.remove_prefix(1);
  // Literal patterns: compare whole (the common case, and "/" itself).
  if (pattern.find('{') == std::string_view::npos) return pattern == path ? true : fail();
  bool path_done = false;
  while (!pattern.empty()) {
    if (path_done) return fail();
    const bool last_pattern = pattern.find('/') == std::string_view::npos;
    const std::string_view p = next_segment(pattern);
    const bool last_path = path.find('/') == std::string_view::npos;
    const std::string_view s = next_segment(path);
    path_done = last_path;
    if (p.size() >= 5 && p.front() == '{' && p.substr(p.size() - 4) == "...}") {
      // "{rest...}": the last pattern segment takes the rest of the path,
      // one or more non-empty segments.
      if (!last_pattern || s.empty()) return fail();
      std::string rest(s);
      while (!path_done) {
        path_done = path.find('/') == std::string_view::npos;
        const std::string_view more = next_segment(path);
        if (more.empty()) return fail();
        rest += '/';
        rest += more;
      }
      captures.push_back(std::move(rest));
      return true;
    }
    if (last_pattern != last_path) return fail();
    if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
      if (s.empty()) return fail();
      captures.emplace_back(s);
    } else if (p != s) {
      return fail();
    }
  }
  return path_done ? true : fail();
}

void Router::add(Route route) {
  for (auto& r : routes_)
    if (r.method == route.method && r.pattern == route.pattern) {
      r = std::move(route);
      return;
    }
  routes_.push_back(std::move(route));
}

bool Router::matches_path(std::string_view path) const {
  std::vector<std::string> captures;
  for (const auto& r : routes_) {
    captures.clear();
    if (match_pattern(r.pattern, path, captures)) return true;
  }
  return false;
}

Router::Dispatched Router::dispatch(Request& request) const {
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  std::string allow;
  for (const auto& r : routes_) {
    request.captures.clear();
    if (!match_pattern(r.pattern, request.path, request.captures)) continue;
    if (r.method != method) {
      if (!allow.empty()) allow += ", ";
      allow += r.method == "GET" ? "GET, HEAD" : r.method;
      continue;
    }
    try {
      return {r.handler(request), r.pattern};
    } catch (const std::exception& e) {
      return {error_response(500, "", std::string("internal error: ") + e.what()), r.pattern};
    } catch (...) {
      return {error_response(500, "", "internal error"), r.pattern};
    }
  }
  request.captures.clear();
  if (allow.empty() && fallback_ && method == "GET" && request.path.rfind("/api/", 0) != 0) {
    try {
      return {fallback_(request), "unmatched"};
    } catch (...) {
      // fall through to the JSON 404
    }
  }
  if (!allow.empty()) {
    Response r = error_response(405, "", "method " + request.method + " is not allowed here");
    r.set_header("Allow", allow);
    return {std::move(r), "method_not_allowed"};
  }
  return {error_response(404, "", "no such endpoint: see /api/ in docs/api.md"), "unmatched"};
}

}  // namespace praxis::searchd
