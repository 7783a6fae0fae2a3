// The text writers: CSV (RFC 4180), XML escaping, Atom, sitemaps,
// OpenSearch, Prometheus metrics and the access log.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "praxis/searchd/access_log.h"
#include "praxis/searchd/csv.h"
#include "praxis/searchd/feeds.h"
#include "praxis/searchd/metrics.h"
#include "praxis/searchd/xml.h"

namespace praxis::searchd {
namespace {

TEST(Csv, FieldsAreQuotedOnlyWhenNeeded) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rhere", "\"cr\rhere\""},
      {" lead", "\" lead\""},
      {"trail ", "\"trail \""},
      {"Διαφάνεια, λογοδοσία", "\"Διαφάνεια, λογοδοσία\""},
      {"=1+1", "=1+1"},
  };
  for (const auto& c : cases) {
    std::string out;
    csv_field_append(c.in, out);
    EXPECT_EQ(out, c.out) << c.in;
  }
}

TEST(Csv, RowsEndWithCrlf) {
  EXPECT_EQ(csv_row({"id", "title, with comma", ""}), "id,\"title, with comma\",\r\n");
  EXPECT_EQ(csv_row({}), "\r\n");
}

TEST(Xml, EscapesAndDropsWhatXmlForbids) {
  EXPECT_EQ(xml_escape("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &apos; f");
  EXPECT_EQ(xml_escape("Διαφάνεια & λογοδοσία"), "Διαφάνεια &amp; λογοδοσία");
  EXPECT_EQ(xml_escape(std::string("nul\0bell\x07tab\tnl\ncr\r", 20)), "nulbelltab\tnl\ncr\r");
  EXPECT_EQ(xml_escape("sep\x1fvalue"), "sepvalue");
  EXPECT_EQ(xml_escape("bad \xff byte \xce"), "bad  byte ");
  EXPECT_EQ(xml_escape("\xef\xbf\xbe"), "");            // U+FFFE
  EXPECT_EQ(xml_escape("emoji \xf0\x9f\x98\x80"), "emoji \xf0\x9f\x98\x80");
  EXPECT_EQ(xml_escape("\xed\xa0\x80"), "");            // a surrogate is not UTF-8
  EXPECT_EQ(xml_escape("\xc0\xaf"), "");                // overlong
}

TEST(Xml, Rfc3339Date) {
  EXPECT_EQ(rfc3339_date("2026-10-01"), "2026-10-01T00:00:00Z");
  EXPECT_EQ(rfc3339_date("2026-1-01"), "");
  EXPECT_EQ(rfc3339_date("01/10/2026"), "");
  EXPECT_EQ(rfc3339_date(""), "");
}

TEST(Xml, UrlEncode) {
  EXPECT_EQ(url_encode("open data&x=1"), "open%20data%26x%3D1");
  EXPECT_EQ(url_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(url_encode("δ"), "%CE%B4");
}

TEST(Atom, EscapesEveryText) {
  FeedInfo info{"Praxis — <q> & co", "http://h/feed.atom?q=a&sector=b", "http://h/search?q=a&sector=b",
                "http://h/feed.atom?q=a&sector=b", "2026-10-01"};
  std::vector<FeedEntry> entries = {
      {"x", "http://h/case/x", "Title <b>bold</b> & \"quoted\"", "Summary\x01 with control", "2026-09-30", "el",
       {"transparency-accountability"}},
      {"y", "http://h/case/y", "Undated", "", "", "xx", {}},
  };
  const std::string xml = write_atom(info, entries);
  EXPECT_NE(xml.find("<title>Praxis — &lt;q&gt; &amp; co</title>"), std::string::npos);
  EXPECT_NE(xml.find("href=\"http://h/feed.atom?q=a&amp;sector=b\""), std::string::npos);
  EXPECT_NE(xml.find("<title>Title &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</title>"), std::string::npos);
  EXPECT_NE(xml.find("<summary>Summary with control</summary>"), std::string::npos);
  EXPECT_NE(xml.find("<updated>2026-09-30T00:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(xml.find("<updated>1970-01-01T00:00:00Z</updated>"), std::string::npos);  // undated entry
  EXPECT_NE(xml.find("<entry xml:lang=\"el\">"), std::string::npos);
  EXPECT_NE(xml.find("<entry>\n"), std::string::npos);  // an unknown language is left out
  EXPECT_NE(xml.find("<category term=\"transparency-accountability\"/>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("<author><name>Praxis</name></author>"), std::string::npos);
}

TEST(Sitemap, UrlsAndIndex) {
  const std::string xml = write_sitemap({{"http://h/case/a&b", "2026-01-02"}, {"http://h/case/c", "bad"}});
  EXPECT_NE(xml.find("<loc>http://h/case/a&amp;b</loc>"), std::string::npos);
  EXPECT_NE(xml.find("<lastmod>2026-01-02</lastmod>"), std::string::npos);
  EXPECT_EQ(xml.find("<lastmod>bad"), std::string::npos);
  const std::string index = write_sitemap_index({"http://h/sitemap/1.xml"});
  EXPECT_NE(index.find("<sitemapindex"), std::string::npos);
  EXPECT_NE(index.find("<loc>http://h/sitemap/1.xml</loc>"), std::string::npos);
}

TEST(OpenSearch, Templates) {
  const std::string xml = write_opensearch("https://praxis.example.org");
  EXPECT_NE(xml.find("template=\"https://praxis.example.org/api/search?q={searchTerms}&amp;"), std::string::npos);
  EXPECT_NE(xml.find("<ShortName>Praxis</ShortName>"), std::string::npos);
}

TEST(Metrics, CountsAndHistogram) {
  Metrics m({"/api/search", "/healthz"});
  m.record("/api/search", 200, 0.0004);
  m.record("/api/search", 200, 0.003);
  m.record("/api/search", 400, 0.0001);
  m.record("/healthz", 200, 20.0);
  m.record("/somewhere/else", 404, 0.001);
  m.record("/healthz", 418, 0.001);
  EXPECT_EQ(m.requests("/api/search", 200), 2u);
  EXPECT_EQ(m.requests("/api/search", 400), 1u);
  EXPECT_EQ(m.requests("other", 404), 1u);
  const std::string text = m.render({{"praxis_index_revision", "Revision.", "gauge", 42}});
  EXPECT_NE(text.find("praxis_http_requests_total{route=\"/api/search\",status=\"200\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("praxis_http_requests_total{route=\"/healthz\",status=\"other\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("praxis_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.0005\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("praxis_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.005\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("praxis_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"10\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("praxis_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("praxis_http_request_duration_seconds_count{route=\"/api/search\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE praxis_index_revision gauge\npraxis_index_revision 42\n"), std::string::npos);
  EXPECT_EQ(text.find("status=\"500\""), std::string::npos);  // only what happened is listed
}

TEST(Metrics, ConcurrentRecordsAreAllCounted) {
  Metrics m({"/r"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) m.record("/r", 200, 0.001);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.requests("/r", 200), 40000u);
}

TEST(Metrics, LabelEscaping) { EXPECT_EQ(prometheus_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

TEST(AccessLog, OneSafeLine) {
  AccessLogEntry e;
  e.remote = "127.0.0.1";
  e.method = "GET";
  e.target = "/api/search?q=a\nFAKE 200 line";
  e.status = 200;
  e.milliseconds = 1.23456;
  e.bytes = 512;
  const std::string line = format_access_line(e);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // the request cannot add a line
  EXPECT_NE(line.find(" 127.0.0.1 GET /api/search?q=a\\x0aFAKE\\x20200\\x20line 200 1.235ms 512B\n"),
            std::string::npos)
      << line;
  EXPECT_EQ(line.size() > 24 && line[4] == '-' && line[23] == 'Z', true) << line;
}

TEST(AccessLog, LongTargetsAreCut) {
  const std::string safe = log_safe(std::string(5000, 'a'), 100);
  EXPECT_EQ(safe.size(), 103u);
  EXPECT_EQ(log_safe("δ\\"), "δ\\x5c");
}

}  // namespace
}  // namespace praxis::searchd
