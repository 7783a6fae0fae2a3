// The XML documents searchd serves: an Atom feed (RFC 4287), sitemaps
// (sitemaps.org 0.9) and the OpenSearch description. Pure writers: every
// text goes through xml_escape, so stored values cannot break the XML.
#pragma once

#include <string>
#include <vector>

namespace praxis::searchd {

struct FeedEntry {
  std::string id;        // case id
  std::string url;       // absolute link to the case page
  std::string title;
  std::string summary;
  std::string updated;   // YYYY-MM-DD
  std::string lang;      // el | en
  std::vector<std::string> categories;  // sector ids
};

struct FeedInfo {
  std::string title;      // feed title
  std::string self_url;   // absolute URL of this feed (with its query)
  std::string alternate;  // absolute URL of the same results as a page
  std::string id;         // a stable IRI for the feed
  std::string updated;    // YYYY-MM-DD of the newest entry ("" = none)
};

std::string write_atom(const FeedInfo& feed, const std::vector<FeedEntry>& entries);

struct SitemapUrl {
  std::string loc;      // absolute URL
  std::string lastmod;  // YYYY-MM-DD or ""
};
std::string write_sitemap(const std::vector<SitemapUrl>& urls);
// For more URLs than one sitemap may hold (50,000): an index of sitemaps.
std::string write_sitemap_index(const std::vector<std::string>& sitemap_urls);

// /opensearch.xml: how browsers add Praxis as a search engine.
std::string write_opensearch(const std::string& base_url);

}  // namespace praxis::searchd
