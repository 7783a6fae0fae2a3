#include "web/svg_charts.h"

#include <gtest/gtest.h>

#include "markup_check.h"

namespace praxis::web {
namespace {

using praxis::testing::check_markup;

const std::string kEvil = "<script>alert(1)</script>\"'&";

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(SvgCharts, BarChartIsWellFormedAndAccessible) {
  const std::vector<ChartDatum> data = {
      {"Διαφάνεια και Λογοδοσία", 12, "12"}, {"Κοινωνική Οικονομία", 3, "3"}, {"Empty", 0, "0"}};
  const std::string svg = bar_chart_svg(data, "Περιπτώσεις ανά τομέα");
  EXPECT_EQ(check_markup(svg, false), "") << svg;
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Περιπτώσεις ανά τομέα\""), std::string::npos);
  EXPECT_NE(svg.find("<title>Περιπτώσεις ανά τομέα</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc>Διαφάνεια και Λογοδοσία: 12; Κοινωνική Οικονομία: 3; Empty: 0</desc>"), std::string::npos);
  EXPECT_EQ(count(svg, "<rect"), 3u);
  EXPECT_EQ(svg.find("style="), std::string::npos);  // CSP: no inline style
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(SvgCharts, EscapesEveryText) {
  const std::vector<ChartDatum> data = {{kEvil, 1, kEvil}};
  for (const std::string& svg : {bar_chart_svg(data, kEvil), timeline_svg({{"2020", 1, kEvil}}, kEvil)}) {
    EXPECT_EQ(check_markup(svg, false), "") << svg;
    EXPECT_EQ(svg.find("<script>"), std::string::npos) << svg;
    EXPECT_EQ(svg.find(kEvil), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), std::string::npos);
  }
}

TEST(SvgCharts, LongLabelsAreShortenedOnCodePoints) {
  const std::string label = "Ανθρώπινο Δυναμικό, Έρευνα, Παιδεία και Κατάρτιση και ακόμη περισσότερα λόγια";
  const std::string svg = bar_chart_svg({{label, 5, "5"}}, "t", 20);
  EXPECT_EQ(check_markup(svg, false), "");
  EXPECT_NE(svg.find(">Ανθρώπινο Δυναμικό, …</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(label), std::string::npos);  // whole in <desc>
}

TEST(SvgCharts, TimelineFillsGapsAndSkipsNonYears) {
  const std::vector<ChartDatum> data = {{"2015", 2, "2"}, {"2018", 5, "5"}, {"soon", 9, "9"}, {"2016", 1, "1"}};
  const std::string svg = timeline_svg(data, "Ανά έτος");
  EXPECT_EQ(check_markup(svg, false), "") << svg;
  EXPECT_EQ(count(svg, "<rect"), 3u);            // 2017 has no bar
  EXPECT_EQ(count(svg, "class=\"chart-col\""), 4u);  // 2015..2018
  EXPECT_NE(svg.find(">2015</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2018</text>"), std::string::npos);
  EXPECT_EQ(svg.find("soon"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
}

TEST(SvgCharts, TimelineKeepsTheNewestYearsAndHandlesNone) {
  std::vector<ChartDatum> data;
  for (int y = 1900; y <= 2026; ++y) data.push_back({std::to_string(y), 1, "1"});
  const std::string svg = timeline_svg(data, "t", 40);
  EXPECT_EQ(count(svg, "class=\"chart-col\""), 40u);
  EXPECT_EQ(svg.find(">1986</text>"), std::string::npos);
  const std::string empty = timeline_svg({}, "t");
  EXPECT_EQ(check_markup(empty, false), "");
  EXPECT_NE(empty.find("role=\"img\""), std::string::npos);
  EXPECT_EQ(check_markup(bar_chart_svg({}, "t"), false), "");
}

TEST(SvgCharts, XmlEscapeDropsControlCharacters) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\x1f" "c\td", 7)), "abc\td");
  EXPECT_EQ(xml_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

}  // namespace
}  // namespace praxis::web
