// The HTML pages: each render_* function turns a view (views.h) into the
// theme's template context and renders it. The context every template gets
// is listed in docs/theming.md. Nothing here touches the index or HTTP.
#pragma once

#include <string>
#include <string_view>

#include "web/locale.h"
#include "web/theme.h"
#include "web/views.h"

namespace praxis::web {

std::string render_home(const Theme& theme, const HomeView& view, const Locale& locale);
std::string render_results(const Theme& theme, const ResultsView& view, const Locale& locale);
std::string render_case(const Theme& theme, const CaseView& view, const Locale& locale);
std::string render_about(const Theme& theme, const Locale& locale);
// `path` is the path that was not found (shown, escaped).
std::string render_not_found(const Theme& theme, const Locale& locale, std::string_view path);
std::string render_error(const Theme& theme, const ErrorView& view, const Locale& locale);

// ---- Links, exposed for the adapter and the tests. Each carries ?lang=
// when the locale was chosen explicitly.
// "/search?q=…&sector=…" for a state (page 1 is not written).
std::string search_url(const SearchState& state, const Locale& locale);
// "/case/<id>".
std::string case_url(std::string_view id, const Locale& locale);
// A search for one filter: "/search?sector=e-government".
std::string filter_url(std::string_view param, std::string_view value, const Locale& locale);
// The JSON API's name for an HTML filter parameter ("doclang" -> "lang").
std::string_view api_param(std::string_view html_param);
// The HTML name for an API/schema facet name ("lang" -> "doclang").
std::string_view html_param(std::string_view api_name);

}  // namespace praxis::web
