#include "praxis/searchd/search.h"

#include <memory>

#include "praxis/analysis/snippet.h"
#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "praxis/searchd/query_filters.h"

namespace praxis::searchd {

using schema::Facet;

nlohmann::json document_meta(const Xapian::Document& doc) {
  const std::string data = doc.get_data();
  const auto meta = schema::stored_meta(data);
  if (!meta) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(*meta, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

SearchSettings page_settings(const SearchParams& params, unsigned snippet_chars, unsigned suggest_below,
                             Xapian::doccount facet_sample) {
  SearchSettings s;
  s.offset = (params.page - 1) * params.per_page;
  s.count = params.per_page;
  s.facets = params.want_facets;
  s.snippet_chars = snippet_chars;
  s.suggest_below = suggest_below;
  s.facet_sample = facet_sample;
  return s;
}

namespace {

// Newest first by the year or updated value, then by relevance. (One value
// slot, not a KeyMaker over two: remote shards behind xapian-tcpsrv cannot
// run a KeyMaker in Xapian 1.4.)
void sort_by(Xapian::Enquire& enquire, SortOrder order) {
  if (order == SortOrder::relevance) return;
  enquire.set_sort_by_value_then_relevance(order == SortOrder::year ? schema::SLOT_YEAR : schema::SLOT_UPDATED, true);
}

Xapian::doccount public_doccount(const Xapian::Database& db) {
  const Xapian::doccount all = db.get_doccount();
  const Xapian::doccount drafts = db.get_termfreq(std::string(schema::kDraftTerm));
  return all > drafts ? all - drafts : 0;
}

}  // namespace

Result<SearchResult> run_search(Searcher& searcher, const SearchParams& params, const SearchSettings& settings) {
  const Xapian::Database& db = searcher.db();
  auto parsed = searcher.query_builder().parse(params.q);
  if (!parsed.ok()) return parsed.status();

  SearchResult out;
  out.match_all = parsed->match_all;
  out.sort = settings.sort ? *settings.sort : params.sort;
  if (out.match_all && out.sort == SortOrder::relevance && !params.sort_given) out.sort = SortOrder::updated;

  const QueryFilters filters(params);
  const Xapian::Query query = filters.apply(parsed->query);
  const bool browse_all = out.match_all && !filters.any();

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  if (out.match_all) enquire.set_weighting_scheme(Xapian::BoolWeight());
  sort_by(enquire, out.sort);
  // The page: look a little ahead, so that small result sets get an exact
  // total.
  const Xapian::doccount lookahead =
      std::min<Xapian::doccount>(db.get_doccount(), settings.offset + settings.count + 1000);
  // When the page's pass will see every match (Xapian's upper bound, from
  // term statistics, is within the look-ahead), it counts the facets without
  // a selection too, and no pass of their own is needed. (Not otherwise: the
  // spies would more than double the cost of a pass that stops early.)
  std::unique_ptr<FacetCounter> counter;
  if (settings.facets && !browse_all) {
    counter = std::make_unique<FacetCounter>(unselected_facets(filters));
    Xapian::Enquire bound(db);
    bound.set_query(query);
    bound.set_weighting_scheme(Xapian::BoolWeight());
    if (bound.get_mset(0, 0).get_matches_upper_bound() <= lookahead) counter->add_to(enquire);
  }

  const Xapian::MSet mset = enquire.get_mset(settings.offset, settings.count, lookahead);
  out.total = mset.get_matches_estimated();
  out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  // The spies saw every match only if they saw as many as there are (remote
  // shards, for one, do not show them all).
  const bool counted_in_page = counter && out.total_exact && counter->seen() == out.total;
  if (browse_all) {
    out.total = public_doccount(db);
    out.total_exact = true;
  }

  std::unique_ptr<TermMatcher> matcher;
  if (settings.snippets && !out.match_all) matcher = std::make_unique<TermMatcher>(parsed.value());
  out.hits.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.docid = *it;
    hit.weight = out.match_all ? 0.0 : it.get_weight();
    hit.percent = out.match_all ? 0 : it.get_percent();
    const Xapian::Document doc = it.get_document();
    const std::string data = doc.get_data();
    if (const auto meta = schema::stored_meta(data)) {
      hit.meta = nlohmann::json::parse(*meta, nullptr, false);
      if (!hit.meta.is_object()) hit.meta = nlohmann::json::object();
    } else {
      hit.meta = nlohmann::json::object();
    }
    if (settings.snippets) {
      const std::string text = schema::stored_text(doc).value_or(std::string());
      if (matcher) {
        hit.snippet = analysis::make_snippet(text, *matcher, settings.snippet_chars);
      } else {
        hit.snippet = analysis::make_snippet(text, [](std::string_view) { return false; }, settings.snippet_chars);
      }
    }
    out.hits.push_back(std::move(hit));
  }

  if (settings.facets) {
    // Unless the page's pass counted them: a pass of their own, unweighted and
    // unsorted, over the matches: every one, or a sample of a large result
    // set (facet_counts.h).
    // It runs the query without the phrases that only rank (match_query.h):
    // the same matches, with fewer position checks.
    if (counter && !counted_in_page) {
      counter = std::make_unique<FacetCounter>(unselected_facets(filters));
      const Counted counted = count_matches(db, filters.apply(parsed->match_query), *counter, settings.facet_sample);
      if (counted.exact || !out.total_exact) {
        out.total = counted.matches;
        out.total_exact = counted.exact;
      }
      out.facets_exact = counted.exact;
    }
    out.has_facets = true;
    out.facets = count_facets(db, parsed->match_query, out.match_all, params, filters, counter.get(),
                              settings.facet_sample, out.facets_exact);
  }
  if (!out.match_all && out.total < settings.suggest_below) {
    // Offer the correction only when it finds more (with the same filters):
    // a word that matched through its stem is not a misspelling.
    std::string suggestion = searcher.query_builder().suggest(params.q);
    if (!suggestion.empty()) {
      auto corrected = searcher.query_builder().parse(suggestion);
      if (corrected.ok() && !corrected->match_all) {
        Xapian::Enquire count(db);
        count.set_query(filters.apply(corrected->match_query));
        count.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet found = count.get_mset(0, 0, out.total + 1);
        if (found.get_matches_lower_bound() > out.total) out.suggestion = std::move(suggestion);
      }
    }
  }
  return out;
}

}  // namespace praxis::searchd
