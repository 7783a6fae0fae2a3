// The index format, in one place: term prefixes, value slots, what the
// document data holds, and the schema version. praxis-indexer writes with it
// and praxis-searchd reads with it; change anything here and bump
// kSchemaVersion, so that searchd refuses an index it does not understand
// and the indexer rebuilds.
//
// Prefix rules follow Xapian's (docs/termprefixes.rst): single capitals are
// Xapian's conventional ones (S title, K keyword, Q unique id), our own start
// with X. Every boolean term value is lowercase, so no ':' separator is needed.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace praxis::schema {

// 2: Greek words of three letters or fewer are no longer stemmed.
// 3: synonym phrases as terms (kPhrasePrefix), sample buckets (kSampleBucketPrefix).
// 4: the body is stored zstd-compressed in SLOT_BODY; the data holds only the metadata.
inline constexpr int kSchemaVersion = 4;
inline constexpr const char* kSchemaVersionKey = "praxis.schema_version";
inline constexpr const char* kSynonymsHashKey = "praxis.synonyms_hash";
inline constexpr const char* kLastBuildKey = "praxis.last_build";
// The synonym phrases indexed as kPhrasePrefix terms (PhraseSet::serialise()).
inline constexpr const char* kPhrasesKey = "praxis.phrases";

// ---- Unique id term: "Q" + case id (ids are unique across all content folders).
inline constexpr std::string_view kIdPrefix = "Q";
std::string id_term(std::string_view case_id);

// ---- Free-text fields. Each is indexed without a prefix (for plain queries)
// and, when it has one, with its prefix too (for "title:" …), with the weight
// (wdf increment) given here. The body has no prefixed copy: it is most of the
// text, and "body:" would only repeat a plain query.
struct TextField {
  std::string_view name;    // the query-syntax field name ("title")
  std::string_view prefix;  // term prefix; empty: no prefixed copy
  unsigned weight;          // title > summary > headings > body
  bool spelling;            // its words feed the spelling table ("did you mean")
};
inline constexpr std::array<TextField, 8> kTextFields = {{
    {"title", "S", 6, true},
    {"summary", "XA", 4, true},
    {"heading", "XH", 3, true},
    {"tag", "K", 3, true},
    {"org", "XO", 2, true},
    {"result", "XR", 2, false},
    {"funding", "XF", 1, false},
    {"body", "", 1, false},
}};
const TextField& text_field(std::string_view name);

// ---- Facets: boolean filter terms (prefix + lowercased value) and a value
// slot holding the values joined by kFacetSeparator, for counting.
enum class Facet { sector, region, country, level, outcome, status, evidence, lang, source, year };
inline constexpr std::size_t kFacetCount = 10;
struct FacetInfo {
  Facet facet;
  std::string_view name;    // API parameter and query-syntax field ("sector")
  std::string_view prefix;  // boolean term prefix
  Xapian::valueno slot;     // multi-valued facet slot
  bool multi;               // a case may have several values
};
inline constexpr char kFacetSeparator = '\x1f';
inline constexpr std::array<FacetInfo, kFacetCount> kFacets = {{
    {Facet::sector, "sector", "XSECTOR", 10, true},
    {Facet::region, "region", "XREGION", 11, false},
    {Facet::country, "country", "XCOUNTRY", 12, false},
    {Facet::level, "level", "XLEVEL", 13, false},
    {Facet::outcome, "outcome", "XOUTCOME", 14, true},
    {Facet::status, "status", "XSTATUS", 15, false},
    {Facet::evidence, "evidence", "XEVIDENCE", 16, false},
    {Facet::lang, "lang", "XLANG", 17, false},
    {Facet::source, "source", "XSOURCE", 18, false},
    {Facet::year, "year", "XYEAR", 19, false},
}};
const FacetInfo& facet_info(Facet f);
std::optional<Facet> facet_by_name(std::string_view name);
// The boolean term for one facet value ("XSECTORe-government", "XREGIONgr-h").
std::string facet_term(Facet f, std::string_view value);
// Split a facet slot value into its values.
std::vector<std::string_view> split_facet_values(std::string_view slot_value);

// ---- Synonym phrases: "XP" + the words of a multi-word synonym joined by
// one space ("XPcity council"), once per occurrence as an exact phrase of the
// unprefixed text, without positions. searchd ranks a synonym's exact phrase
// with it instead of a positional phrase check (docs/design.md).
inline constexpr std::string_view kPhrasePrefix = "XP";
std::string phrase_term(std::string_view joined_words);

// ---- Sample buckets: every case has one boolean term "XB" + (0..255), from
// a hash of its id, so that a pass over a fixed share of the matches (for
// estimated facet counts over a large result set) is a plain filter.
inline constexpr std::string_view kSampleBucketPrefix = "XB";
inline constexpr unsigned kSampleBuckets = 256;
unsigned sample_bucket(std::string_view case_id);  // stable: FNV-1a of the id
std::string sample_bucket_term(unsigned bucket);

// ---- Other value slots.
enum Slot : Xapian::valueno {
  SLOT_YEAR = 0,     // Xapian::sortable_serialise(year)
  SLOT_UPDATED = 1,  // "YYYY-MM-DD": sorts as a string
  SLOT_FILE = 2,     // source name + '\n' + path relative to its content folder
  SLOT_STAMP = 3,    // change detector: "<mtime ns> <size> <content hash hex>"
  SLOT_BODY = 4,     // the body as text and Markdown, compressed (stored_doc.h)
};
// Drafts carry this term and are excluded from public searches.
inline constexpr std::string_view kDraftTerm = "XDRAFT";

// ---- Query side: a QueryParser that knows every field prefix above.
void add_field_prefixes(Xapian::QueryParser& parser);

}  // namespace praxis::schema
