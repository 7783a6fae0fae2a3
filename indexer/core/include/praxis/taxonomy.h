// The controlled vocabularies (content/taxonomy.yaml) and the names of
// countries and regions (Debian's iso-codes, Greek names from its gettext
// catalogues). Loaded once, then read-only and safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/status.h"

namespace praxis {

struct Label {
  std::string el;
  std::string en;
  // The label in `lang` ("el" or "en"), falling back to the other one.
  const std::string& in(std::string_view lang) const;
};

struct VocabularyEntry {
  std::string id;
  Label label;
  Label description;
};

class Vocabulary {
 public:
  Vocabulary() = default;
  explicit Vocabulary(std::vector<VocabularyEntry> entries);

  const VocabularyEntry* find(std::string_view id) const;
  bool contains(std::string_view id) const { return find(id) != nullptr; }
  const std::vector<VocabularyEntry>& entries() const { return entries_; }
  std::vector<std::string> ids() const;
  // The known id closest to `value` when it is a plausible misspelling of it.
  std::optional<std::string> did_you_mean(std::string_view value) const;

 private:
  std::vector<VocabularyEntry> entries_;
};

struct TaxonomyPaths {
  std::filesystem::path iso_codes_json = "/usr/share/iso-codes/json";
  std::filesystem::path locale_dir = "/usr/share/locale";
};

class Taxonomy {
 public:
  // Reads taxonomy.yaml and the iso-codes data; an error names the file and line.
  static Result<Taxonomy> load(const std::filesystem::path& taxonomy_yaml,
                               const TaxonomyPaths& paths = {});

  const Vocabulary& sectors() const { return sectors_; }
  const Vocabulary& outcomes() const { return outcomes_; }
  const Vocabulary& levels() const { return levels_; }
  const Vocabulary& statuses() const { return statuses_; }
  const Vocabulary& evidence() const { return evidence_; }
  const Vocabulary& languages() const { return languages_; }

  // ISO 3166-1 alpha-2 country or ISO 3166-2 subdivision code ("EE", "GR-H").
  bool is_known_region(std::string_view code) const;
  // Names in Greek and English; nullopt for an unknown code.
  std::optional<Label> region_name(std::string_view code) const;
  // Closest known region code, for "did you mean".
  std::optional<std::string> region_did_you_mean(std::string_view code) const;
  std::size_t region_count() const { return regions_.size(); }

 private:
  Vocabulary sectors_, outcomes_, levels_, statuses_, evidence_, languages_;
  std::map<std::string, Label, std::less<>> regions_;  // countries and subdivisions
};

}  // namespace praxis
