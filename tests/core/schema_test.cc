// docs/case-study.schema.json against the validator: the same fields, the
// same required set, the same vocabularies; and every good fixture's front
// matter is accepted by the schema.
//
// The schema is checked by a small JSON Schema evaluator below, which knows
// exactly the keywords the schema uses and fails on any other, so a new
// keyword in the schema cannot slip past it unchecked.
// GCC 12 reports a false "may be used uninitialized" inside libstdc++'s
// <regex> when optimising with the sanitizers on (GCC bug 105562).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "praxis/case_loader.h"
#include "praxis/content_walker.h"
#include "praxis/field_checks.h"
#include "praxis/front_matter.h"
#include "test_support.h"

namespace praxis {
namespace {

using json = nlohmann::json;

// --- A minimal JSON Schema (2020-12) evaluator --------------------------------

class MiniSchema {
 public:
  explicit MiniSchema(json root) : root_(std::move(root)) {}

  // Problems with `instance`; empty when it is valid.
  std::vector<std::string> validate(const json& instance) const {
    std::vector<std::string> errors;
    check(root_, instance, "", errors);
    return errors;
  }
  bool accepts(const json& instance) const { return validate(instance).empty(); }

  const json& root() const { return root_; }
  const json& resolve(const std::string& ref) const {
    if (ref.rfind("#/", 0) != 0) throw std::runtime_error("unsupported $ref " + ref);
    return root_.at(json::json_pointer(ref.substr(1)));
  }

 private:
  static bool has_type(const json& v, const std::string& type) {
    if (type == "string") return v.is_string();
    if (type == "integer")
      return v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                       std::floor(v.get<double>()) == v.get<double>());
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    if (type == "null") return v.is_null();
    throw std::runtime_error("unknown type " + type);
  }

  static std::size_t code_points(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
  }

  void check(const json& schema, const json& v, const std::string& where, std::vector<std::string>& errors) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) errors.push_back(where + ": not allowed");
      return;
    }
    static const std::set<std::string> annotations = {"$schema", "$id",     "$comment", "$defs",           "title",
                                                      "description", "examples", "format", "enumDescriptions",
                                                      "default"};
    for (const auto& [keyword, value] : schema.items()) {
      if (annotations.count(keyword)) continue;
      if (keyword == "$ref") {
        check(resolve(value.get<std::string>()), v, where, errors);
      } else if (keyword == "type") {
        bool ok = false;
        if (value.is_string()) ok = has_type(v, value.get<std::string>());
        else
          for (const auto& t : value) ok = ok || has_type(v, t.get<std::string>());
        if (!ok) errors.push_back(where + ": " + v.dump() + " is not of type " + value.dump());
      } else if (keyword == "enum") {
        if (std::find(value.begin(), value.end(), v) == value.end())
          errors.push_back(where + ": " + v.dump() + " is not one of " + value.dump());
      } else if (keyword == "const") {
        if (v != value) errors.push_back(where + ": " + v.dump() + " is not " + value.dump());
      } else if (keyword == "pattern") {
        if (v.is_string() && !std::regex_search(v.get<std::string>(), std::regex(value.get<std::string>())))
          errors.push_back(where + ": " + v.dump() + " does not match " + value.get<std::string>());
      } else if (keyword == "minLength") {
        if (v.is_string() && code_points(v.get<std::string>()) < value.get<std::size_t>())
          errors.push_back(where + ": too short");
      } else if (keyword == "maxLength") {
        if (v.is_string() && code_points(v.get<std::string>()) > value.get<std::size_t>())
          errors.push_back(where + ": too long");
      } else if (keyword == "minimum") {
        if (v.is_number() && v.get<double>() < value.get<double>()) errors.push_back(where + ": below minimum");
      } else if (keyword == "maximum") {
        if (v.is_number() && v.get<double>() > value.get<double>()) errors.push_back(where + ": above maximum");
      } else if (keyword == "minItems") {
        if (v.is_array() && v.size() < value.get<std::size_t>()) errors.push_back(where + ": too few items");
      } else if (keyword == "items") {
        if (v.is_array())
          for (std::size_t i = 0; i < v.size(); ++i) check(value, v[i], where + "[" + std::to_string(i) + "]", errors);
      } else if (keyword == "required") {
        if (v.is_object())
          for (const auto& name : value)
            if (!v.contains(name.get<std::string>()))
              errors.push_back(where + ": missing required " + name.get<std::string>());
      } else if (keyword == "properties") {
        if (v.is_object())
          for (const auto& [name, sub] : value.items())
            if (v.contains(name)) check(sub, v.at(name), where + "/" + name, errors);
      } else if (keyword == "additionalProperties") {
        if (v.is_object()) {
          const json& known = schema.contains("properties") ? schema.at("properties") : json::object();
          for (const auto& [name, item] : v.items())
            if (!known.contains(name)) check(value, item, where + "/" + name, errors);
        }
      } else if (keyword == "propertyNames") {
        if (v.is_object())
          for (const auto& [name, item] : v.items()) check(value, json(name), where + " key " + name, errors);
      } else if (keyword == "anyOf") {
        bool any = false;
        for (const auto& branch : value) {
          std::vector<std::string> sub;
          check(branch, v, where, sub);
          any = any || sub.empty();
        }
        if (!any) errors.push_back(where + ": matches none of anyOf");
      } else {
        throw std::runtime_error("MiniSchema does not know the keyword '" + keyword + "' (at " + where + ")");
      }
    }
  }

  json root_;
};

const MiniSchema& schema() {
  static const MiniSchema loaded = [] {
    std::ifstream in(test::source_dir() / "docs" / "case-study.schema.json");
    return MiniSchema(json::parse(in));
  }();
  return loaded;
}

// --- YAML front matter as JSON, the way a YAML 1.2 editor plugin reads it -----

json scalar_to_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() != "?") return s;  // quoted, or explicitly tagged: text
  static const std::regex null_re("~|null|Null|NULL");
  static const std::regex bool_re("true|True|TRUE|false|False|FALSE");
  static const std::regex int_re("[-+]?[0-9]+");
  static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, null_re)) return nullptr;
  if (std::regex_match(s, bool_re)) return s[0] == 't' || s[0] == 'T';
  if (std::regex_match(s, int_re)) {
    long long v = 0;
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    if (std::from_chars(first, s.data() + s.size(), v).ec == std::errc()) return v;
  }
  if (std::regex_match(s, float_re)) return std::stod(s);
  return s;
}

json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      return scalar_to_json(n);
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : n) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : n) out[kv.first.Scalar()] = to_json(kv.second);
      return out;
    }
    default:
      return nullptr;
  }
}

// The front matter of a case file as JSON; fails the test when it cannot be read.
json front_matter_json(const std::string& bytes) {
  Finding error;
  const auto fm = split_front_matter(normalize_line_ends(bytes), error);
  if (!fm) throw std::runtime_error(error.message);
  return to_json(YAML::Load(fm->yaml));
}

std::vector<std::string> json_strings(const json& array) {
  std::vector<std::string> out;
  for (const auto& s : array) out.push_back(s.get<std::string>());
  return out;
}

// A valid case with every field on one line, in known_fields() order.
const std::vector<std::string>& all_fields_lines() {
  static const std::vector<std::string> lines = {
      "id: probe",
      "title: T",
      "lang: en",
      "translations: { el: probe-el }",
      "summary: S",
      "sector: [social-economy]",
      "region: GR-H",
      "level: regional",
      "outcome: [participation]",
      "results: [ { metric: m, value: 1.5, unit: '%', year: 2020 } ]",
      "status: ongoing",
      "period: { start: 2019, end: 2021 }",
      "year: 2020",
      "organisations: [O]",
      "tags: [t]",
      "sources: [ { title: S, url: 'https://example.org/' } ]",
      "funding: [F]",
      "transferability: X",
      "evidence: evaluated",
      "verified: 2026-01-01",
      "draft: false",
      "updated: 2026-01-01",
  };
  return lines;
}

std::string case_text(const std::vector<std::string>& lines) {
  std::string text = "---\n";
  for (const auto& l : lines) text += l + "\n";
  return text + "---\nbody\n";
}

std::vector<std::string> without(const std::vector<std::string>& lines, const std::set<std::string>& fields) {
  std::vector<std::string> out;
  for (const auto& l : lines)
    if (!fields.count(l.substr(0, l.find(':')))) out.push_back(l);
  return out;
}

std::string replaced(std::vector<std::string> lines, const std::string& field, const std::string& value) {
  for (auto& l : lines)
    if (l.rfind(field + ":", 0) == 0) l = field + ": " + value;
  return case_text(lines);
}

// --- The schema against the validator ----------------------------------------

TEST(Schema, IsADraft202012ObjectSchema) {
  const json& root = schema().root();
  EXPECT_EQ(root.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(root.at("type"), "object");
  EXPECT_EQ(root.at("additionalProperties"), false);  // unknown fields: warnings in the validator
}

TEST(Schema, PropertiesAreTheKnownFields) {
  std::set<std::string> properties;
  for (const auto& [name, _] : schema().root().at("properties").items()) properties.insert(name);
  const std::set<std::string> known(known_fields().begin(), known_fields().end());
  EXPECT_EQ(properties, known);
}

TEST(Schema, VocabulariesAreTheTaxonomys) {
  const struct {
    const char* def;
    const Vocabulary& vocabulary;
  } cases[] = {
      {"sector", test::taxonomy().sectors()},     {"outcome", test::taxonomy().outcomes()},
      {"level", test::taxonomy().levels()},       {"status", test::taxonomy().statuses()},
      {"evidence", test::taxonomy().evidence()},  {"lang", test::taxonomy().languages()},
  };
  for (const auto& c : cases) {
    const json& def = schema().resolve(std::string("#/$defs/") + c.def);
    EXPECT_EQ(json_strings(def.at("enum")), c.vocabulary.ids()) << c.def;
  }
  // Where each vocabulary is used.
  const json& p = schema().root().at("properties");
  EXPECT_EQ(p.at("sector").at("items").at("$ref"), "#/$defs/sector");
  EXPECT_EQ(p.at("outcome").at("items").at("$ref"), "#/$defs/outcome");
  EXPECT_EQ(p.at("level").at("$ref"), "#/$defs/level");
  EXPECT_EQ(p.at("status").at("$ref"), "#/$defs/status");
  EXPECT_EQ(p.at("evidence").at("$ref"), "#/$defs/evidence");
  EXPECT_EQ(p.at("lang").at("$ref"), "#/$defs/lang");
  EXPECT_EQ(p.at("translations").at("propertyNames").at("$ref"), "#/$defs/lang");
}

// Editors see "Greek label — English label" next to each id they can pick.
TEST(Schema, EnumDescriptionsAreTheTaxonomyLabels) {
  const struct {
    const char* def;
    const Vocabulary& vocabulary;
  } cases[] = {
      {"sector", test::taxonomy().sectors()},     {"outcome", test::taxonomy().outcomes()},
      {"level", test::taxonomy().levels()},       {"status", test::taxonomy().statuses()},
      {"evidence", test::taxonomy().evidence()},  {"lang", test::taxonomy().languages()},
  };
  for (const auto& c : cases) {
    std::vector<std::string> labels;
    for (const auto& e : c.vocabulary.entries()) labels.push_back(e.label.el + " — " + e.label.en);
    EXPECT_EQ(json_strings(schema().resolve(std::string("#/$defs/") + c.def).at("enumDescriptions")), labels)
        << c.def;
  }
}

TEST(Schema, GreekRegionsAreOfferedWithTheirGreekNames) {
  const json& greek = schema().resolve("#/$defs/region").at("anyOf").at(0);
  const auto codes = json_strings(greek.at("enum"));
  const auto names = json_strings(greek.at("enumDescriptions"));
  ASSERT_EQ(codes.size(), 14u);
  ASSERT_EQ(names.size(), codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    ASSERT_TRUE(test::taxonomy().region_name(codes[i])) << codes[i];
    EXPECT_EQ(names[i], test::taxonomy().region_name(codes[i])->el) << codes[i];
  }
}

TEST(Schema, RequiredIsTheValidatorsRequiredSet) {
  const auto& lines = all_fields_lines();
  ASSERT_EQ(lines.size(), known_fields().size());
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].substr(0, lines[i].find(':')), known_fields()[i]);
  const auto full = load_case("probe.md", case_text(lines), test::taxonomy());
  ASSERT_TRUE(full.ok()) << testing::PrintToString(test::as_tuples(full.findings));
  EXPECT_TRUE(schema().accepts(front_matter_json(case_text(lines))));

  // A field is required when leaving it out (and nothing else) is an error.
  std::set<std::string> required_by_validator;
  for (const auto& field : known_fields()) {
    const std::string text = case_text(without(lines, {std::string(field)}));
    const auto loaded = load_case("probe.md", text, test::taxonomy());
    if (!loaded.ok()) required_by_validator.insert(std::string(field));
    EXPECT_EQ(schema().accepts(front_matter_json(text)), loaded.ok()) << "without " << field;
  }
  const auto required_by_schema = json_strings(schema().root().at("required"));
  EXPECT_EQ(std::set<std::string>(required_by_schema.begin(), required_by_schema.end()), required_by_validator);

  // And a year: 'year' or 'period.start'.
  const struct {
    std::set<std::string> removed;
    std::string period;
    bool valid;
  } years[] = {
      {{"year"}, "{ start: 2019, end: 2021 }", true},
      {{"period"}, "", true},
      {{"year", "period"}, "", false},
      {{"year"}, "{ end: 2021 }", false},
  };
  for (const auto& y : years) {
    auto kept = without(lines, y.removed);
    const std::string text = y.period.empty() ? case_text(kept) : replaced(kept, "period", y.period);
    const auto loaded = load_case("probe.md", text, test::taxonomy());
    EXPECT_EQ(loaded.ok(), y.valid) << text;
    EXPECT_EQ(schema().accepts(front_matter_json(text)), y.valid) << text;
  }
}

// "The reverse for the vocabulary": every id the validator knows, the schema
// accepts; an id the validator rejects, the schema rejects.
TEST(Schema, AcceptsExactlyTheVocabularyIds) {
  const struct {
    const char* field;
    const Vocabulary& vocabulary;
    bool list;
  } cases[] = {
      {"sector", test::taxonomy().sectors(), true},     {"outcome", test::taxonomy().outcomes(), true},
      {"level", test::taxonomy().levels(), false},      {"status", test::taxonomy().statuses(), false},
      {"evidence", test::taxonomy().evidence(), false},
  };
  for (const auto& c : cases) {
    std::vector<std::string> values = c.vocabulary.ids();
    for (const auto& id : c.vocabulary.ids()) {
      values.push_back(id + "s");
      values.push_back(id.substr(1));
    }
    values.push_back("transparency-acountability");
    values.push_back("");
    for (const auto& value : values) {
      const std::string quoted = "'" + value + "'";
      const std::string text = replaced(all_fields_lines(), c.field, c.list ? "[" + quoted + "]" : quoted);
      const bool validator_ok = load_case("probe.md", text, test::taxonomy()).ok();
      EXPECT_EQ(validator_ok, c.vocabulary.contains(value)) << c.field << ": " << value;
      EXPECT_EQ(schema().accepts(front_matter_json(text)), validator_ok) << c.field << ": " << value;
    }
  }
  for (const std::string lang : {"el", "en", "fr", "gr", "EL"}) {
    std::string text = replaced(all_fields_lines(), "lang", lang);
    if (lang == "el") text = replaced(without(all_fields_lines(), {"translations"}), "lang", lang);
    const bool validator_ok = load_case("probe.md", text, test::taxonomy()).ok();
    EXPECT_EQ(validator_ok, lang == "el" || lang == "en") << lang;
    EXPECT_EQ(schema().accepts(front_matter_json(text)), validator_ok) << lang;
  }
}

TEST(Schema, AcceptsEveryGoodFixture) {
  for (const auto& id : test::good_fixture_ids()) {
    const json fm = front_matter_json(test::read_bytes(test::good_dir() / (id + ".md")));
    EXPECT_EQ(schema().validate(fm), std::vector<std::string>{}) << id << "\n" << fm.dump(2);
  }
}

// What the schema can see of the bad fixtures: vocabulary, types, dates, URLs,
// required and unknown fields. Region codes are checked only for their shape,
// and ids, bodies and duplicates are beyond a schema.
TEST(Schema, RejectsTheBadFixturesItCanSee) {
  std::set<std::string> rejected, accepted;
  for (const auto& file : list_case_files(test::bad_dir())) {
    json fm;
    try {
      fm = front_matter_json(test::read_bytes(file.absolute));
    } catch (const std::exception&) {
      continue;  // no front matter or no YAML: nothing for a schema to check
    }
    (schema().accepts(fm) ? accepted : rejected).insert(file.relative);
  }
  EXPECT_EQ(rejected, (std::set<std::string>{"malformed-url.md", "missing-required-field.md", "non-iso-date.md",
                                             "sector-near-miss.md", "unknown-field.md", "wrong-type.md"}));
  EXPECT_EQ(accepted, (std::set<std::string>{"duplicate-id/a/shared-practice.md",
                                             "duplicate-id/b/shared-practice.md", "empty-body.md", "id-mismatch.md",
                                             "invalid-utf8.md", "unknown-region.md"}));
}

TEST(Schema, PatternsAgreeWithTheFieldChecks) {
  const std::regex slug(schema().resolve("#/$defs/caseId").at("pattern").get<std::string>());
  for (const std::string s : {"sterea-open-data-portal", "a", "2023", "-a", "a-", "a--b", "A", "a_b", "ά", ""})
    EXPECT_EQ(std::regex_search(s, slug), is_slug(s)) << s;

  // The schema's date pattern cannot see the calendar: it accepts a superset.
  const std::regex date(schema().resolve("#/$defs/date").at("pattern").get<std::string>());
  for (const std::string s : {"2026-10-01", "2024-02-29", "2026-12-31", "01/10/2026", "2026-13-01", "2026-1-01",
                              "2026-10-01T00:00", "2026-00-01", "2026-01-00"})
    EXPECT_EQ(std::regex_search(s, date), is_iso_date(s)) << s;
  EXPECT_TRUE(std::regex_search(std::string("2023-02-29"), date));

  const std::regex url(schema().resolve("#/$defs/url").at("pattern").get<std::string>());
  for (const std::string s :
       {"https://data.pste.gov.gr/", "http://example.org", "https://example.org:8443/a?b=c#d",
        "https://διαύγεια.gov.gr/", "https://user@example.org/", "www.pste.gov.gr/report.pdf", "ftp://example.org/",
        "https://localhost/", "https://exa mple.org/", "https://example.org/a b", "https://example.org/<x>", ""})
    EXPECT_EQ(std::regex_search(s, url), is_web_url(s)) << s;
}

// The schema's region pattern must accept every code the validator accepts.
TEST(Schema, RegionPatternAcceptsEveryIsoCode) {
  const std::regex region(schema().resolve("#/$defs/region").at("pattern").get<std::string>());
  std::size_t codes = 0;
  for (const auto& [file, list, key] :
       {std::tuple{"iso_3166-1.json", "3166-1", "alpha_2"}, std::tuple{"iso_3166-2.json", "3166-2", "code"}}) {
    std::ifstream in(std::filesystem::path("/usr/share/iso-codes/json") / file);
    ASSERT_TRUE(in) << file;
    const json data = json::parse(in);
    for (const auto& entry : data.at(list)) {
      const std::string code = entry.at(key);
      ++codes;
      EXPECT_TRUE(std::regex_search(code, region)) << code;
      EXPECT_TRUE(test::taxonomy().is_known_region(code)) << code;
    }
  }
  EXPECT_EQ(codes, test::taxonomy().region_count());
  for (const std::string bad : {"gr-h", "Greece", "GRC", "GR-", "GR-ABCD", "G"})
    EXPECT_FALSE(std::regex_search(bad, region)) << bad;
}

}  // namespace
}  // namespace praxis
