// Server-drawn charts for the home page: plain SVG text, no script, no
// inline style (colours are presentation attributes, which the
// Content-Security-Policy allows, and CSS classes). Each chart is an image
// for assistive technology: role="img", an aria-label and a <title>, with
// the numbers in a <desc>. Every text is XML-escaped, so the output is safe
// to put in a page with {{{…}}}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace praxis::web {

struct ChartDatum {
  std::string label;       // "Διαφάνεια και Λογοδοσία", "2017"
  std::uint64_t value = 0;
  std::string value_text;  // the value as the page's language writes it ("1.234")
};

// Horizontal bars, one row per datum in the order given: the label above
// its bar, the value after it. Labels longer than `max_label_chars`
// characters are shortened with "…" (the <desc> keeps them whole).
std::string bar_chart_svg(const std::vector<ChartDatum>& data, std::string_view title,
                          std::size_t max_label_chars = 46);

// Columns per year, oldest to newest, with the gaps between years drawn as
// empty columns. `data` labels must be years ("2017"); others are skipped.
// At most the newest `max_years` years are drawn.
std::string timeline_svg(const std::vector<ChartDatum>& data, std::string_view title, int max_years = 40);

// XML text and attribute escaping (& < > " ').
std::string xml_escape(std::string_view s);

}  // namespace praxis::web
