#include "web/pages.h"

#include <algorithm>

#include "web/svg_charts.h"
#include "web/url.h"

namespace praxis::web {

namespace {

using mstch::array;
using mstch::map;

constexpr std::size_t kFacetTopValues = 8;  // more values go in a "more" disclosure

std::string lang_query(const Locale& locale, std::string_view path) {
  QueryString qs;
  if (locale.explicit_choice) qs.add("lang", locale.code());
  return qs.url(path);
}

std::string switch_url(std::string_view path, const Locale& locale) {
  QueryString qs;
  qs.add("lang", lang_code(locale.other()));
  return qs.url(path);
}

// The context every page shares: layout strings and links (see docs/theming.md).
map base_context(const Theme& theme, const Locale& locale, std::string_view page, std::string title,
                 std::string lang_switch_url, std::string query = "") {
  const Strings& s = theme.strings(locale.lang);
  const StaticFiles& files = theme.static_files();
  const Lang other = locale.other();
  map ctx{
      {"lang", std::string(locale.code())},
      {"t", s.tree()},
      {"page", std::string(page)},
      {"page_title", title.empty() ? s.get("site.name") : title + " — " + s.get("site.name")},
      {"css_url", files.url("style.css")},
      {"js_url", files.url("app.js")},
      {"icon_url", files.url("favicon.svg")},
      {"home_url", lang_query(locale, "/")},
      {"about_url", lang_query(locale, "/about")},
      {"search_action", std::string("/search")},
      {"opensearch_url", std::string("/opensearch.xml")},
      {"feed_url", std::string("/feed.atom")},
      {"api_search_url", std::string("/api/search")},
      {"query", std::move(query)},
      {"lang_switch",
       map{{"url", std::move(lang_switch_url)},
           {"lang", std::string(lang_code(other))},
           {"label", theme.strings(other).get(other == Lang::el ? "lang_names.el" : "lang_names.en")}}},
  };
  if (locale.explicit_choice) ctx.emplace("lang_hidden", std::string(locale.code()));
  return ctx;
}

std::string date_text(const Locale& locale, std::string_view iso) { return locale.format_date(iso); }

map card_context(const CaseCard& c, const Locale& locale) {
  array sectors;
  for (const auto& sct : c.sectors)
    sectors.emplace_back(map{{"label", sct.label}, {"url", filter_url("sector", sct.value, locale)}});
  map card{
      {"id", c.id},
      {"url", case_url(c.id, locale)},
      {"title", c.title},
      {"summary", c.summary},
      {"lang", c.lang.empty() ? std::string(locale.code()) : c.lang},
      {"sectors", std::move(sectors)},
      {"year", c.year > 0 ? std::to_string(c.year) : std::string()},
      {"updated", c.updated},
      {"updated_text", date_text(locale, c.updated)},
  };
  if (!c.region.value.empty())
    card.emplace("region", map{{"label", c.region.label.empty() ? c.region.value : c.region.label},
                               {"url", filter_url("region", c.region.value, locale)}});
  else
    card.emplace("region", std::string());
  // Always present, so that a card never reads a key of the page around it.
  card.emplace("snippet_html", c.snippet_html);
  return card;
}

array cards(const std::vector<CaseCard>& list, const Locale& locale) {
  array out;
  out.reserve(list.size());
  for (const auto& c : list) out.emplace_back(card_context(c, locale));
  return out;
}

// ---- Home.

std::vector<ChartDatum> chart_data(const std::vector<CountItem>& items, const Locale& locale) {
  std::vector<ChartDatum> out;
  out.reserve(items.size());
  for (const auto& i : items)
    out.push_back({i.label.empty() ? i.value : i.label, i.count, locale.format_count(static_cast<std::int64_t>(i.count))});
  return out;
}

// Charts show the first kChartBars values; their tables show all.
constexpr std::size_t kChartBars = 12;
std::vector<CountItem> first_n(const std::vector<CountItem>& items) {
  return {items.begin(), items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), kChartBars))};
}

array count_rows(const std::vector<CountItem>& items, std::string_view param, const Locale& locale) {
  array rows;
  for (const auto& i : items)
    rows.emplace_back(map{{"label", i.label.empty() ? i.value : i.label},
                          {"count_text", locale.format_count(static_cast<std::int64_t>(i.count))},
                          {"url", filter_url(param, i.value, locale)}});
  return rows;
}

// ---- Results.

std::string facet_legend(const Strings& s, std::string_view name) {
  const std::string key = "facets." + std::string(name);
  return s.has(key) ? s.get(key) : std::string(name);
}

array facet_groups(const ResultsView& v, const Strings& s, const Locale& locale) {
  array groups;
  for (const auto& g : v.facets) {
    if (g.options.empty()) continue;
    // Selected values first among the visible ones, so a choice never hides in "more".
    std::vector<const FacetOption*> ordered;
    for (const auto& o : g.options)
      if (o.selected) ordered.push_back(&o);
    for (const auto& o : g.options)
      if (!o.selected) ordered.push_back(&o);
    array top, more;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      const FacetOption& o = *ordered[i];
      map opt{{"name", g.name},
              {"value", o.value},
              {"label", o.label.empty() ? o.value : o.label},
              {"count_text", (v.facets_exact ? "" : "≈") + locale.format_count(static_cast<std::int64_t>(o.count))},
              {"checked", o.selected}};
      (i < kFacetTopValues || o.selected ? top : more).emplace_back(std::move(opt));
    }
    map group{{"name", g.name}, {"legend", facet_legend(s, g.name)}, {"options", std::move(top)}};
    if (!more.empty()) {
      group.emplace("more_label", s.format("results.more_values", {{"n", locale.format_count(static_cast<std::int64_t>(more.size()))}}));
      group.emplace("more", std::move(more));
    }
    groups.emplace_back(std::move(group));
  }
  return groups;
}

std::string option_label(const ResultsView& v, std::string_view param, std::string_view value) {
  for (const auto& g : v.facets)
    if (g.name == param)
      for (const auto& o : g.options)
        if (o.value == value && !o.label.empty()) return o.label;
  return std::string(value);
}

array chips(const ResultsView& v, const Strings& s, const Locale& locale) {
  array out;
  const SearchState& st = v.state;
  auto chip = [&](std::string label, SearchState without) {
    without.page = 1;
    out.emplace_back(map{{"label", label},
                         {"remove_label", s.format("results.remove_filter", {{"label", label}})},
                         {"url", search_url(without, locale)}});
  };
  for (std::size_t i = 0; i < st.filters.size(); ++i) {
    const auto& [param, value] = st.filters[i];
    SearchState without = st;
    without.filters.erase(without.filters.begin() + static_cast<std::ptrdiff_t>(i));
    chip(facet_legend(s, param) + ": " + option_label(v, param, value), std::move(without));
  }
  if (!st.year_from.empty()) {
    SearchState without = st;
    without.year_from.clear();
    chip(s.format("results.year_from_chip", {{"year", st.year_from}}), std::move(without));
  }
  if (!st.year_to.empty()) {
    SearchState without = st;
    without.year_to.clear();
    chip(s.format("results.year_to_chip", {{"year", st.year_to}}), std::move(without));
  }
  return out;
}

// The API's query string for the same search (exports, feed, live search).
QueryString api_query(const SearchState& st, bool with_sort) {
  QueryString qs;
  qs.add_if("q", st.q);
  for (const auto& [param, value] : st.filters) qs.add(api_param(param), value);
  qs.add_if("year_from", st.year_from);
  qs.add_if("year_to", st.year_to);
  if (with_sort) qs.add_if("sort", st.sort);
  return qs;
}

QueryString feed_query(const SearchState& st) {
  QueryString qs;
  qs.add_if("q", st.q);
  for (const auto& [param, value] : st.filters) qs.add(api_param(param), value);
  qs.add_if("year_from", st.year_from);
  qs.add_if("year_to", st.year_to);
  return qs;
}

map pagination(const ResultsView& v, const Strings& s, const Locale& locale) {
  const unsigned per_page = std::max(1u, v.per_page);
  const std::uint64_t reachable = std::min<std::uint64_t>(v.total, std::max(1u, v.result_window));
  const auto pages = static_cast<unsigned>(std::max<std::uint64_t>(1, (reachable + per_page - 1) / per_page));
  const unsigned current = std::clamp(v.state.page, 1u, pages);
  map out;
  if (pages <= 1) return out;
  auto url_for = [&](unsigned p) {
    SearchState st = v.state;
    st.page = p;
    return search_url(st, locale);
  };
  array items;
  unsigned last_shown = 0;
  for (unsigned p = 1; p <= pages; ++p) {
    const bool show = p == 1 || p == pages || (p + 2 >= current && p <= current + 2);
    if (!show) continue;
    if (last_shown != 0 && p > last_shown + 1) items.emplace_back(map{{"gap", true}});
    items.emplace_back(map{{"number", locale.format_count(p)},
                           {"url", url_for(p)},
                           {"current", p == current},
                           {"label", s.format("results.page_n", {{"page", locale.format_count(p)}})}});
    last_shown = p;
  }
  out.emplace("pages", std::move(items));
  out.emplace("text", s.format("results.page_of",
                               {{"page", locale.format_count(current)}, {"pages", locale.format_count(pages)}}));
  if (current > 1) out.emplace("prev_url", url_for(current - 1));
  if (current < pages) out.emplace("next_url", url_for(current + 1));
  return out;
}

// ---- Case.

map meta_row(std::string label, array values) {
  return map{{"label", std::move(label)}, {"values", std::move(values)}};
}

array linked(const std::vector<Labeled>& items, std::string_view param, const Locale& locale) {
  array out;
  for (const auto& i : items)
    if (!i.value.empty())
      out.emplace_back(map{{"label", i.label.empty() ? i.value : i.label}, {"url", filter_url(param, i.value, locale)}});
  return out;
}

array linked_one(const Labeled& item, std::string_view param, const Locale& locale) {
  return linked(std::vector<Labeled>{item}, param, locale);
}

// Free-text values link to a field search: tag:"open data".
array field_searches(const std::vector<std::string>& items, std::string_view field, const Locale& locale) {
  array out;
  for (const auto& i : items) {
    std::string quoted;
    for (char c : i)
      if (c != '"') quoted += c;
    out.emplace_back(map{{"label", i}, {"url", filter_url("q", std::string(field) + ":\"" + quoted + "\"", locale)}});
  }
  return out;
}

bool is_http_url(std::string_view url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

}  // namespace

std::string render_home(const Theme& theme, const HomeView& v, const Locale& locale) {
  const Strings& s = theme.strings(locale.lang);
  map ctx = base_context(theme, locale, "home", "", switch_url("/", locale));
  const std::string total = locale.format_count(static_cast<std::int64_t>(v.total_cases));
  ctx.emplace("total_text", s.plural("home.total", static_cast<long long>(v.total_cases), total));
  ctx.emplace("browse_url", lang_query(locale, "/search"));

  std::vector<CountItem> years = v.by_year;
  std::sort(years.begin(), years.end(), [](const CountItem& a, const CountItem& b) { return a.value < b.value; });
  array charts;
  auto add_chart = [&](std::string key, std::string svg, array rows, std::string id) {
    charts.emplace_back(map{{"id", std::move(id)},
                            {"title", s.get(key)},
                            {"svg_html", std::move(svg)},
                            {"rows", std::move(rows)},
                            {"has_rows", true}});
  };
  if (!v.by_sector.empty())
    add_chart("home.chart_sector", bar_chart_svg(chart_data(first_n(v.by_sector), locale), s.get("home.chart_sector")),
              count_rows(v.by_sector, "sector", locale), "chart-sector");
  if (!v.by_region.empty())
    add_chart("home.chart_region", bar_chart_svg(chart_data(first_n(v.by_region), locale), s.get("home.chart_region")),
              count_rows(v.by_region, "region", locale), "chart-region");
  if (!years.empty())
    add_chart("home.chart_years", timeline_svg(chart_data(years, locale), s.get("home.chart_years")),
              count_rows(years, "year", locale), "chart-years");
  ctx.emplace("has_charts", !charts.empty());
  ctx.emplace("charts", std::move(charts));
  ctx.emplace("newest", cards(v.newest, locale));
  ctx.emplace("has_newest", !v.newest.empty());
  return theme.render("home", ctx);
}

std::string render_results(const Theme& theme, const ResultsView& v, const Locale& locale) {
  const Strings& s = theme.strings(locale.lang);
  const SearchState& st = v.state;
  std::string title = st.q.empty() ? s.get("results.title_browse") : s.format("results.title", {{"q", st.q}});
  SearchState first_page = st;
  first_page.page = 1;
  std::string other_url = search_url(st, Locale{locale.other(), true});
  map ctx = base_context(theme, locale, "results", title, std::move(other_url), st.q);
  ctx.emplace("heading", title);
  ctx.emplace("browsing", v.browsing);

  const std::string n = locale.format_count(static_cast<std::int64_t>(v.total));
  const auto total = static_cast<long long>(v.total);
  std::string count_text = v.browsing ? s.plural("results.browse_count", total, n)
                           : v.total_exact ? s.plural("results.count", total, n)
                                           : s.plural("results.count_about", total, n);
  ctx.emplace("count_text", std::move(count_text));
  ctx.emplace("has_hits", !v.hits.empty());
  ctx.emplace("hits", cards(v.hits, locale));
  if (v.error_message.empty() && v.hits.empty()) ctx.emplace("no_hits", true);

  if (!v.suggestion.empty()) {
    SearchState corrected = first_page;
    corrected.q = v.suggestion;
    ctx.emplace("suggestion", map{{"text", v.suggestion}, {"url", search_url(corrected, locale)}});
  }
  if (!v.error_message.empty()) {
    ctx.emplace("error", map{{"param", v.error_param}, {"message", v.error_message}});
  }

  ctx.emplace("facets", facet_groups(v, s, locale));
  ctx.emplace("year_from", st.year_from);
  ctx.emplace("year_to", st.year_to);
  array active = chips(v, s, locale);
  if (!active.empty()) {
    SearchState cleared;
    cleared.q = st.q;
    cleared.sort = st.sort;
    cleared.per_page = st.per_page;
    ctx.emplace("clear_url", search_url(cleared, locale));
    ctx.emplace("has_chips", true);
  }
  ctx.emplace("chips", std::move(active));

  // The default order has the value "" so that a new query on a page that
  // was browsing (newest first) goes back to relevance.
  const bool default_sort = st.sort.empty() || (st.sort == "relevance" && !v.browsing);
  array sorts;
  sorts.emplace_back(map{{"value", std::string()},
                         {"label", s.get(v.browsing ? "results.sort_default_browse" : "results.sort_relevance")},
                         {"selected", default_sort}});
  for (const char* key : {"year", "updated"})
    sorts.emplace_back(map{{"value", std::string(key)},
                           {"label", s.get(std::string("results.sort_") + key)},
                           {"selected", !default_sort && st.sort == key}});
  ctx.emplace("sorts", std::move(sorts));
  if (st.per_page != 0) ctx.emplace("per_page", std::to_string(st.per_page));

  map pages = pagination(v, s, locale);
  if (!pages.empty()) ctx.emplace("pagination", std::move(pages));

  ctx.emplace("csv_url", api_query(st, true).url("/api/export.csv"));
  ctx.emplace("json_url", api_query(st, true).url("/api/export.json"));
  ctx["feed_url"] = feed_query(st).url("/feed.atom");
  return theme.render("results", ctx);
}

std::string render_case(const Theme& theme, const CaseView& v, const Locale& locale) {
  const Strings& s = theme.strings(locale.lang);
  map ctx = base_context(theme, locale, "case", v.title.empty() ? v.id : v.title,
                         switch_url("/case/" + url_encode(v.id), locale));
  ctx.emplace("id", v.id);
  ctx.emplace("title", v.title.empty() ? v.id : v.title);
  ctx.emplace("summary", v.summary);
  ctx.emplace("case_lang", v.lang.empty() ? std::string(locale.code()) : v.lang);
  ctx.emplace("body_html", v.body_html);
  ctx.emplace("api_url", "/api/case/" + url_encode(v.id));

  if (!v.problems.empty()) {
    array problems;
    for (const auto& p : v.problems)
      problems.emplace_back(map{{"file", p.file},
                                {"line", p.line > 0 ? std::to_string(p.line) : std::string()},
                                {"message", p.message}});
    ctx.emplace("problems", std::move(problems));
    ctx.emplace("has_problems", true);
    return theme.render("case", ctx);
  }

  array meta;
  auto add = [&](std::string_view key, array values) {
    if (!values.empty()) meta.emplace_back(meta_row(facet_legend(s, key), std::move(values)));
  };
  add("sector", linked(v.sectors, "sector", locale));
  add("region", linked_one(v.region, "region", locale));
  if (v.country.value != v.region.value) add("country", linked_one(v.country, "country", locale));
  add("level", linked_one(v.level, "level", locale));
  add("outcome", linked(v.outcomes, "outcome", locale));
  add("status", linked_one(v.status, "status", locale));
  add("evidence", linked_one(v.evidence, "evidence", locale));
  if (v.year > 0) add("year", linked_one(Labeled{std::to_string(v.year), std::to_string(v.year)}, "year", locale));
  if (v.period_start) {
    std::string period = v.period_end ? s.format("case.period_range", {{"start", std::to_string(*v.period_start)},
                                                                      {"end", std::to_string(*v.period_end)}})
                                      : s.format("case.period_open", {{"start", std::to_string(*v.period_start)}});
    meta.emplace_back(meta_row(s.get("case.period"), array{map{{"label", period}, {"url", std::string()}}}));
  }
  if (!v.organisations.empty()) meta.emplace_back(meta_row(s.get("case.organisations"), field_searches(v.organisations, "org", locale)));
  if (!v.funding.empty()) meta.emplace_back(meta_row(s.get("case.funding"), field_searches(v.funding, "funding", locale)));
  if (!v.tags.empty()) meta.emplace_back(meta_row(s.get("case.tags"), field_searches(v.tags, "tag", locale)));
  if (!v.source.value.empty()) add("source", linked_one(v.source, "source", locale));
  ctx.emplace("meta", std::move(meta));

  if (!v.results.empty()) {
    array rows;
    for (const auto& r : v.results)
      rows.emplace_back(map{{"metric", r.metric},
                            {"value", r.value ? locale.format_decimal(*r.value) : std::string()},
                            {"unit", r.unit},
                            {"year", r.year ? std::to_string(*r.year) : std::string()}});
    ctx.emplace("results", std::move(rows));
    ctx.emplace("has_results", true);
  }
  if (!v.sources.empty()) {
    array sources;
    for (const auto& src : v.sources) {
      map item{{"title", src.title.empty() ? src.url : src.title}};
      item.emplace("url", is_http_url(src.url) ? src.url : std::string());
      item.emplace("text", is_http_url(src.url) ? std::string() : src.url);
      sources.emplace_back(std::move(item));
    }
    ctx.emplace("sources", std::move(sources));
    ctx.emplace("has_sources", true);
  }
  if (!v.transferability.empty()) ctx.emplace("transferability", v.transferability);

  array translations;
  for (const auto& tr : v.translations) {
    const auto tl = parse_lang(tr.lang);
    if (!tl || tr.id.empty()) continue;
    translations.emplace_back(map{{"url", case_url(tr.id, locale)},
                                  {"lang", std::string(lang_code(*tl))},
                                  {"label", s.get(*tl == Lang::el ? "case.translation_el" : "case.translation_en")}});
  }
  ctx.emplace("has_translations", !translations.empty());
  ctx.emplace("translations", std::move(translations));
  ctx.emplace("has_related", !v.related.empty());
  ctx.emplace("related", cards(v.related, locale));
  ctx.emplace("updated", v.updated);
  ctx.emplace("updated_text", date_text(locale, v.updated));
  if (!v.verified.empty()) {
    ctx.emplace("verified", v.verified);
    ctx.emplace("verified_text", date_text(locale, v.verified));
  }
  return theme.render("case", ctx);
}

std::string render_about(const Theme& theme, const Locale& locale) {
  const Strings& s = theme.strings(locale.lang);
  map ctx = base_context(theme, locale, "about", s.get("about.title"), switch_url("/about", locale));
  return theme.render("about", ctx);
}

std::string render_not_found(const Theme& theme, const Locale& locale, std::string_view path) {
  const Strings& s = theme.strings(locale.lang);
  map ctx = base_context(theme, locale, "not_found", s.get("not_found.title"), switch_url("/", locale));
  ctx.emplace("path", std::string(path));
  return theme.render("not_found", ctx);
}

std::string render_error(const Theme& theme, const ErrorView& v, const Locale& locale) {
  const Strings& s = theme.strings(locale.lang);
  const bool client = v.status >= 400 && v.status < 500;
  const std::string title = s.get(client ? "error.bad_request_title" : "error.title");
  map ctx = base_context(theme, locale, "error", title, switch_url("/", locale));
  ctx.emplace("heading", title);
  ctx.emplace("status", std::to_string(v.status));
  ctx.emplace("message", v.message.empty() ? s.get(client ? "error.bad_request_text" : "error.text") : v.message);
  ctx.emplace("unavailable", v.status == 503);
  return theme.render("error", ctx);
}

}  // namespace praxis::web
