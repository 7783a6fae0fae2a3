// What each page shows, as plain data: no Xapian, no JSON, no HTTP. The
// adapter (web/adapt.h) fills these from the searcher's results; tests fill
// them by hand. Every string here is plain text that the templates escape,
// except the fields named *_html, which must already be safe HTML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace praxis::web {

// A vocabulary value with its label in the page's language ("GR-H",
// "Στερεά Ελλάδα").
struct Labeled {
  std::string value;
  std::string label;
};

// A case in a list: the newest cases, search results, related cases.
struct CaseCard {
  std::string id;
  std::string title;
  std::string summary;
  std::string lang;                // the case's own language ("el" | "en")
  Labeled region;
  std::vector<Labeled> sectors;
  int year = 0;                    // 0: unknown
  std::string updated;             // YYYY-MM-DD
  std::string snippet_html;        // safe HTML (make_snippet); "" shows the summary
};

struct CountItem {
  std::string value;               // facet value ("transparency-accountability", "GR-H", "2017")
  std::string label;
  std::uint64_t count = 0;
};

struct HomeView {
  std::uint64_t total_cases = 0;
  std::vector<CountItem> by_sector;  // display order
  std::vector<CountItem> by_region;
  std::vector<CountItem> by_year;    // any order: drawn oldest to newest
  std::vector<CaseCard> newest;
};

// What the user asked for, as it stands in the URL: every link on the
// results page (pagination, sort, removing a filter, exports) is built from it.
struct SearchState {
  std::string q;
  // (HTML parameter, value) in the order given: {"sector", "e-government"}.
  // The document-language facet is "doclang" here, because "lang" is the
  // interface language on HTML pages.
  std::vector<std::pair<std::string, std::string>> filters;
  std::string year_from, year_to;
  std::string sort;        // "relevance" | "year" | "updated"; "" = default
  unsigned page = 1;
  unsigned per_page = 0;   // 0 = the server's default (not written in links)
};

struct FacetOption {
  std::string value;
  std::string label;
  std::uint64_t count = 0;
  bool selected = false;
};

struct FacetGroup {
  std::string name;        // HTML parameter ("sector", "doclang" …)
  std::vector<FacetOption> options;
};

struct ResultsView {
  SearchState state;
  std::uint64_t total = 0;
  bool total_exact = true;
  bool facets_exact = true;  // false: the counts are estimates (shown with "≈")
  unsigned per_page = 10;           // the page size in effect
  unsigned result_window = 10000;   // no page links past this many results
  std::string sort;                 // the order in effect
  bool browsing = false;            // empty query: every case, newest first
  std::vector<CaseCard> hits;
  std::vector<FacetGroup> facets;   // in display order
  std::string suggestion;           // "did you mean", "" when none
  // A problem with the request (bad parameter, query syntax): shown above
  // the (empty) results, the page answers 400.
  std::string error_param;
  std::string error_message;
};

struct MeasuredRow {
  std::string metric;
  std::optional<double> value;
  std::string unit;
  std::optional<int> year;
};

struct SourceRef {
  std::string title;
  std::string url;  // shown as a link only when http(s)
};

struct Translation {
  std::string lang;  // "en"
  std::string id;
};

// A problem found in a case file (the editors' preview shows these instead
// of the case).
struct FileProblem {
  std::string file;
  int line = 0;
  std::string message;
};

struct CaseView {
  std::string id;
  std::string title;
  std::string summary;
  std::string lang;
  std::string body_html;              // safe HTML (cmark safe mode)
  std::vector<Labeled> sectors;
  Labeled region;
  Labeled country;
  Labeled level;
  std::vector<Labeled> outcomes;
  Labeled status;
  Labeled evidence;
  Labeled source;                     // where a mirrored case came from; value "" when local
  int year = 0;
  std::optional<int> period_start, period_end;
  std::vector<std::string> organisations;
  std::vector<std::string> tags;
  std::vector<std::string> funding;
  std::vector<MeasuredRow> results;
  std::vector<SourceRef> sources;
  std::string transferability;
  std::string verified;               // YYYY-MM-DD or ""
  std::string updated;
  std::vector<Translation> translations;
  std::vector<CaseCard> related;
  std::vector<FileProblem> problems;  // non-empty: show these, not the case
};

struct ErrorView {
  int status = 500;
  std::string message;                // plain text for people; "" for the theme's generic text
};

}  // namespace praxis::web
