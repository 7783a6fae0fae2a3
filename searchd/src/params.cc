#include "praxis/searchd/params.h"

#include <charconv>

#include "praxis/front_matter.h"
#include "praxis/searchd/labels.h"
#include "praxis/searchd/options.h"
#include "praxis/taxonomy.h"

namespace praxis::searchd {

std::string_view sort_name(SortOrder s) {
  switch (s) {
    case SortOrder::relevance: return "relevance";
    case SortOrder::year: return "year";
    case SortOrder::updated: return "updated";
  }
  return "relevance";
}

bool SearchParams::has_filters() const {
  for (const auto& v : facets)
    if (!v.empty()) return true;
  return year_from.has_value() || year_to.has_value();
}

bool SearchParams::has_year_filter() const {
  return !values(schema::Facet::year).empty() || year_from.has_value() || year_to.has_value();
}

ParamLimits param_limits(const Options& o) {
  return {o.max_query_bytes, o.max_query_words, o.default_per_page, o.max_per_page, o.result_window,
          o.max_facet_values};
}

std::optional<std::int64_t> parse_integer(std::string_view s, std::int64_t min, std::int64_t max) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;  // no sign, space, dot or hex
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

std::optional<std::string> check_text(std::string_view s, bool allow_whitespace) {
  if (find_invalid_utf8(s) != std::string_view::npos) return "is not valid UTF-8";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0x7f || (c < 0x20 && !(allow_whitespace && (c == '\t' || c == '\n' || c == '\r'))))
      return "contains a control character";
  }
  return std::nullopt;
}

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// "sector-id": lowercase letters, digits and inner dashes.
bool is_slug(std::string_view s, std::size_t max = 64) {
  if (s.empty() || s.size() > max || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  for (char c : s)
    if (!is_lower_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// "GR", "GR-H", "ES-CT", "GR-69".
bool is_region_code(std::string_view s) {
  if (s.size() < 2 || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= 'A' && s[1] <= 'Z')) return false;
  if (s.size() == 2) return true;
  if (s[2] != '-' || s.size() < 4 || s.size() > 6) return false;
  for (char c : s.substr(3))
    if (!is_upper_alnum(c)) return false;
  return true;
}

std::string shown(std::string_view v) {
  std::string out = "'";
  out.append(v.substr(0, 80));
  if (v.size() > 80) out += "…";
  out += '\'';
  return out;
}

std::string unknown(std::string_view what, std::string_view value, const std::optional<std::string>& guess) {
  std::string m = "unknown " + std::string(what) + " " + shown(value);
  if (guess) m += " (did you mean '" + *guess + "'?)";
  return m;
}

// One facet value: checked and returned in its canonical spelling.
std::optional<ParamError> check_facet_value(schema::Facet f, std::string_view raw, const Taxonomy* tax,
                                            std::string& canonical) {
  using schema::Facet;
  const std::string name(schema::facet_info(f).name);
  switch (f) {
    case Facet::region:
    case Facet::country: {
      canonical = ascii_upper(raw);
      const bool shape = f == Facet::country ? canonical.size() == 2 && is_region_code(canonical)
                                             : is_region_code(canonical);
      if (!shape) {
        return ParamError{name, shown(raw) + (f == Facet::country
                                                   ? " is not an ISO 3166-1 alpha-2 country code (like GR)"
                                                   : " is not an ISO 3166 region code (like GR-H or EE)")};
      }
      if (tax && !tax->is_known_region(canonical)) {
        auto guess = tax->region_did_you_mean(canonical);
        if (guess && f == Facet::country && guess->size() != 2) guess.reset();
        return ParamError{name, unknown(f == Facet::country ? "country" : "region", raw, guess)};
      }
      return std::nullopt;
    }
    case Facet::year: {
      const auto y = parse_integer(raw, 1, 9999);
      if (!y) return ParamError{name, shown(raw) + " is not a year (1-9999)"};
      canonical = std::to_string(*y);
      return std::nullopt;
    }
    case Facet::source:
      canonical = ascii_lower(raw);
      if (!is_slug(canonical)) return ParamError{name, shown(raw) + " is not a source name"};
      return std::nullopt;
    default: {
      canonical = ascii_lower(raw);
      if (!is_slug(canonical)) return ParamError{name, unknown(name, raw, std::nullopt)};
      if (tax) {
        const Vocabulary* vocab = facet_vocabulary(*tax, f);
        if (vocab && !vocab->contains(canonical)) return ParamError{name, unknown(name, raw, vocab->did_you_mean(canonical))};
      }
      return std::nullopt;
    }
  }
}

bool accepts(unsigned accepted, std::string_view name) {
  if (name == "q") return accepted & kQuery;
  if (name == "sort") return accepted & kSort;
  if (name == "page" || name == "per_page") return accepted & kPaging;
  if (name == "hl") return accepted & kLabels;
  if (name == "facets") return accepted & kFacetToggle;
  if (name == "year_from" || name == "year_to") return accepted & kFilters;
  if (schema::facet_by_name(name)) return accepted & kFilters;
  return false;
}

}  // namespace

std::optional<ParamError> parse_search_params(const Params& params, unsigned accepted, const ParamLimits& limits,
                                              const Taxonomy* taxonomy, SearchParams& out) {
  out = SearchParams{};
  out.per_page = limits.default_per_page;
  std::string previous;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& name = it->first;
    const std::string& value = it->second;
    if (auto bad = check_text(name, false)) return ParamError{"", "a parameter name " + *bad};
    if (!accepts(accepted, name)) {
      std::string shown = name.substr(0, 64);
      return ParamError{shown, "unknown parameter '" + shown + "'"};
    }
    const auto facet = schema::facet_by_name(name);
    const bool repeated = name == previous;
    previous = name;
    if (repeated && !facet) return ParamError{name, "given more than once"};
    if (auto bad = check_text(value, name == "q")) return ParamError{name, "the value " + *bad};
    if (value.empty()) continue;

    if (facet) {
      auto& selected = out.facets[static_cast<std::size_t>(*facet)];
      std::string_view rest = value;
      while (true) {
        const auto comma = rest.find(',');
        const std::string_view one = rest.substr(0, comma);
        if (!one.empty()) {
          if (selected.size() >= limits.max_facet_values)
            return ParamError{name, "more than " + std::to_string(limits.max_facet_values) + " values"};
          std::string canonical;
          if (auto err = check_facet_value(*facet, one, taxonomy, canonical)) return err;
          bool dup = false;
          for (const auto& s : selected) dup = dup || s == canonical;
          if (!dup) selected.push_back(std::move(canonical));
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    } else if (name == "q") {
      if (value.size() > limits.max_query_bytes)
        return ParamError{"q", "longer than " + std::to_string(limits.max_query_bytes) + " bytes"};
      out.q = value;
    } else if (name == "sort") {
      if (value == "relevance") out.sort = SortOrder::relevance;
      else if (value == "year") out.sort = SortOrder::year;
      else if (value == "updated") out.sort = SortOrder::updated;
      else return ParamError{"sort", "must be relevance, year or updated, not " + shown(value)};
      out.sort_given = true;
    } else if (name == "page") {
      const auto v = parse_integer(value, 1, 999999999);
      if (!v) return ParamError{"page", "must be a whole number from 1, not " + shown(value)};
      out.page = static_cast<unsigned>(*v);
    } else if (name == "per_page") {
      const auto v = parse_integer(value, 1, limits.max_per_page);
      if (!v)
        return ParamError{"per_page", "must be a whole number from 1 to " + std::to_string(limits.max_per_page) +
                                          ", not " + shown(value)};
      out.per_page = static_cast<unsigned>(*v);
    } else if (name == "year_from" || name == "year_to") {
      const auto v = parse_integer(value, 1, 9999);
      if (!v) return ParamError{name, "must be a year (a whole number from 1 to 9999), not " + shown(value)};
      (name == "year_from" ? out.year_from : out.year_to) = static_cast<int>(*v);
    } else if (name == "hl") {
      if (value != "el" && value != "en") return ParamError{"hl", "must be el or en, not " + shown(value)};
      out.hl = value;
    } else if (name == "facets") {
      if (value == "true" || value == "1") out.want_facets = true;
      else if (value == "false" || value == "0") out.want_facets = false;
      else return ParamError{"facets", "must be true or false, not " + shown(value)};
    }
  }
  if (out.year_from && out.year_to && *out.year_from > *out.year_to)
    return ParamError{"year_to", "is before year_from"};
  if (static_cast<std::uint64_t>(out.page) * out.per_page > limits.result_window)
    return ParamError{"page", "page * per_page may not exceed " + std::to_string(limits.result_window) +
                                  " (the result window)"};
  if (!out.sort_given && out.q.find_first_not_of(" \t\r\n") == std::string::npos) out.sort = SortOrder::updated;
  return std::nullopt;
}

}  // namespace praxis::searchd
