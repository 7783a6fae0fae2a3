// Links inside the web pages: query strings built from (name, value) pairs,
// every byte outside RFC 3986's unreserved set percent-encoded, so a user's
// query or a facet value can never end a parameter or an attribute early.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace praxis::web {

// Percent-encodes everything but A–Z a–z 0–9 - . _ ~ (a space becomes %20).
std::string url_encode(std::string_view s);

class QueryString {
 public:
  QueryString& add(std::string_view name, std::string_view value);
  // Adds the pair only when `value` is not empty.
  QueryString& add_if(std::string_view name, std::string_view value);
  bool empty() const { return pairs_.empty(); }
  // "a=1&b=x%20y" (no leading '?').
  std::string str() const;
  // `path` + "?" + str(), or `path` alone when there are no parameters.
  std::string url(std::string_view path) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace praxis::web
