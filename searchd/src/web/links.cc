// The links of the web pages (declared in pages.h).
#include "web/pages.h"
#include "web/url.h"

namespace praxis::web {

namespace {

void add_lang(QueryString& qs, const Locale& locale) {
  if (locale.explicit_choice) qs.add("lang", locale.code());
}

}  // namespace

std::string_view api_param(std::string_view html_param) { return html_param == "doclang" ? "lang" : html_param; }

std::string_view html_param(std::string_view api_name) { return api_name == "lang" ? "doclang" : api_name; }

std::string search_url(const SearchState& state, const Locale& locale) {
  QueryString qs;
  add_lang(qs, locale);
  qs.add_if("q", state.q);
  for (const auto& [name, value] : state.filters) qs.add(name, value);
  qs.add_if("year_from", state.year_from);
  qs.add_if("year_to", state.year_to);
  qs.add_if("sort", state.sort);
  if (state.per_page != 0) qs.add("per_page", std::to_string(state.per_page));
  if (state.page > 1) qs.add("page", std::to_string(state.page));
  return qs.url("/search");
}

std::string case_url(std::string_view id, const Locale& locale) {
  QueryString qs;
  add_lang(qs, locale);
  return qs.url("/case/" + url_encode(id));
}

std::string filter_url(std::string_view param, std::string_view value, const Locale& locale) {
  QueryString qs;
  add_lang(qs, locale);
  qs.add(param, value);
  return qs.url("/search");
}

}  // namespace praxis::web
