#include "praxis/schema.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace praxis::schema {

std::string id_term(std::string_view case_id) {
  std::string t(kIdPrefix);
  t += case_id;
  return t;
}

std::string phrase_term(std::string_view joined_words) {
  std::string t(kPhrasePrefix);
  t += joined_words;
  return t;
}

unsigned sample_bucket(std::string_view case_id) {
  std::uint32_t h = 2166136261u;
  for (const char c : case_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return (h ^ (h >> 16)) % kSampleBuckets;
}

std::string sample_bucket_term(unsigned bucket) {
  std::string t(kSampleBucketPrefix);
  t += std::to_string(bucket);
  return t;
}

const TextField& text_field(std::string_view name) {
  for (const auto& f : kTextFields)
    if (f.name == name) return f;
  throw std::invalid_argument("unknown text field");
}

const FacetInfo& facet_info(Facet f) { return kFacets[static_cast<std::size_t>(f)]; }

std::optional<Facet> facet_by_name(std::string_view name) {
  for (const auto& f : kFacets)
    if (f.name == name) return f.facet;
  return std::nullopt;
}

std::string facet_term(Facet f, std::string_view value) {
  std::string t(facet_info(f).prefix);
  t.reserve(t.size() + value.size());
  for (char c : value) t += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return t;
}

std::vector<std::string_view> split_facet_values(std::string_view v) {
  std::vector<std::string_view> out;
  while (!v.empty()) {
    const auto sep = v.find(kFacetSeparator);
    out.push_back(v.substr(0, sep));
    if (sep == std::string_view::npos) break;
    v.remove_prefix(sep + 1);
  }
  return out;
}

void add_field_prefixes(Xapian::QueryParser& parser) {
  for (const auto& f : kTextFields)
    if (!f.prefix.empty()) parser.add_prefix(std::string(f.name), std::string(f.prefix));
  for (const auto& f : kFacets) {
    // Facets are filters: "sector:a sector:b" is OR within the facet, AND across facets.
    parser.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
  }
}

}  // namespace praxis::schema
