// What a handler sees and returns: a request and a response reduced to what
// the API needs, so that handlers are plain functions that tests and
// benchmarks can call without a socket. src/http_server.cc translates to and
// from cpp-httplib.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace praxis::searchd {

// Decoded query-string parameters; a name may repeat ("sector=a&sector=b").
using Params = std::multimap<std::string, std::string>;

struct Request {
  std::string method = "GET";        // HEAD is routed as GET
  std::string path;                  // decoded, without the query string
  Params params;
  std::vector<std::string> captures; // "{id}" segments of the matched route, in order
  std::string if_none_match;         // the If-None-Match header, for ETags
  std::string accept_language;       // the Accept-Language header (the web interface's locale)
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  // Sets a header, replacing one of the same name.
  void set_header(std::string name, std::string value) {
    for (auto& h : headers)
      if (h.first == name) {
        h.second = std::move(value);
        return;
      }
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// A JSON body (compact, invalid UTF-8 replaced rather than thrown on).
Response json_response(int status, const nlohmann::json& body);
// The error envelope every failure uses: {"error":{"status","param","message"}};
// `param` is omitted when empty.
Response error_response(int status, std::string_view param, std::string_view message);
// "Not Found" for 404 …; "Error" for a code it does not know.
std::string_view reason_phrase(int status);

}  // namespace praxis::searchd
