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

// Framing: "P1" + varint(len meta) + meta + varint(len text) + text + markdown.
namespace {

constexpr std::string_view kMagic = "P1";

void put_varint(std::string& out, std::size_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool get_varint(std::string_view& in, std::size_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= std::size_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

bool get_chunk(std::string_view& in, std::string_view& chunk) {
  std::size_t n = 0;
  if (!get_varint(in, n) || n > in.size()) return false;
  chunk = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

}  // namespace

std::string encode_stored_doc(const StoredDoc& doc) {
  std::string out(kMagic);
  out.reserve(doc.meta_json.size() + doc.text.size() + doc.markdown.size() + 16);
  put_varint(out, doc.meta_json.size());
  out += doc.meta_json;
  put_varint(out, doc.text.size());
  out += doc.text;
  out += doc.markdown;
  return out;
}

std::optional<std::string_view> stored_meta(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  data.remove_prefix(kMagic.size());
  std::string_view meta;
  if (!get_chunk(data, meta)) return std::nullopt;
  return meta;
}

std::optional<std::string_view> stored_text(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  data.remove_prefix(kMagic.size());
  std::string_view meta, text;
  if (!get_chunk(data, meta) || !get_chunk(data, text)) return std::nullopt;
  return text;
}

std::optional<StoredDoc> decode_stored_doc(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  data.remove_prefix(kMagic.size());
  std::string_view meta, text;
  if (!get_chunk(data, meta) || !get_chunk(data, text)) return std::nullopt;
  return StoredDoc{std::string(meta), std::string(text), std::string(data)};
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
