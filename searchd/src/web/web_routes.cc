#include "web/web_routes.h"

#include <exception>
#include <optional>

#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "praxis/searchd/related.h"
#include "web/adapt.h"
#include "web/pages.h"
#include "web/security.h"

namespace praxis::web {

namespace {

using searchd::Request;
using searchd::Response;

constexpr std::size_t kMaxIdBytes = 200;

std::string_view param(const Request& r, const char* name) {
  auto it = r.params.find(name);
  return it == r.params.end() ? std::string_view() : std::string_view(it->second);
}

Response error_page(const WebService& web, int status, std::string message, const Locale& locale) {
  return html_response(status, render_error(*web.theme, ErrorView{status, std::move(message)}, locale), locale);
}

Response status_page(const WebService& web, const Status& st, const Locale& locale) {
  const int code = st.http_status();
  const Strings& s = web.theme->strings(locale.lang);
  // Server-side details stay in the log; people get the theme's words.
  Response r = error_page(web, code, code == 503 ? s.get("error.unavailable") : std::string(), locale);
  if (code == 503) r.set_header("Retry-After", "1");
  return r;
}

// Runs a page handler; anything thrown becomes the HTML error page.
template <typename F>
Response guarded(const WebService& web, const Request& r, F&& fn) {
  const Locale locale = request_locale(r);
  try {
    return fn(locale);
  } catch (const std::exception&) {
    return error_page(web, 500, "", locale);
  }
}

// The parameters of /search the API understands, with the HTML names
// mapped ("doclang" -> "lang"); the interface's "lang" and anything unknown
// (tracking parameters on a shared link) are dropped.
searchd::Params search_params(const Request& r) {
  searchd::Params out;
  for (const auto& [name, value] : r.params) {
    if (name == "lang") continue;
    if (name == "doclang") {
      out.emplace("lang", value);
      continue;
    }
    const bool known = name == "q" || name == "year_from" || name == "year_to" || name == "sort" || name == "page" ||
                       name == "per_page" || (schema::facet_by_name(name) && name != "lang");
    if (known) out.emplace(name, value);
  }
  return out;
}

}  // namespace

Locale request_locale(const Request& r) { return choose_locale(param(r, "lang"), r.accept_language); }

Response html_response(int status, std::string body, const Locale& locale) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  for (const auto& [name, value] : security_headers()) r.set_header(name, value);
  r.set_header("Content-Language", std::string(locale.code()));
  r.set_header("Vary", "Accept-Language");
  r.set_header("Cache-Control", "no-cache");
  return r;
}

// The handlers read the index inside SearcherPool::run (which retries when
// the index changes under them) and render after it, so a Searcher is held
// only while the index is read.

Response handle_home(const WebService& web, const Request& r) {
  return guarded(web, r, [&](const Locale& locale) {
    std::optional<Result<HomeView>> view;
    const Status st = web.api.pool.run(
        [&](searchd::Searcher& searcher) { view = home_view(searcher, web.api.taxonomy, locale); });
    if (!st.ok()) return status_page(web, st, locale);
    if (!view->ok()) return status_page(web, view->status(), locale);
    return html_response(200, render_home(*web.theme, view->value(), locale), locale);
  });
}

Response handle_results(const WebService& web, const Request& r) {
  return guarded(web, r, [&](const Locale& locale) {
    const searchd::Options& o = web.api.options;
    searchd::SearchParams p;
    const searchd::Params params = search_params(r);
    if (auto err = searchd::parse_search_params(params, searchd::kQuery | searchd::kFilters | searchd::kSort |
                                                            searchd::kPaging,
                                                searchd::param_limits(o), web.api.taxonomy, p)) {
      ResultsView v;
      auto q = params.find("q");
      if (q != params.end() && !searchd::check_text(q->second, true)) v.state.q = q->second;
      v.error_param = std::string(html_param(err->param));
      v.error_message = err->param.empty() ? err->message : v.error_param + ": " + err->message;
      return html_response(400, render_results(*web.theme, v, locale), locale);
    }
    p.hl = std::string(locale.code());
    const searchd::SearchSettings settings = searchd::page_settings(p, o.snippet_chars, o.suggest_below, o.facet_sample);
    std::optional<Result<searchd::SearchResult>> result;
    const Status st = web.api.pool.run(
        [&](searchd::Searcher& searcher) { result = searchd::run_search(searcher, p, settings); });
    if (!st.ok()) return status_page(web, st, locale);
    if (!result->ok()) {
      // A query the parser refuses is the user's to fix: show it with the message.
      if (result->status().http_status() != 400) return status_page(web, result->status(), locale);
      ResultsView v;
      v.state = state_from_params(p, o.default_per_page);
      v.error_param = "q";
      v.error_message = result->status().message();
      return html_response(400, render_results(*web.theme, v, locale), locale);
    }
    ResultsView v = results_view(result->value(), p, o.default_per_page, web.api.taxonomy, locale);
    v.result_window = o.result_window;
    return html_response(200, render_results(*web.theme, v, locale), locale);
  });
}

Response handle_case_page(const WebService& web, const Request& r) {
  return guarded(web, r, [&](const Locale& locale) {
    const std::string& id = r.captures.at(0);
    auto not_found = [&] { return html_response(404, render_not_found(*web.theme, locale, r.path), locale); };
    if (id.size() > kMaxIdBytes || searchd::check_text(id, false)) return not_found();
    enum class Outcome { found, missing, unreadable } outcome = Outcome::missing;
    CaseView view;
    const Status st = web.api.pool.run([&](searchd::Searcher& searcher) {
      const Xapian::Database& db = searcher.db();
      outcome = Outcome::missing;
      const auto did = searchd::find_case(db, id);
      if (!did) return;
      const auto stored = schema::decode_stored_doc(db.get_document(*did));
      const nlohmann::json meta =
          stored ? nlohmann::json::parse(stored->meta_json, nullptr, false) : nlohmann::json();
      if (!stored || !meta.is_object()) {
        outcome = Outcome::unreadable;
        return;
      }
      searchd::RelatedSettings related;
      related.count = web.api.options.related_count;
      view = case_view(meta, stored->markdown, searchd::related_cases(db, *did, related), web.api.taxonomy, locale);
      outcome = Outcome::found;
    });
    if (!st.ok()) return status_page(web, st, locale);
    if (outcome == Outcome::missing) return not_found();
    if (outcome == Outcome::unreadable) return error_page(web, 500, "", locale);
    return html_response(200, render_case(*web.theme, view, locale), locale);
  });
}

Response handle_about(const WebService& web, const Request& r) {
  return guarded(web, r, [&](const Locale& locale) {
    return html_response(200, render_about(*web.theme, locale), locale);
  });
}

Response handle_not_found(const WebService& web, const Request& r) {
  return guarded(web, r, [&](const Locale& locale) {
    return html_response(404, render_not_found(*web.theme, locale, r.path), locale);
  });
}

Response handle_static(const WebService& web, const Request& r) {
  const StaticResponse s =
      web.theme->static_files().serve(r.captures.at(0), param(r, "v"), r.if_none_match);
  Response out;
  out.status = s.status;
  out.content_type = s.content_type;
  out.body = s.body;
  for (const auto& [name, value] : s.headers) out.set_header(name, value);
  for (const auto& [name, value] : security_headers()) out.set_header(name, value);
  return out;
}

void add_web_routes(searchd::Router& router, const WebService& web) {
  const WebService* w = &web;
  auto bind = [w](Response (*fn)(const WebService&, const Request&)) {
    return [w, fn](const Request& r) { return fn(*w, r); };
  };
  router.get("/", bind(handle_home));
  router.get("/search", bind(handle_results));
  router.get("/case/{id}", bind(handle_case_page));
  router.get("/about", bind(handle_about));
  router.get("/static/{file}", bind(handle_static));
}

}  // namespace praxis::web
