#include "praxis/taxonomy.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "praxis/did_you_mean.h"
#include "praxis/gettext_catalog.h"

namespace praxis {

const std::string& Label::in(std::string_view lang) const {
  if (lang == "en") return en.empty() ? el : en;
  return el.empty() ? en : el;
}

Vocabulary::Vocabulary(std::vector<VocabularyEntry> entries) : entries_(std::move(entries)) {}

const VocabularyEntry* Vocabulary::find(std::string_view id) const {
  for (const auto& e : entries_)
    if (e.id == id) return &e;
  return nullptr;
}

std::vector<std::string> Vocabulary::ids() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.id);
  return out;
}


std::optional<std::string> Vocabulary::did_you_mean(std::string_view value) const {
  return closest_match(value, ids());
}

namespace {

Status yaml_error(const std::filesystem::path& file, const YAML::Mark& mark, const std::string& what) {
  std::string where = file.string();
  if (mark.line >= 0) where += ':' + std::to_string(mark.line + 1) + ':' + std::to_string(mark.column + 1);
  return Status::InvalidArgument(where + ": error: " + what);
}

Result<Label> read_label(const std::filesystem::path& file, const YAML::Node& node, const char* what) {
  if (!node || !node.IsMap())
    return yaml_error(file, node ? node.Mark() : YAML::Mark::null_mark(),
                      std::string(what) + " must be a map with 'el' and 'en'");
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (key != "el" && key != "en")
      return yaml_error(file, kv.first.Mark(),
                        std::string(what) + " has an unknown key '" + key +
                            "': a comma ends a value in { el: …, en: … }, so quote texts that contain one");
  }
  Label label;
  if (node["el"]) label.el = node["el"].as<std::string>();
  if (node["en"]) label.en = node["en"].as<std::string>();
  if (label.el.empty() || label.en.empty())
    return yaml_error(file, node.Mark(), std::string(what) + " needs both 'el' and 'en'");
  return label;
}

Result<Vocabulary> read_vocabulary(const std::filesystem::path& file, const YAML::Node& root,
                                   const char* key) {
  const YAML::Node list = root[key];
  if (!list || !list.IsSequence())
    return yaml_error(file, root.Mark(), std::string("missing list '") + key + "'");
  std::vector<VocabularyEntry> entries;
  for (const auto& item : list) {
    if (!item.IsMap() || !item["id"])
      return yaml_error(file, item.Mark(), std::string("every entry of '") + key + "' needs an id");
    VocabularyEntry e;
    e.id = item["id"].as<std::string>();
    auto label = read_label(file, item["label"], "label");
    if (!label.ok()) return label.status();
    auto description = read_label(file, item["description"], "description");
    if (!description.ok()) return description.status();
    e.label = std::move(label).value();
    e.description = std::move(description).value();
    entries.push_back(std::move(e));
  }
  return Vocabulary(std::move(entries));
}

Result<nlohmann::json> read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::IoError("cannot open " + file.string() + " (is Debian's iso-codes installed?)");
  auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corrupt(file.string() + ": invalid JSON");
  return j;
}

// Greek names from iso-codes' gettext catalogue; English names as they are.
Status add_iso_entries(const std::filesystem::path& json_file, const char* list_key,
                       const char* code_key, const std::filesystem::path& mo_file,
                       std::map<std::string, Label, std::less<>>& regions) {
  auto json = read_json(json_file);
  if (!json.ok()) return json.status();
  std::unordered_map<std::string, std::string> greek;
  if (auto catalog = read_mo_catalog(mo_file); catalog.ok()) greek = std::move(catalog).value();
  const auto& list = json.value()[list_key];
  if (!list.is_array()) return Status::Corrupt(json_file.string() + ": no '" + list_key + "' list");
  for (const auto& entry : list) {
    if (!entry.contains(code_key) || !entry.contains("name")) continue;
    Label label;
    label.en = entry.value("common_name", entry["name"].get<std::string>());
    const std::string name = entry["name"].get<std::string>();
    const auto el = greek.find(name);
    label.el = el != greek.end() ? el->second : label.en;
    regions.emplace(entry[code_key].get<std::string>(), std::move(label));
  }
  return Status::Ok();
}

}  // namespace

Result<Taxonomy> Taxonomy::load(const std::filesystem::path& taxonomy_yaml, const TaxonomyPaths& paths) {
  Taxonomy t;
  YAML::Node root;
  try {
    root = YAML::LoadFile(taxonomy_yaml.string());
  } catch (const YAML::BadFile&) {
    return Status::IoError("cannot read taxonomy " + taxonomy_yaml.string());
  } catch (const YAML::Exception& e) {
    return yaml_error(taxonomy_yaml, e.mark, e.msg);
  }
  try {
    struct Slot { const char* key; Vocabulary* vocabulary; };
    for (const Slot& s : {Slot{"sectors", &t.sectors_}, Slot{"outcomes", &t.outcomes_},
                          Slot{"levels", &t.levels_}, Slot{"statuses", &t.statuses_},
                          Slot{"evidence", &t.evidence_}, Slot{"languages", &t.languages_}}) {
      auto v = read_vocabulary(taxonomy_yaml, root, s.key);
      if (!v.ok()) return v.status();
      *s.vocabulary = std::move(v).value();
    }

    const std::filesystem::path el_messages = paths.locale_dir / "el" / "LC_MESSAGES";
    if (Status s = add_iso_entries(paths.iso_codes_json / "iso_3166-1.json", "3166-1", "alpha_2",
                                   el_messages / "iso_3166-1.mo", t.regions_);
        !s.ok())
      return s;
    if (Status s = add_iso_entries(paths.iso_codes_json / "iso_3166-2.json", "3166-2", "code",
                                   el_messages / "iso_3166-2.mo", t.regions_);
        !s.ok())
      return s;

    if (const YAML::Node names = root["region_names_el"]; names && names.IsMap()) {
      for (const auto& kv : names) {
        const auto code = kv.first.as<std::string>();
        auto it = t.regions_.find(code);
        if (it == t.regions_.end())
          return yaml_error(taxonomy_yaml, kv.first.Mark(), "unknown region code '" + code + "'");
        it->second.el = kv.second.as<std::string>();
      }
    }
  } catch (const YAML::Exception& e) {
    return yaml_error(taxonomy_yaml, e.mark, e.msg);
  }
  return t;
}

bool Taxonomy::is_known_region(std::string_view code) const { return regions_.find(code) != regions_.end(); }

std::optional<Label> Taxonomy::region_name(std::string_view code) const {
  const auto it = regions_.find(code);
  if (it == regions_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Taxonomy::region_did_you_mean(std::string_view code) const {
  // Compare against codes of the same shape only: countries, or one country's subdivisions.
  std::string upper(code);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (is_known_region(upper)) return upper;
  const auto dash = upper.find('-');
  std::vector<std::string> candidates;
  for (const auto& [known, name] : regions_) {
    const auto known_dash = known.find('-');
    if (dash == std::string::npos ? known_dash == std::string::npos
                                  : known.compare(0, dash + 1, upper, 0, dash + 1) == 0)
      candidates.push_back(known);
  }
  if (dash != std::string::npos && candidates.empty()) return std::nullopt;
  // Subdivision codes are short, so allow only one edit.
  std::optional<std::string> best;
  for (const auto& c : candidates)
    if (edit_distance(upper, c) == 1) {
      if (best) return std::nullopt;  // ambiguous
      best = c;
    }
  return best;
}

}  // namespace praxis
