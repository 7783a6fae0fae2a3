#include "web/locale.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace praxis::web {

namespace {

constexpr std::array<std::string_view, 12> kMonthsElGenitive = {
    "Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου",    "Απριλίου",  "Μαΐου",     "Ιουνίου",
    "Ιουλίου",    "Αυγούστου",   "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"};
constexpr std::array<std::string_view, 12> kMonthsElNominative = {
    "Ιανουάριος", "Φεβρουάριος", "Μάρτιος",    "Απρίλιος",  "Μάιος",     "Ιούνιος",
    "Ιούλιος",    "Αύγουστος",   "Σεπτέμβριος", "Οκτώβριος", "Νοέμβριος", "Δεκέμβριος"};
constexpr std::array<std::string_view, 12> kMonthsEn = {"January", "February", "March",     "April",
                                                        "May",     "June",     "July",      "August",
                                                        "September", "October", "November", "December"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// A q-value: "1", "0.8", "0.125" (RFC 9110 allows up to three decimals).
std::optional<double> parse_q(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  double v = 0;
  std::size_t i = 0;
  if (s[0] != '0' && s[0] != '1') return std::nullopt;
  v = s[0] - '0';
  i = 1;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    double scale = 0.1;
    for (++i; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (v > 1.0) return std::nullopt;
  return v;
}

// "1234567" -> "1.234.567" with `sep`.
std::string group_digits(std::string_view digits, char sep) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string_view lang_code(Lang lang) { return lang == Lang::el ? "el" : "en"; }

std::optional<Lang> parse_lang(std::string_view code) {
  if (iequals(code, "el")) return Lang::el;
  if (iequals(code, "en")) return Lang::en;
  return std::nullopt;
}

std::optional<Lang> preferred_language(std::string_view header) {
  constexpr std::size_t kMaxHeader = 4096, kMaxEntries = 64;
  if (header.size() > kMaxHeader) header = header.substr(0, kMaxHeader);
  std::optional<Lang> best;
  double best_q = 0;
  std::size_t entries = 0;
  while (!header.empty() && entries++ < kMaxEntries) {
    const std::size_t comma = header.find(',');
    std::string_view entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);

    const std::size_t semi = entry.find(';');
    std::string_view tag = trim(entry.substr(0, semi));
    double q = 1.0;
    if (semi != std::string_view::npos) {
      std::string_view rest = entry.substr(semi + 1);
      // Parameters: only q matters; a malformed q drops the entry.
      bool ok = true;
      while (!rest.empty()) {
        const std::size_t next = rest.find(';');
        std::string_view param = trim(rest.substr(0, next));
        rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
        if (param.size() >= 2 && lower(param[0]) == 'q' && param[1] == '=') {
          auto parsed = parse_q(trim(param.substr(2)));
          if (!parsed) ok = false;
          else q = *parsed;
        }
      }
      if (!ok) continue;
    }
    const std::string_view primary = tag.substr(0, tag.find('-'));
    const auto lang = parse_lang(primary);
    if (!lang || q <= 0) continue;
    if (!best || q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

Locale choose_locale(std::string_view lang_param, std::string_view accept_language) {
  if (auto lang = parse_lang(lang_param)) return Locale{*lang, true};
  if (auto lang = preferred_language(accept_language)) return Locale{*lang, false};
  return Locale{Lang::el, false};
}

std::string Locale::format_count(std::int64_t n) const {
  const bool negative = n < 0;
  // Digits of |n| without overflow for INT64_MIN.
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(n + 1)) + 1u : static_cast<std::uint64_t>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out = negative ? "-" : "";
  out += group_digits(digits, lang == Lang::el ? '.' : ',');
  return out;
}

std::string Locale::format_decimal(double v) const {
  if (!std::isfinite(v)) return "";
  const bool negative = v < 0;
  const double rounded = std::round(std::fabs(v) * 100.0) / 100.0;
  if (rounded >= 1e15) {  // beyond what a measured result needs: plain notation
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }
  const auto whole = static_cast<std::int64_t>(rounded);
  auto cents = static_cast<int>(std::llround((rounded - static_cast<double>(whole)) * 100.0));
  std::string out = negative && (whole != 0 || cents != 0) ? "-" : "";
  out += group_digits(std::to_string(whole), lang == Lang::el ? '.' : ',');
  if (cents != 0) {
    out += lang == Lang::el ? ',' : '.';
    out += static_cast<char>('0' + cents / 10);
    if (cents % 10 != 0) out += static_cast<char>('0' + cents % 10);
  }
  return out;
}

std::string Locale::format_date(std::string_view iso) const {
  // YYYY, YYYY-MM or YYYY-MM-DD.
  if (iso.size() != 4 && iso.size() != 7 && iso.size() != 10) return std::string(iso);
  const auto year = parse_int(iso.substr(0, 4));
  if (!year || *year < 1000) return std::string(iso);
  if (iso.size() == 4) return std::string(iso);
  if (iso[4] != '-') return std::string(iso);
  const auto month = parse_int(iso.substr(5, 2));
  if (!month || *month < 1 || *month > 12) return std::string(iso);
  const auto m = static_cast<std::size_t>(*month - 1);
  if (iso.size() == 7) {
    std::string out(lang == Lang::el ? kMonthsElNominative[m] : kMonthsEn[m]);
    return out + " " + std::to_string(*year);
  }
  if (iso[7] != '-') return std::string(iso);
  const auto day = parse_int(iso.substr(8, 2));
  if (!day || *day < 1 || *day > 31) return std::string(iso);
  std::string out = std::to_string(*day) + " ";
  out += lang == Lang::el ? kMonthsElGenitive[m] : kMonthsEn[m];
  return out + " " + std::to_string(*year);
}

}  // namespace praxis::web
