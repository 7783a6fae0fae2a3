// GET /feed.atom, /opensearch.xml, /sitemap.xml and /sitemap/{n}.xml
#include <algorithm>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "api_json.h"
#include "praxis/searchd/feeds.h"
#include "praxis/searchd/xml.h"

namespace praxis::searchd {

using nlohmann::json;

namespace {

constexpr std::size_t kSitemapMax = 50000;  // URLs per sitemap (sitemaps.org)

Response xml_response(std::string body, std::string_view type) {
  Response r;
  r.content_type = std::string(type) + "; charset=utf-8";
  r.body = std::move(body);
  return r;
}

std::string text_of(const json& meta, const char* key) {
  auto it = meta.find(key);
  return it != meta.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Every public case as (page URL, updated), sorted by id: the ids from the
// unique id terms, the dates from the SLOT_UPDATED value stream, drafts left
// out. No document is read, so this stays fast on a large corpus.
std::vector<SitemapUrl> public_case_urls(const Service& s, const Xapian::Database& db) {
  std::unordered_set<Xapian::docid> drafts;
  const std::string draft(schema::kDraftTerm);
  for (auto it = db.postlist_begin(draft); it != db.postlist_end(draft); ++it) drafts.insert(*it);
  std::unordered_map<Xapian::docid, std::string> updated;
  updated.reserve(db.get_doccount());
  for (auto v = db.valuestream_begin(schema::SLOT_UPDATED); v != db.valuestream_end(schema::SLOT_UPDATED); ++v)
    updated.emplace(v.get_docid(), *v);
  std::vector<SitemapUrl> urls;
  urls.reserve(db.get_doccount());
  const std::string prefix(schema::kIdPrefix);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string term = *t;
    auto p = db.postlist_begin(term);
    if (p == db.postlist_end(term) || drafts.count(*p)) continue;
    auto u = updated.find(*p);
    urls.push_back({s.base_url + case_path(std::string_view(term).substr(prefix.size())),
                    u == updated.end() ? std::string() : u->second});
  }
  return urls;
}

}  // namespace

Response handle_feed(const Service& s, const Request& r) {
  SearchParams p;
  if (auto bad = parse_params(s, r, kQuery | kFilters, p)) return *bad;
  SearchSettings settings;
  settings.count = s.options.feed_entries;
  settings.facets = false;
  settings.snippets = false;
  settings.suggest_below = 0;
  settings.sort = SortOrder::updated;
  return with_searcher(s, [&](Searcher& searcher) {
    auto result = run_search(searcher, p, settings);
    if (!result.ok()) return status_response(result.status(), "q");
    const std::string base = s.base_url;
    const std::string qs = query_string(p, false);
    FeedInfo feed;
    feed.title = p.q.empty() ? "Praxis — newest case studies" : "Praxis — " + p.q;
    feed.self_url = base + "/feed.atom" + (qs.empty() ? "" : "?" + qs);
    feed.alternate = base + "/search" + (qs.empty() ? "" : "?" + qs);
    feed.id = feed.self_url;
    std::vector<FeedEntry> entries;
    for (const auto& h : result->hits) {
      FeedEntry e;
      e.id = text_of(h.meta, "id");
      e.url = base + case_path(e.id);
      e.title = text_of(h.meta, "title");
      e.summary = text_of(h.meta, "summary");
      e.updated = text_of(h.meta, "updated");
      e.lang = text_of(h.meta, "lang");
      if (auto it = h.meta.find("sector"); it != h.meta.end() && it->is_array())
        for (const auto& v : *it)
          if (v.is_string()) e.categories.push_back(v.get<std::string>());
      if (e.updated > feed.updated) feed.updated = e.updated;
      entries.push_back(std::move(e));
    }
    return xml_response(write_atom(feed, entries), "application/atom+xml");
  });
}

Response handle_opensearch(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  Response out = xml_response(write_opensearch(s.base_url), "application/opensearchdescription+xml");
  out.set_header("Cache-Control", "public, max-age=86400");
  return out;
}

Response handle_sitemap(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  return with_searcher(s, [&](Searcher& searcher) {
    std::vector<SitemapUrl> urls = public_case_urls(s, searcher.db());
    if (urls.size() <= kSitemapMax) return xml_response(write_sitemap(urls), "application/xml");
    // Too many for one sitemap: an index of /sitemap/1.xml, /sitemap/2.xml …
    std::vector<std::string> parts;
    for (std::size_t i = 0; i * kSitemapMax < urls.size(); ++i)
      parts.push_back(s.base_url + "/sitemap/" + std::to_string(i + 1) + ".xml");
    return xml_response(write_sitemap_index(parts), "application/xml");
  });
}

Response handle_sitemap_part(const Service& s, const Request& r) {
  if (auto bad = no_params(r)) return *bad;
  std::string_view part = r.captures.at(0);
  if (part.size() < 5 || part.substr(part.size() - 4) != ".xml") return error_response(404, "", "no such sitemap");
  const auto n = parse_integer(part.substr(0, part.size() - 4), 1, 100000);
  if (!n) return error_response(404, "", "no such sitemap");
  return with_searcher(s, [&](Searcher& searcher) {
    std::vector<SitemapUrl> urls = public_case_urls(s, searcher.db());
    const auto begin = static_cast<std::size_t>(*n - 1) * kSitemapMax;
    if (begin >= urls.size()) return error_response(404, "", "no such sitemap");
    const auto end = std::min(urls.size(), begin + kSitemapMax);
    std::vector<SitemapUrl> slice(std::make_move_iterator(urls.begin() + static_cast<std::ptrdiff_t>(begin)),
                                  std::make_move_iterator(urls.begin() + static_cast<std::ptrdiff_t>(end)));
    return xml_response(write_sitemap(slice), "application/xml");
  });
}

}  // namespace praxis::searchd
