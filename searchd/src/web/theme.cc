#include "web/theme.h"

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

namespace praxis::web {

namespace fs = std::filesystem;

namespace {

Result<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError(file.string() + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

std::string where(const fs::path& file, const YAML::Mark& mark) {
  return file.string() + ":" + std::to_string(mark.line + 1);
}

// Walks one YAML node into the flat map and the template tree.
Status walk(const fs::path& file, const YAML::Node& node, const std::string& prefix,
            std::map<std::string, std::string, std::less<>>& flat, mstch::map& tree) {
  for (const auto& item : node) {
    const std::string key = item.first.as<std::string>();
    if (key.empty() || key.find('.') != std::string::npos)
      return Status::InvalidArgument(where(file, item.first.Mark()) + ": a key may not be empty or contain '.'");
    const std::string full = prefix.empty() ? key : prefix + "." + key;
    const YAML::Node& value = item.second;
    if (value.IsMap()) {
      mstch::map child;
      if (Status s = walk(file, value, full, flat, child); !s.ok()) return s;
      tree.emplace(key, std::move(child));
    } else if (value.IsSequence()) {
      mstch::array items;
      std::string joined;
      for (const auto& v : value) {
        if (!v.IsScalar())
          return Status::InvalidArgument(where(file, v.Mark()) + ": " + full + ": a list may hold only strings");
        items.emplace_back(v.as<std::string>());
        if (!joined.empty()) joined += "\n";
        joined += v.as<std::string>();
      }
      flat.emplace(full, joined);
      tree.emplace(key, std::move(items));
    } else if (value.IsScalar()) {
      flat.emplace(full, value.as<std::string>());
      tree.emplace(key, value.as<std::string>());
    } else {
      return Status::InvalidArgument(where(file, value.Mark()) + ": " + full + ": no value");
    }
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string, std::less<>>> read_templates(const fs::path& dir) {
  std::map<std::string, std::string, std::less<>> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".mustache" || !it->is_regular_file(ec)) continue;
    auto text = read_text(p);
    if (!text.ok()) return text.status();
    out.emplace(p.stem().string(), std::move(text).value());
  }
  if (ec) return Status::IoError(dir.string() + ": " + ec.message());
  return out;
}

// HTML escaping for {{…}}: & < > " ' (mstch's default also turns '/' into
// "&#x2F;", which is safe but makes every URL six times longer per slash;
// every attribute in our templates is quoted, so '/' needs no escape).
std::string escape_html(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// mstch keeps its escape function in a global: set it once, before any
// page is rendered (Theme::load runs at start-up).
void install_escape() {
  static std::once_flag once;
  std::call_once(once, [] { mstch::config::escape = escape_html; });
}

// The partial names a template refers to: {{> name}} (spaces allowed).
std::set<std::string> partial_refs(std::string_view text) {
  std::set<std::string> out;
  for (std::size_t p = text.find("{{>"); p != std::string_view::npos; p = text.find("{{>", p + 3)) {
    const std::size_t end = text.find("}}", p);
    if (end == std::string_view::npos) break;
    std::string_view name = text.substr(p + 3, end - p - 3);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    out.emplace(name);
  }
  return out;
}

}  // namespace

const std::string& Strings::get(std::string_view key) const {
  const auto it = flat_.find(key);
  if (it != flat_.end()) return it->second;
  // Missing keys are rare (the tests check every key is present): remember
  // the key so the reference stays valid.
  static thread_local std::map<std::string, std::string, std::less<>> missing;
  return missing.try_emplace(std::string(key), std::string(key)).first->second;
}

std::string Strings::format(std::string_view key,
                            std::initializer_list<std::pair<std::string_view, std::string_view>> args) const {
  const std::string& pattern = get(key);
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close != std::string::npos) {
        const std::string_view name = std::string_view(pattern).substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [n, v] : args) {
          if (n == name) {
            out += v;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string Strings::plural(std::string_view key, long long n, std::string_view n_text) const {
  const std::string full = std::string(key) + (n == 1 ? ".one" : ".other");
  return format(full, {{"n", n_text}});
}

std::vector<std::string> Strings::keys() const {
  std::vector<std::string> out;
  out.reserve(flat_.size());
  for (const auto& [k, v] : flat_) out.push_back(k);
  return out;
}

Result<Strings> Strings::load(const fs::path& file) {
  auto text = read_text(file);
  if (!text.ok()) return text.status();
  Strings s;
  try {
    const YAML::Node root = YAML::Load(*text);
    if (!root.IsMap()) return Status::InvalidArgument(file.string() + ": expected a mapping of strings");
    mstch::map tree;
    if (Status st = walk(file, root, "", s.flat_, tree); !st.ok()) return st;
    s.tree_ = std::move(tree);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(where(file, e.mark) + ": " + e.msg);
  }
  return s;
}

Result<std::shared_ptr<const Theme>> Theme::load(const fs::path& dir) {
  install_escape();
  auto theme = std::make_shared<Theme>();
  theme->dir_ = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument(dir.string() + ": no such theme folder");

  auto pages = read_templates(dir);
  if (!pages.ok()) return pages.status();
  for (std::string_view page : kPages)
    if (pages->find(page) == pages->end())
      return Status::InvalidArgument((dir / (std::string(page) + ".mustache")).string() + ": missing");
  auto partials = read_templates(dir / "partials");
  if (!partials.ok()) return partials.status();
  for (auto& [name, text] : pages.value()) {
    Page page{std::move(text), {}};
    std::vector<std::string> todo;
    for (const auto& ref : partial_refs(page.text)) todo.push_back(ref);
    while (!todo.empty()) {
      const std::string ref = std::move(todo.back());
      todo.pop_back();
      if (page.partials.count(ref)) continue;
      const auto it = partials->find(ref);
      if (it == partials->end())
        return Status::InvalidArgument((dir / (name + ".mustache")).string() + ": no partial '" + ref + "' in partials/");
      page.partials.emplace(ref, it->second);
      for (const auto& next : partial_refs(it->second)) todo.push_back(next);
    }
    theme->pages_.emplace(name, std::move(page));
  }

  auto el = Strings::load(dir / "i18n" / "el.yaml");
  if (!el.ok()) return el.status();
  auto en = Strings::load(dir / "i18n" / "en.yaml");
  if (!en.ok()) return en.status();
  theme->el_ = std::move(el).value();
  theme->en_ = std::move(en).value();
  // The same keys in both languages: a missing translation is a load error.
  for (const std::string& key : theme->el_.keys())
    if (!theme->en_.has(key)) return Status::InvalidArgument((dir / "i18n" / "en.yaml").string() + ": missing " + key);
  for (const std::string& key : theme->en_.keys())
    if (!theme->el_.has(key)) return Status::InvalidArgument((dir / "i18n" / "el.yaml").string() + ": missing " + key);

  auto files = StaticFiles::load(dir / "static");
  if (!files.ok()) return files.status();
  theme->static_ = std::move(files).value();
  return std::shared_ptr<const Theme>(std::move(theme));
}

std::string Theme::render(std::string_view page, const mstch::node& context) const {
  const auto it = pages_.find(page);
  if (it == pages_.end()) return "";
  return mstch::render(it->second.text, context, it->second.partials);
}

}  // namespace praxis::web
