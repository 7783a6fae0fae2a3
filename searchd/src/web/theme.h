// A theme folder (themes/<name>/), read once at start-up and read-only after:
//   <page>.mustache         one per page (kPages)
//   partials/<name>.mustache   shared pieces, used as {{> name}}
//   i18n/el.yaml, en.yaml   every interface string, the same keys in both
//   static/                 CSS, JS, icons (see static_files.h)
// Templates get the strings of the page's language as {{t.section.key}};
// C++ reads them with Strings::get("section.key"). A Theme is safe to share
// between threads (rendering only reads it).
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <mstch/mstch.hpp>

#include "praxis/status.h"
#include "web/locale.h"
#include "web/static_files.h"

namespace praxis::web {

// The page templates every theme must have.
inline constexpr std::string_view kPages[] = {"home", "results", "case", "about", "not_found", "error"};

class Strings {
 public:
  // "section.key" -> the string; the key itself when missing (so a gap shows
  // on the page instead of an empty space, and the tests catch it).
  const std::string& get(std::string_view key) const;
  bool has(std::string_view key) const { return flat_.find(key) != flat_.end(); }
  // get(key) with "{name}" placeholders replaced by the given values (the
  // result is plain text: templates escape it like any other string).
  std::string format(std::string_view key,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> args) const;
  // Plural forms: "key.one" when n == 1, else "key.other" ({n} is replaced by `n_text`).
  std::string plural(std::string_view key, long long n, std::string_view n_text) const;
  // The strings as a nested mstch map, for {{t.…}} in templates.
  const mstch::node& tree() const { return tree_; }
  std::vector<std::string> keys() const;

  // Reads one YAML file (a mapping of mappings and strings; lists of strings
  // are allowed for paragraphs). Errors name the file and line.
  static Result<Strings> load(const std::filesystem::path& file);

 private:
  std::map<std::string, std::string, std::less<>> flat_;
  mstch::node tree_;
};

class Theme {
 public:
  // Loads and checks a theme folder: every page template, every partial,
  // both languages with the same keys, the static files.
  static Result<std::shared_ptr<const Theme>> load(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const Strings& strings(Lang lang) const { return lang == Lang::el ? el_ : en_; }
  const StaticFiles& static_files() const { return static_; }
  // Renders page template `page` with `context`; partials resolve against
  // partials/. An unknown page renders an empty string.
  std::string render(std::string_view page, const mstch::node& context) const;
  bool has_template(std::string_view page) const { return pages_.find(page) != pages_.end(); }

 private:
  // A page template and the partials it reaches ({{> a}} in it, in a, …):
  // mstch parses every partial it is given on every render, so each page
  // gets only its own.
  struct Page {
    std::string text;
    std::map<std::string, std::string> partials;
  };
  std::filesystem::path dir_;
  std::map<std::string, Page, std::less<>> pages_;
  Strings el_, en_;
  StaticFiles static_;
};

}  // namespace praxis::web
