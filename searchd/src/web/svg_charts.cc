#include "web/svg_charts.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>

namespace praxis::web {

namespace {

constexpr int kWidth = 360;             // viewBox width; the page scales the chart
constexpr const char* kBarFill = "#1d5fa8";
constexpr const char* kTextFill = "#1a1a1a";

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// At most `max_chars` code points of `s` (valid UTF-8 assumed; a broken
// sequence is cut at a lead byte), with "…" when shortened.
std::string shorten(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(s.substr(0, i)) + "…";
      ++chars;
    }
  }
  return std::string(s);
}

std::string open_svg(std::string_view title, int height, std::string_view css_class) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ";
  out += css_class;
  out += "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"";
  out += xml_escape(title);
  out += "\" focusable=\"false\"><title>";
  out += xml_escape(title);
  out += "</title>";
  return out;
}

std::string describe(const std::vector<ChartDatum>& data) {
  std::string desc = "<desc>";
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (i) desc += "; ";
    desc += xml_escape(data[i].label) + ": " + xml_escape(data[i].value_text);
  }
  desc += "</desc>";
  return desc;
}

std::optional<int> year_of(std::string_view s) {
  int y = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), y);
  if (ec != std::errc() || p != s.data() + s.size() || y < 1000 || y > 9999) return std::nullopt;
  return y;
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0: drop them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string bar_chart_svg(const std::vector<ChartDatum>& data, std::string_view title, std::size_t max_label_chars) {
  constexpr int kRow = 38, kBarHeight = 12, kLabelY = 14, kBarY = 20, kValueRoom = 48;
  const int height = std::max(kRow, static_cast<int>(data.size()) * kRow);
  std::uint64_t max = 1;
  for (const auto& d : data) max = std::max(max, d.value);

  std::string out = open_svg(title, height, "chart-bars");
  out += describe(data);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& d = data[i];
    const int top = static_cast<int>(i) * kRow;
    const double len = d.value == 0 ? 0.0
                                     : std::max(2.0, static_cast<double>(kWidth - kValueRoom) *
                                                         static_cast<double>(d.value) / static_cast<double>(max));
    out += "<g class=\"chart-row\">";
    out += "<text class=\"chart-label\" x=\"0\" y=\"" + std::to_string(top + kLabelY) + "\" fill=\"" + kTextFill +
           "\" font-size=\"13\">" + xml_escape(shorten(d.label, max_label_chars)) + "</text>";
    out += "<rect class=\"chart-bar\" x=\"0\" y=\"" + std::to_string(top + kBarY) + "\" width=\"" + num(len) +
           "\" height=\"" + std::to_string(kBarHeight) + "\" fill=\"" + kBarFill + "\"/>";
    out += "<text class=\"chart-value\" x=\"" + num(len + 6) + "\" y=\"" + std::to_string(top + kBarY + 10) +
           "\" fill=\"" + kTextFill + "\" font-size=\"13\">" + xml_escape(d.value_text) + "</text>";
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

std::string timeline_svg(const std::vector<ChartDatum>& data, std::string_view title, int max_years) {
  constexpr int kHeight = 150, kTop = 16, kAxisY = 126, kLeft = 4, kRight = 4;
  std::map<int, const ChartDatum*> by_year;
  std::vector<ChartDatum> kept;
  for (const auto& d : data)
    if (auto y = year_of(d.label)) by_year[*y] = &d;

  std::string out;
  if (by_year.empty()) {
    out = open_svg(title, 40, "chart-timeline");
    out += "<desc></desc></svg>";
    return out;
  }
  const int last = by_year.rbegin()->first;
  const int first = std::max(by_year.begin()->first, last - std::max(1, max_years) + 1);
  const int n = last - first + 1;
  std::uint64_t max = 1;
  for (const auto& [y, d] : by_year)
    if (y >= first) {
      max = std::max(max, d->value);
      kept.push_back(*d);
    }

  out = open_svg(title, kHeight, "chart-timeline");
  out += describe(kept);
  const double slot = static_cast<double>(kWidth - kLeft - kRight) / n;
  const double bar = std::max(1.0, slot * 0.7);
  // Label every k-th year so that labels ("2017" is about 26 units wide) never overlap.
  const int every = std::max(1, static_cast<int>(30.0 / slot) + 1);
  out += "<line class=\"chart-axis\" x1=\"0\" x2=\"" + std::to_string(kWidth) + "\" y1=\"" + std::to_string(kAxisY) +
         "\" y2=\"" + std::to_string(kAxisY) + "\" stroke=\"" + kTextFill + "\" stroke-width=\"1\"/>";
  for (int y = first; y <= last; ++y) {
    const int i = y - first;
    const double x = kLeft + slot * i + (slot - bar) / 2;
    const auto it = by_year.find(y);
    const std::uint64_t v = it == by_year.end() ? 0 : it->second->value;
    const double h = v == 0 ? 0.0
                            : std::max(2.0, static_cast<double>(kAxisY - kTop) * static_cast<double>(v) /
                                                static_cast<double>(max));
    out += "<g class=\"chart-col\">";
    if (v > 0) {
      out += "<rect class=\"chart-bar\" x=\"" + num(x) + "\" y=\"" + num(kAxisY - h) + "\" width=\"" + num(bar) +
             "\" height=\"" + num(h) + "\" fill=\"" + kBarFill + "\"/>";
      if (slot >= 16)
        out += "<text class=\"chart-value\" x=\"" + num(x + bar / 2) + "\" y=\"" + num(kAxisY - h - 4) +
               "\" text-anchor=\"middle\" fill=\"" + kTextFill + "\" font-size=\"11\">" +
               xml_escape(it->second->value_text) + "</text>";
    }
    if ((last - y) % every == 0)
      out += "<text class=\"chart-label\" x=\"" + num(x + bar / 2) + "\" y=\"" + std::to_string(kAxisY + 16) +
             "\" text-anchor=\"middle\" fill=\"" + kTextFill + "\" font-size=\"11\">" + std::to_string(y) + "</text>";
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

}  // namespace praxis::web
