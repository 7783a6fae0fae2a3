#include "praxis/searchd/feeds.h"

#include "praxis/searchd/xml.h"

namespace praxis::searchd {

namespace {

void element(std::string& out, std::string_view indent, std::string_view name, std::string_view text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  xml_escape_append(text, out);
  out += "</";
  out += name;
  out += ">\n";
}

void link(std::string& out, std::string_view indent, std::string_view rel, std::string_view href,
          std::string_view type = {}) {
  out += indent;
  out += "<link rel=\"";
  out += rel;
  out += "\" href=\"";
  xml_escape_append(href, out);
  out += '"';
  if (!type.empty()) {
    out += " type=\"";
    out += type;
    out += '"';
  }
  out += "/>\n";
}

// Atom needs a timestamp everywhere; an undated case gets the epoch.
std::string atom_time(const std::string& ymd) {
  std::string t = rfc3339_date(ymd);
  return t.empty() ? "1970-01-01T00:00:00Z" : t;
}

}  // namespace

std::string write_atom(const FeedInfo& feed, const std::vector<FeedEntry>& entries) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, "  ", "title", feed.title);
  element(out, "  ", "id", feed.id);
  element(out, "  ", "updated", atom_time(feed.updated));
  link(out, "  ", "self", feed.self_url, "application/atom+xml");
  link(out, "  ", "alternate", feed.alternate, "text/html");
  out += "  <author><name>Praxis</name></author>\n";
  element(out, "  ", "rights", "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/");
  for (const auto& e : entries) {
    out += "  <entry";
    if (e.lang == "el" || e.lang == "en") out += " xml:lang=\"" + e.lang + "\"";
    out += ">\n";
    element(out, "    ", "id", e.url);
    element(out, "    ", "title", e.title);
    element(out, "    ", "updated", atom_time(e.updated));
    link(out, "    ", "alternate", e.url, "text/html");
    if (!e.summary.empty()) element(out, "    ", "summary", e.summary);
    for (const auto& c : e.categories) {
      out += "    <category term=\"";
      xml_escape_append(c, out);
      out += "\"/>\n";
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string write_sitemap(const std::vector<SitemapUrl>& urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  out.reserve(out.size() + urls.size() * 100);
  for (const auto& u : urls) {
    out += "  <url>\n";
    element(out, "    ", "loc", u.loc);
    if (!rfc3339_date(u.lastmod).empty()) element(out, "    ", "lastmod", u.lastmod);
    out += "  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string write_sitemap_index(const std::vector<std::string>& sitemap_urls) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& u : sitemap_urls) {
    out += "  <sitemap>\n";
    element(out, "    ", "loc", u);
    out += "  </sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string write_opensearch(const std::string& base_url) {
  const std::string base = xml_escape(base_url);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
      "  <ShortName>Praxis</ShortName>\n"
      "  <Description>Public-policy case studies — Μελέτες περίπτωσης δημόσιας πολιτικής</Description>\n"
      "  <InputEncoding>UTF-8</InputEncoding>\n"
      "  <OutputEncoding>UTF-8</OutputEncoding>\n"
      "  <Language>el</Language>\n"
      "  <Language>en</Language>\n";
  out += "  <Url type=\"text/html\" method=\"get\" template=\"" + base + "/search?q={searchTerms}&amp;page={startPage?}\"/>\n";
  out += "  <Url type=\"application/json\" rel=\"results\" template=\"" + base +
         "/api/search?q={searchTerms}&amp;page={startPage?}&amp;per_page={count?}\"/>\n";
  out += "  <Url type=\"application/atom+xml\" template=\"" + base + "/feed.atom?q={searchTerms}\"/>\n";
  out += "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base +
         "/opensearch.xml\"/>\n";
  out += "</OpenSearchDescription>\n";
  return out;
}

}  // namespace praxis::searchd
