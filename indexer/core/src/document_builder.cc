#include "praxis/document_builder.h"

#include <nlohmann/json.hpp>

#include "praxis/analysis/normalize.h"
#include "praxis/analysis/stemmer.h"
#include "praxis/markdown.h"
#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "praxis/term_indexer.h"

namespace praxis {

namespace schema_ns = praxis::schema;

std::string case_meta_json(const CaseStudy& c) {
  using nlohmann::json;
  json results = json::array();
  for (const auto& r : c.results) {
    json j = {{"metric", r.metric}};
    if (r.value) j["value"] = *r.value;
    if (!r.unit.empty()) j["unit"] = r.unit;
    if (r.year) j["year"] = *r.year;
    results.push_back(std::move(j));
  }
  json sources = json::array();
  for (const auto& s : c.sources) sources.push_back({{"title", s.title}, {"url", s.url}});
  json j = {
      {"id", c.id},
      {"title", c.title},
      {"lang", c.lang},
      {"summary", c.summary},
      {"translations", c.translations},
      {"sector", c.sector},
      {"region", c.region},
      {"country", c.country()},
      {"level", c.level},
      {"outcome", c.outcome},
      {"status", c.status},
      {"evidence", c.evidence},
      {"year", c.effective_year()},
      {"period", {{"start", c.period.start ? json(*c.period.start) : json()},
                  {"end", c.period.end ? json(*c.period.end) : json()}}},
      {"results", std::move(results)},
      {"organisations", c.organisations},
      {"tags", c.tags},
      {"funding", c.funding},
      {"sources", std::move(sources)},
      {"transferability", c.transferability},
      {"verified", c.verified},
      {"updated", c.updated},
      {"draft", c.draft},
      {"source", c.origin},
      {"path", c.path},
  };
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

struct DocumentBuilder::Impl {
  explicit Impl(std::shared_ptr<const PhraseSet> p) : phrases(std::move(p)), terms(analysis::make_stemmer(false), phrases.get()) {}

  std::shared_ptr<const PhraseSet> phrases;
  TermIndexer terms;
  std::string normalized;

  // One field, with and without its prefix; a gap in positions keeps phrases
  // from matching across fields.
  void index_field(std::string_view text, std::string_view field_name) {
    if (text.empty()) return;
    const auto& f = schema_ns::text_field(field_name);
    normalized.clear();
    analysis::normalize_append(text, normalized);
    if (!f.prefix.empty()) {
      terms.index(normalized, f.weight, f.prefix);
      terms.skip(kFieldGap);
    }
    terms.index(normalized, f.weight);
    terms.skip(kFieldGap);
  }

  static constexpr Xapian::termpos kFieldGap = 100;
};

DocumentBuilder::DocumentBuilder(std::shared_ptr<const PhraseSet> phrases)
    : impl_(std::make_unique<Impl>(std::move(phrases))) {}
DocumentBuilder::~DocumentBuilder() = default;

Xapian::Document DocumentBuilder::build(const CaseStudy& c, const std::string& stamp) {
  using schema_ns::Facet;
  Xapian::Document doc;
  Impl& d = *impl_;
  d.terms.start(doc);

  const MarkdownText body = markdown_to_text(c.body);
  d.index_field(c.title, "title");
  d.index_field(c.summary, "summary");
  for (const auto& h : body.headings) d.index_field(h, "heading");
  for (const auto& t : c.tags) d.index_field(t, "tag");
  for (const auto& o : c.organisations) d.index_field(o, "org");
  for (const auto& r : c.results) d.index_field(r.metric + " " + r.unit, "result");
  for (const auto& f : c.funding) d.index_field(f, "funding");
  d.index_field(body.plain, "body");
  d.index_field(c.transferability, "body");
  d.terms.finish();

  doc.add_boolean_term(schema_ns::id_term(c.id));
  doc.add_boolean_term(schema_ns::sample_bucket_term(schema_ns::sample_bucket(c.id)));
  auto facet = [&](Facet f, const std::vector<std::string>& values) {
    std::string joined;
    for (const auto& v : values) {
      if (v.empty()) continue;
      doc.add_boolean_term(schema_ns::facet_term(f, v));
      if (!joined.empty()) joined += schema_ns::kFacetSeparator;
      joined += v;
    }
    if (!joined.empty()) doc.add_value(schema_ns::facet_info(f).slot, joined);
  };
  const int year = c.effective_year();
  facet(Facet::sector, c.sector);
  facet(Facet::region, {c.region});
  facet(Facet::country, {c.country()});
  facet(Facet::level, {c.level});
  facet(Facet::outcome, c.outcome);
  facet(Facet::status, {c.status});
  facet(Facet::evidence, {c.evidence});
  facet(Facet::lang, {c.lang});
  facet(Facet::source, {c.origin});
  facet(Facet::year, {year > 0 ? std::to_string(year) : std::string()});
  if (c.draft) doc.add_boolean_term(std::string(schema_ns::kDraftTerm));

  doc.add_value(schema_ns::SLOT_YEAR, Xapian::sortable_serialise(year));
  doc.add_value(schema_ns::SLOT_UPDATED, c.updated);
  doc.add_value(schema_ns::SLOT_FILE, c.origin + '\n' + c.path);
  doc.add_value(schema_ns::SLOT_STAMP, stamp);

  schema_ns::store(doc, schema_ns::StoredDoc{case_meta_json(c), body.plain, c.body});
  return doc;
}

}  // namespace praxis
