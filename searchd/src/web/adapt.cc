#include "web/adapt.h"

#include <algorithm>

#include "praxis/markdown.h"
#include "praxis/schema.h"
#include "praxis/searchd/facet_counts.h"
#include "praxis/searchd/labels.h"
#include "web/pages.h"

namespace praxis::web {

namespace {

using nlohmann::json;
using schema::Facet;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string() && !v.get_ref<const std::string&>().empty()) out.push_back(v.get<std::string>());
  return out;
}

std::optional<int> integer(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

std::string label(const Taxonomy* taxonomy, Facet facet, std::string_view value, const Locale& locale) {
  if (facet == Facet::year || facet == Facet::source) return std::string(value);
  return searchd::facet_label(taxonomy, facet, value).in(locale.code());
}

Labeled labeled(const Taxonomy* taxonomy, Facet facet, const std::string& value, const Locale& locale) {
  if (value.empty()) return {};
  return Labeled{value, label(taxonomy, facet, value, locale)};
}

std::vector<Labeled> labeled_all(const Taxonomy* taxonomy, Facet facet, const std::vector<std::string>& values,
                                 const Locale& locale) {
  std::vector<Labeled> out;
  for (const auto& v : values) out.push_back(labeled(taxonomy, facet, v, locale));
  return out;
}

// Counts in display order: count descending, then label.
std::vector<CountItem> count_items(const searchd::ValueCounts& counts, Facet facet, const Taxonomy* taxonomy,
                                   const Locale& locale) {
  std::vector<CountItem> out;
  for (const auto& [value, n] : counts) out.push_back({value, label(taxonomy, facet, value, locale), n});
  std::stable_sort(out.begin(), out.end(), [](const CountItem& a, const CountItem& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
  return out;
}

}  // namespace

CaseCard card_from_meta(const json& meta, const std::string& snippet_html, const Taxonomy* taxonomy,
                        const Locale& locale) {
  CaseCard c;
  if (!meta.is_object()) return c;
  c.id = str(meta, "id");
  c.title = str(meta, "title");
  c.summary = str(meta, "summary");
  c.lang = str(meta, "lang");
  c.region = labeled(taxonomy, Facet::region, str(meta, "region"), locale);
  c.sectors = labeled_all(taxonomy, Facet::sector, strings(meta, "sector"), locale);
  c.year = integer(meta, "year").value_or(0);
  c.updated = str(meta, "updated");
  c.snippet_html = snippet_html;
  return c;
}

SearchState state_from_params(const searchd::SearchParams& p, unsigned default_per_page) {
  SearchState st;
  st.q = p.q;
  for (const auto& info : schema::kFacets)
    for (const auto& v : p.values(info.facet)) st.filters.emplace_back(std::string(html_param(info.name)), v);
  if (p.year_from) st.year_from = std::to_string(*p.year_from);
  if (p.year_to) st.year_to = std::to_string(*p.year_to);
  if (p.sort_given) st.sort = std::string(searchd::sort_name(p.sort));
  st.page = p.page;
  st.per_page = p.per_page == default_per_page ? 0 : p.per_page;
  return st;
}

ResultsView results_view(const searchd::SearchResult& r, const searchd::SearchParams& p, unsigned default_per_page,
                         const Taxonomy* taxonomy, const Locale& locale) {
  ResultsView v;
  v.state = state_from_params(p, default_per_page);
  v.total = r.total;
  v.total_exact = r.total_exact;
  v.facets_exact = r.facets_exact;
  v.per_page = p.per_page;
  v.sort = std::string(searchd::sort_name(r.sort));
  v.browsing = r.match_all;
  v.suggestion = r.suggestion;
  for (const auto& h : r.hits) v.hits.push_back(card_from_meta(h.meta, h.snippet, taxonomy, locale));
  if (r.has_facets) {
    for (const auto& info : schema::kFacets) {
      const auto& values = r.facets[static_cast<std::size_t>(info.facet)];
      // One source only (no mirrors) says nothing: leave the facet out.
      if (info.facet == Facet::source && values.size() < 2 && p.values(Facet::source).empty()) continue;
      FacetGroup g;
      g.name = std::string(html_param(info.name));
      for (const auto& fv : values)
        g.options.push_back({fv.value, label(taxonomy, info.facet, fv.value, locale), fv.count, fv.selected});
      if (!g.options.empty()) v.facets.push_back(std::move(g));
    }
  }
  return v;
}

Result<HomeView> home_view(searchd::Searcher& searcher, const Taxonomy* taxonomy, const Locale& locale,
                           unsigned newest_count) {
  HomeView v;
  const searchd::AllValueCounts counts = searchd::corpus_counts(searcher.db());
  v.by_sector = count_items(counts[static_cast<std::size_t>(Facet::sector)], Facet::sector, taxonomy, locale);
  v.by_region = count_items(counts[static_cast<std::size_t>(Facet::region)], Facet::region, taxonomy, locale);
  for (const auto& [year, n] : counts[static_cast<std::size_t>(Facet::year)])
    if (year != "0") v.by_year.push_back({year, year, n});

  searchd::SearchParams params;
  params.sort = searchd::SortOrder::updated;
  params.sort_given = true;
  params.per_page = newest_count;
  params.hl = std::string(locale.code());
  searchd::SearchSettings settings;
  settings.count = newest_count;
  settings.facets = false;
  settings.snippets = false;
  settings.sort = searchd::SortOrder::updated;
  auto result = searchd::run_search(searcher, params, settings);
  if (!result.ok()) return result.status();
  v.total_cases = result->total;
  for (const auto& h : result->hits) v.newest.push_back(card_from_meta(h.meta, "", taxonomy, locale));
  return v;
}

CaseView case_view(const json& meta, const std::string& markdown, const std::vector<searchd::Hit>& related,
                   const Taxonomy* taxonomy, const Locale& locale) {
  CaseView v;
  v.id = str(meta, "id");
  v.title = str(meta, "title");
  v.summary = str(meta, "summary");
  v.lang = str(meta, "lang");
  v.body_html = markdown_to_html(markdown);
  v.sectors = labeled_all(taxonomy, Facet::sector, strings(meta, "sector"), locale);
  v.region = labeled(taxonomy, Facet::region, str(meta, "region"), locale);
  v.country = labeled(taxonomy, Facet::country, str(meta, "country"), locale);
  v.level = labeled(taxonomy, Facet::level, str(meta, "level"), locale);
  v.outcomes = labeled_all(taxonomy, Facet::outcome, strings(meta, "outcome"), locale);
  v.status = labeled(taxonomy, Facet::status, str(meta, "status"), locale);
  v.evidence = labeled(taxonomy, Facet::evidence, str(meta, "evidence"), locale);
  // A case's own content folder ("local") is not worth a line; a mirror's name is.
  if (const std::string source = str(meta, "source"); source != "local")
    v.source = labeled(taxonomy, Facet::source, source, locale);
  v.year = integer(meta, "year").value_or(0);
  if (auto period = meta.find("period"); period != meta.end() && period->is_object()) {
    v.period_start = integer(*period, "start");
    v.period_end = integer(*period, "end");
  }
  v.organisations = strings(meta, "organisations");
  v.tags = strings(meta, "tags");
  v.funding = strings(meta, "funding");
  if (auto results = meta.find("results"); results != meta.end() && results->is_array()) {
    for (const auto& r : *results) {
      if (!r.is_object()) continue;
      MeasuredRow row;
      row.metric = str(r, "metric");
      if (auto value = r.find("value"); value != r.end() && value->is_number()) row.value = value->get<double>();
      row.unit = str(r, "unit");
      row.year = integer(r, "year");
      v.results.push_back(std::move(row));
    }
  }
  if (auto sources = meta.find("sources"); sources != meta.end() && sources->is_array())
    for (const auto& s : *sources)
      if (s.is_object()) v.sources.push_back({str(s, "title"), str(s, "url")});
  v.transferability = str(meta, "transferability");
  v.verified = str(meta, "verified");
  v.updated = str(meta, "updated");
  if (auto tr = meta.find("translations"); tr != meta.end() && tr->is_object())
    for (const auto& [lang, id] : tr->items())
      if (id.is_string()) v.translations.push_back({lang, id.get<std::string>()});
  for (const auto& h : related) v.related.push_back(card_from_meta(h.meta, "", taxonomy, locale));
  return v;
}

}  // namespace praxis::web
