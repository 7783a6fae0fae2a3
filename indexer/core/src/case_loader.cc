#include "praxis/case_loader.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include <yaml-cpp/yaml.h>

#include "praxis/did_you_mean.h"
#include "praxis/field_checks.h"
#include "praxis/front_matter.h"

namespace praxis {

const std::vector<std::string_view>& known_fields() {
  static const std::vector<std::string_view> fields = {
      "id",      "title",         "lang",    "translations", "summary",  "sector",
      "region",  "level",         "outcome", "results",      "status",   "period",
      "year",    "organisations", "tags",    "sources",      "funding",  "transferability",
      "evidence", "verified",     "draft",   "updated"};
  return fields;
}

namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

// Reads typed values out of the YAML tree, recording a finding (with the
// file line and column of the offending node) for every problem.
class FieldReader {
 public:
  FieldReader(const std::string& path, int yaml_line, std::vector<Finding>& findings)
      : path_(path), yaml_line_(yaml_line), findings_(findings) {}

  void error(const YAML::Node& at, const std::string& field, const std::string& message) {
    add(Severity::error, mark_of(at), field, message);
  }
  void warning(const YAML::Node& at, const std::string& field, const std::string& message) {
    add(Severity::warning, mark_of(at), field, message);
  }
  void error_at(const YAML::Mark& mark, const std::string& field, const std::string& message) {
    add(Severity::error, mark, field, message);
  }
  void warning_at(const YAML::Mark& mark, const std::string& field, const std::string& message) {
    add(Severity::warning, mark, field, message);
  }
  void file_error(int line, const std::string& field, const std::string& message) {
    findings_.push_back({path_, line, 1, Severity::error, field, message});
  }

  // The value's mark when it has one, else the key's (null values have none).
  void set_key_mark(const YAML::Mark& m) { key_mark_ = m; }

  std::optional<std::string> string(const YAML::Node& n, const std::string& field) {
    if (n.IsNull()) return std::nullopt;
    if (!n.IsScalar()) {
      error(n, field, "wrong type: '" + field + "' must be text, not a " + kind(n));
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::optional<std::string> nonempty_string(const YAML::Node& n, const std::string& field) {
    auto s = string(n, field);
    if (s && trimmed_empty(*s)) {
      error(n, field, "'" + field + "' is empty");
      return std::nullopt;
    }
    return s;
  }

  std::optional<long long> integer(const YAML::Node& n, const std::string& field) {
    if (n.IsNull()) return std::nullopt;
    long long v = 0;
    if (!n.IsScalar() || !parse_int(n.Scalar(), v)) {
      error(n, field, "wrong type: '" + field + "' must be a whole number" + got(n));
      return std::nullopt;
    }
    return v;
  }

  std::optional<int> year(const YAML::Node& n, const std::string& field) {
    auto v = integer(n, field);
    if (!v) return std::nullopt;
    if (*v < kMinYear || *v > kMaxYear) {
      error(n, field, "'" + field + "' must be a year between " + std::to_string(kMinYear) +
                          " and " + std::to_string(kMaxYear) + got(n));
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  std::optional<double> number(const YAML::Node& n, const std::string& field) {
    if (n.IsNull()) return std::nullopt;
    if (n.IsScalar()) {
      const std::string& s = n.Scalar();
      try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && std::isfinite(v)) return v;
      } catch (const std::exception&) {
      }
    }
    error(n, field, "wrong type: '" + field + "' must be a number" + got(n));
    return std::nullopt;
  }

  std::optional<bool> boolean(const YAML::Node& n, const std::string& field) {
    if (n.IsScalar()) {
      const std::string& s = n.Scalar();
      if (s == "true" || s == "True" || s == "yes") return true;
      if (s == "false" || s == "False" || s == "no") return false;
    }
    error(n, field, "wrong type: '" + field + "' must be true or false" + got(n));
    return std::nullopt;
  }

  std::optional<std::string> date(const YAML::Node& n, const std::string& field) {
    auto s = string(n, field);
    if (!s) return std::nullopt;
    if (!is_iso_date(*s)) {
      error(n, field, "'" + field + "' must be an ISO date YYYY-MM-DD, got '" + *s + "'");
      return std::nullopt;
    }
    return s;
  }

  // A list of texts, each with its index in the YAML list (items with a
  // finding are left out, so indexes may skip).
  std::vector<std::pair<std::size_t, std::string>> indexed_string_list(const YAML::Node& n, const std::string& field) {
    std::vector<std::pair<std::size_t, std::string>> out;
    if (n.IsNull()) return out;
    if (!n.IsSequence()) {
      error(n, field, "wrong type: '" + field + "' must be a list, e.g. [" +
                          (n.IsScalar() ? n.Scalar() : std::string("…")) + "]");
      return out;
    }
    std::size_t i = 0;
    for (const auto& item : n) {
      const std::size_t index = i++;
      if (auto s = nonempty_string(item, field + "[" + std::to_string(index) + "]")) out.emplace_back(index, *s);
    }
    return out;
  }

  std::vector<std::string> string_list(const YAML::Node& n, const std::string& field) {
    std::vector<std::string> out;
    for (auto& [index, s] : indexed_string_list(n, field)) out.push_back(std::move(s));
    return out;
  }

  // A value from a vocabulary, with "did you mean" for near misses.
  bool in_vocabulary(const YAML::Node& at, const std::string& field, const std::string& value,
                     const Vocabulary& vocabulary, const char* vocabulary_name) {
    if (vocabulary.contains(value)) return true;
    std::string message = "unknown " + std::string(vocabulary_name) + " '" + value + "' in '" + field + "'";
    if (auto guess = vocabulary.did_you_mean(value)) message += "; did you mean '" + *guess + "'?";
    else message += " (known: " + join(vocabulary.ids()) + ")";
    error(at, field, message);
    return false;
  }

  std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

 private:
  static std::string kind(const YAML::Node& n) {
    if (n.IsSequence()) return "list";
    if (n.IsMap()) return "map";
    return "value";
  }
  static std::string got(const YAML::Node& n) {
    if (n.IsScalar()) return ", got '" + n.Scalar() + "'";
    return ", got a " + kind(n);
  }
  static bool trimmed_empty(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
  }
  YAML::Mark mark_of(const YAML::Node& n) const {
    if (n.IsDefined() && !n.IsNull()) return n.Mark();
    return key_mark_;
  }
  void add(Severity severity, const YAML::Mark& mark, const std::string& field, const std::string& message) {
    Finding f{path_, 0, 0, severity, field, message};
    if (mark.line >= 0) {
      f.line = yaml_line_ + mark.line;
      f.column = mark.column + 1;
    }
    findings_.push_back(std::move(f));
  }

  const std::string& path_;
  int yaml_line_;
  std::vector<Finding>& findings_;
  YAML::Mark key_mark_;
};

std::string file_stem(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0) name.resize(name.size() - 3);
  return name;
}

// Line and column (1-based) of byte `offset` in `text`.
std::pair<int, int> position_of(std::string_view text, std::size_t offset) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, static_cast<int>(offset - line_start) + 1};
}

void read_results(FieldReader& r, const YAML::Node& n, CaseStudy& c) {
  if (n.IsNull()) return;
  if (!n.IsSequence()) {
    r.error(n, "results", "wrong type: 'results' must be a list of { metric, value, unit, year }");
    return;
  }
  std::size_t i = 0;
  for (const auto& item : n) {
    const std::string field = "results[" + std::to_string(i++) + "]";
    if (!item.IsMap()) {
      r.error(item, field, "wrong type: each result must be a map { metric, value, unit, year }");
      continue;
    }
    MeasuredResult result;
    for (const auto& kv : item) {
      const std::string key = kv.first.Scalar();
      const std::string sub = field + "." + key;
      r.set_key_mark(kv.first.Mark());
      if (key == "metric") {
        if (auto s = r.nonempty_string(kv.second, sub)) result.metric = *s;
      } else if (key == "value") {
        result.value = r.number(kv.second, sub);
      } else if (key == "unit") {
        if (auto s = r.string(kv.second, sub)) result.unit = *s;
      } else if (key == "year") {
        result.year = r.year(kv.second, sub);
      } else {
        r.warning_at(kv.first.Mark(), sub, "unknown field '" + key + "' in a result (known: metric, value, unit, year)");
      }
    }
    if (result.metric.empty()) r.error(item, field + ".metric", "a result needs a 'metric'");
    else c.results.push_back(std::move(result));
  }
}

void read_sources(FieldReader& r, const YAML::Node& n, CaseStudy& c) {
  if (n.IsNull()) return;
  if (!n.IsSequence()) {
    r.error(n, "sources", "wrong type: 'sources' must be a list of { title, url }");
    return;
  }
  std::size_t i = 0;
  for (const auto& item : n) {
    const std::string field = "sources[" + std::to_string(i++) + "]";
    if (!item.IsMap()) {
      r.error(item, field, "wrong type: each source must be a map { title, url }");
      continue;
    }
    SourceLink link;
    for (const auto& kv : item) {
      const std::string key = kv.first.Scalar();
      const std::string sub = field + "." + key;
      r.set_key_mark(kv.first.Mark());
      if (key == "title") {
        if (auto s = r.nonempty_string(kv.second, sub)) link.title = *s;
      } else if (key == "url") {
        if (auto s = r.nonempty_string(kv.second, sub)) {
          if (is_web_url(*s)) link.url = *s;
          else r.error(kv.second, sub, "malformed URL '" + *s + "': expected http:// or https:// and a host name");
        }
      } else {
        r.warning_at(kv.first.Mark(), sub, "unknown field '" + key + "' in a source (known: title, url)");
      }
    }
    if (link.url.empty() && !item["url"]) r.error(item, field + ".url", "a source needs a 'url'");
    if (link.title.empty() && !item["title"]) r.error(item, field + ".title", "a source needs a 'title'");
    if (!link.url.empty()) c.sources.push_back(std::move(link));
  }
}

void read_period(FieldReader& r, const YAML::Node& n, CaseStudy& c) {
  if (n.IsNull()) return;
  if (!n.IsMap()) {
    r.error(n, "period", "wrong type: 'period' must be a map { start, end }");
    return;
  }
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    r.set_key_mark(kv.first.Mark());
    if (key == "start") c.period.start = r.year(kv.second, "period.start");
    else if (key == "end") c.period.end = r.year(kv.second, "period.end");
    else r.warning_at(kv.first.Mark(), "period." + key, "unknown field '" + key + "' in 'period' (known: start, end)");
  }
  if (c.period.start && c.period.end && *c.period.end < *c.period.start)
    r.error(n, "period", "'period.end' (" + std::to_string(*c.period.end) + ") is before 'period.start' (" +
                             std::to_string(*c.period.start) + ")");
}

void read_translations(FieldReader& r, const YAML::Node& n, const Taxonomy& taxonomy, CaseStudy& c) {
  if (n.IsNull()) return;
  if (!n.IsMap()) {
    r.error(n, "translations", "wrong type: 'translations' must be a map { en: other-case-id }");
    return;
  }
  for (const auto& kv : n) {
    const std::string lang = kv.first.Scalar();
    const std::string field = "translations." + lang;
    r.set_key_mark(kv.first.Mark());
    if (!r.in_vocabulary(kv.first, field, lang, taxonomy.languages(), "language")) continue;
    auto id = r.nonempty_string(kv.second, field);
    if (!id) continue;
    if (!is_slug(*id)) {
      r.error(kv.second, field, "'" + *id + "' is not a case id (lowercase letters, digits and '-')");
      continue;
    }
    c.translations[lang] = *id;
  }
}

}  // namespace

LoadedCase load_case(const std::string& path, std::string_view bytes, const Taxonomy& taxonomy) {
  LoadedCase out;
  auto& findings = out.findings;
  if (bytes.size() > kMaxCaseFileBytes) {
    findings.push_back({path, 0, 0, Severity::error, "",
                        "file is " + std::to_string(bytes.size()) + " bytes; the limit is 1 MiB (1048576 bytes)"});
    return out;
  }
  if (const std::size_t bad = find_invalid_utf8(bytes); bad != std::string_view::npos) {
    const auto [line, column] = position_of(bytes, bad);
    findings.push_back({path, line, column, Severity::error, "",
                        "invalid UTF-8 (byte offset " + std::to_string(bad) + "): save the file as UTF-8"});
    return out;
  }
  const std::string text = normalize_line_ends(bytes);
  Finding split_error{path, 0, 0, Severity::error, "", ""};
  auto fm = split_front_matter(text, split_error);
  if (!fm) {
    findings.push_back(std::move(split_error));
    return out;
  }

  YAML::Node root;
  try {
    root = YAML::Load(fm->yaml);
  } catch (const YAML::Exception& e) {
    Finding f{path, fm->yaml_line, 1, Severity::error, "", "invalid YAML: " + e.msg};
    if (e.mark.line >= 0) {
      f.line = fm->yaml_line + e.mark.line;
      f.column = e.mark.column + 1;
    }
    findings.push_back(std::move(f));
    return out;
  }

  FieldReader r(path, fm->yaml_line, findings);
  if (!root.IsMap()) {
    r.file_error(1, "", root.IsNull() ? "empty front matter: the required fields are missing"
                                      : "front matter must be a map of 'field: value' lines");
    return out;
  }

  CaseStudy c;
  c.path = path;
  std::set<std::string> seen;
  const auto& known = known_fields();
  try {
    for (const auto& kv : root) {
      const YAML::Node& key_node = kv.first;
      const YAML::Node& v = kv.second;
      if (!key_node.IsScalar()) {
        r.error(key_node, "", "a field name must be plain text");
        continue;
      }
      const std::string key = key_node.Scalar();
      r.set_key_mark(key_node.Mark());
      if (!seen.insert(key).second) {
        r.error_at(key_node.Mark(), key, "duplicate field '" + key + "'");
        continue;
      }
      if (v.IsNull() && (key == "id" || key == "title" || key == "lang" || key == "summary" || key == "region" ||
                         key == "updated")) {
        r.error_at(key_node.Mark(), key, "'" + key + "' is empty: it is a required field");
        continue;
      }
      if (key == "id") {
        if (auto s = r.nonempty_string(v, key)) {
          if (!is_slug(*s)) r.error(v, key, "id '" + *s + "' must be lowercase letters and digits joined by '-'");
          else c.id = *s;
        }
      } else if (key == "title") {
        if (auto s = r.nonempty_string(v, key)) c.title = *s;
      } else if (key == "lang") {
        if (auto s = r.nonempty_string(v, key); s && r.in_vocabulary(v, key, *s, taxonomy.languages(), "language"))
          c.lang = *s;
      } else if (key == "translations") {
        read_translations(r, v, taxonomy, c);
      } else if (key == "summary") {
        if (auto s = r.nonempty_string(v, key)) c.summary = *s;
      } else if (key == "sector" || key == "outcome") {
        const bool sector = key == "sector";
        for (const auto& [index, value] : r.indexed_string_list(v, key)) {
          const std::string item_field = key + "[" + std::to_string(index) + "]";
          const YAML::Node item = v[index];
          if (r.in_vocabulary(item, item_field, value, sector ? taxonomy.sectors() : taxonomy.outcomes(),
                              sector ? "sector" : "outcome")) {
            auto& list = sector ? c.sector : c.outcome;
            if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
          }
        }
      } else if (key == "region") {
        if (auto s = r.nonempty_string(v, key)) {
          if (taxonomy.is_known_region(*s)) {
            c.region = *s;
          } else {
            std::string message = "unknown region code '" + *s +
                                  "': use an ISO 3166-1 country (EE) or ISO 3166-2 region code (GR-H)";
            if (auto guess = taxonomy.region_did_you_mean(*s)) message += "; did you mean '" + *guess + "'?";
            r.error(v, key, message);
          }
        }
      } else if (key == "level" || key == "status" || key == "evidence") {
        const Vocabulary& vocabulary = key == "level"    ? taxonomy.levels()
                                       : key == "status" ? taxonomy.statuses()
                                                         : taxonomy.evidence();
        if (auto s = r.nonempty_string(v, key); s && r.in_vocabulary(v, key, *s, vocabulary, key.c_str()))
          (key == "level" ? c.level : key == "status" ? c.status : c.evidence) = *s;
      } else if (key == "results") {
        read_results(r, v, c);
      } else if (key == "period") {
        read_period(r, v, c);
      } else if (key == "year") {
        c.year = r.year(v, key);
      } else if (key == "organisations") {
        c.organisations = r.string_list(v, key);
      } else if (key == "tags") {
        c.tags = r.string_list(v, key);
      } else if (key == "funding") {
        c.funding = r.string_list(v, key);
      } else if (key == "sources") {
        read_sources(r, v, c);
      } else if (key == "transferability") {
        if (auto s = r.string(v, key)) c.transferability = *s;
      } else if (key == "verified") {
        if (auto s = r.date(v, key)) c.verified = *s;
      } else if (key == "updated") {
        if (auto s = r.date(v, key)) c.updated = *s;
      } else if (key == "draft") {
        if (auto b = r.boolean(v, key)) c.draft = *b;
      } else {
        std::string message = "unknown field '" + key + "' (ignored)";
        const std::vector<std::string> names(known.begin(), known.end());
        if (auto guess = closest_match(key, names))
          message += "; did you mean '" + *guess + "'?";
        r.warning_at(key_node.Mark(), key, message);
      }
    }
  } catch (const YAML::Exception& e) {
    r.error_at(e.mark, "", "invalid YAML: " + e.msg);
  }

  // Required fields that are missing (not those present but invalid: they have a finding already).
  auto require = [&](const char* field, bool present) {
    if (!present && !seen.count(field))
      r.file_error(1, field, std::string("missing required field '") + field + "'");
  };
  require("id", !c.id.empty());
  require("title", !c.title.empty());
  require("lang", !c.lang.empty());
  require("summary", !c.summary.empty());
  require("sector", !c.sector.empty());
  require("region", !c.region.empty());
  require("outcome", !c.outcome.empty());
  require("updated", !c.updated.empty());
  if (seen.count("sector") && c.sector.empty() && !has_errors(findings))
    r.file_error(1, "sector", "'sector' needs at least one sector");
  if (seen.count("outcome") && c.outcome.empty() && !has_errors(findings))
    r.file_error(1, "outcome", "'outcome' needs at least one outcome");
  if (!c.year && !c.period.start && !seen.count("year") && !seen.count("period"))
    r.file_error(1, "year", "missing required field 'year' (or 'period.start')");
  else if (!c.year && !c.period.start && !has_errors(findings))
    r.file_error(1, "period.start", "give 'year' or 'period.start'");

  if (!c.id.empty()) {
    const std::string stem = file_stem(path);
    if (stem != c.id)
      r.error(root["id"], "id", "id '" + c.id + "' does not match the file name: rename the file to '" + c.id +
                                    ".md' or set id: " + stem);
    if (auto it = c.translations.find(c.lang); it != c.translations.end())
      r.error(root["translations"], "translations." + c.lang, "a case cannot be its own translation in '" + c.lang + "'");
  }

  const bool empty_body = std::all_of(fm->body.begin(), fm->body.end(),
                                      [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; });
  if (empty_body)
    findings.push_back({path, fm->body_line, 1, Severity::error, "",
                        "empty body: write the case (Problem, Solution, Results, Lessons) below the front matter"});

  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  if (!has_errors(findings)) {
    c.body = std::move(fm->body);
    c.body_line = fm->body_line;
    out.study = std::move(c);
  }
  return out;
}

LoadedCase load_case_file(const std::filesystem::path& file, const std::string& display_path,
                          const Taxonomy& taxonomy) {
  LoadedCase out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    out.findings.push_back({display_path, 0, 0, Severity::error, "", "cannot read file: " + ec.message()});
    return out;
  }
  if (size > kMaxCaseFileBytes) {
    out.findings.push_back({display_path, 0, 0, Severity::error, "",
                            "file is " + std::to_string(size) + " bytes; the limit is 1 MiB (1048576 bytes)"});
    return out;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.findings.push_back({display_path, 0, 0, Severity::error, "", "cannot open file"});
    return out;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return load_case(display_path, bytes, taxonomy);
}

}  // namespace praxis
