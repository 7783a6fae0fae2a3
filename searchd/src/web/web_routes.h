// The HTML routes of praxis-searchd, over the same Service as the JSON API:
//   GET /             home (search box, corpus at a glance, newest cases)
//   GET /search       results (facets, chips, sort, pagination, exports)
//   GET /case/{id}    a case (404 page for an unknown id)
//   GET /about
//   GET /static/{file}  the theme's static files (content-hashed URLs)
// and handle_not_found() for any other path that is not an API path (the
// server's fallback). Every HTML response carries security_headers(),
// Content-Language and Vary: Accept-Language.
#pragma once

#include <memory>

#include "praxis/searchd/api.h"
#include "praxis/searchd/http_types.h"
#include "praxis/searchd/router.h"
#include "web/locale.h"
#include "web/theme.h"

namespace praxis::web {

struct WebService {
  std::shared_ptr<const Theme> theme;
  const searchd::Service& api;  // options, taxonomy, searcher pool
};

// Adds the routes above; replaces a "/" already in the table.
void add_web_routes(searchd::Router& router, const WebService& web);

searchd::Response handle_home(const WebService& web, const searchd::Request& r);
searchd::Response handle_results(const WebService& web, const searchd::Request& r);
searchd::Response handle_case_page(const WebService& web, const searchd::Request& r);
searchd::Response handle_about(const WebService& web, const searchd::Request& r);
searchd::Response handle_static(const WebService& web, const searchd::Request& r);
// The friendly 404 page for `r.path`.
searchd::Response handle_not_found(const WebService& web, const searchd::Request& r);

// The interface language of a request: ?lang=, then Accept-Language, then Greek.
Locale request_locale(const searchd::Request& r);

// An HTML page response with the security headers.
searchd::Response html_response(int status, std::string body, const Locale& locale);

}  // namespace praxis::web
