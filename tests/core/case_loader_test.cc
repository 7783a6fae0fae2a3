// praxis/case_loader.h: loading one case file and validating it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "praxis/case_loader.h"
#include "praxis/corpus_check.h"
#include "praxis/front_matter.h"
#include "test_support.h"

namespace praxis {
namespace {

using test::as_tuple;
using test::as_tuples;
using test::FindingTuple;

LoadedCase load_fixture(const std::filesystem::path& dir, const std::string& relative) {
  return load_case_file(dir / relative, relative, test::taxonomy());
}

// --- Good fixtures -----------------------------------------------------------

TEST(GoodFixtures, LoadWithoutFindings) {
  for (const auto& id : test::good_fixture_ids()) {
    const auto loaded = load_fixture(test::good_dir(), id + ".md");
    EXPECT_TRUE(loaded.ok()) << id;
    EXPECT_EQ(as_tuples(loaded.findings), std::vector<FindingTuple>{}) << id;
    if (loaded.ok()) {
      EXPECT_EQ(loaded.study->id, id);
    }
  }
}

TEST(GoodFixtures, EveryOptionalField) {
  const auto loaded = load_fixture(test::good_dir(), "sterea-open-data-portal.md");
  ASSERT_TRUE(loaded.ok());
  const CaseStudy& c = *loaded.study;
  EXPECT_EQ(c.id, "sterea-open-data-portal");
  EXPECT_EQ(c.title, "Ανοιχτά δεδομένα της Περιφέρειας Στερεάς Ελλάδας");
  EXPECT_EQ(c.lang, "el");
  EXPECT_EQ(c.translations, (std::map<std::string, std::string>{{"en", "sterea-open-data-portal-en"}}));
  EXPECT_EQ(c.summary.rfind("Η Περιφέρεια δημοσιεύει", 0), 0u);
  EXPECT_EQ(c.sector, (std::vector<std::string>{"transparency-accountability", "public-administration-egov"}));
  EXPECT_EQ(c.region, "GR-H");
  EXPECT_EQ(c.country(), "GR");
  EXPECT_EQ(c.level, "regional");
  EXPECT_EQ(c.outcome, (std::vector<std::string>{"transparency", "cost-savings"}));
  ASSERT_EQ(c.results.size(), 2u);
  EXPECT_EQ(c.results[0].metric, "σύνολα δεδομένων σε δημοσίευση");
  EXPECT_EQ(c.results[0].value, 420.0);
  EXPECT_EQ(c.results[0].unit, "σύνολα");
  EXPECT_EQ(c.results[0].year, 2023);
  EXPECT_EQ(c.results[1].metric, "αιτήματα πρόσβασης σε έγγραφα");
  EXPECT_EQ(c.results[1].value, -35.5);
  EXPECT_EQ(c.results[1].unit, "%");
  EXPECT_EQ(c.results[1].year, 2024);
  EXPECT_EQ(c.status, "ongoing");
  EXPECT_EQ(c.year, 2017);
  EXPECT_EQ(c.period.start, 2017);
  EXPECT_EQ(c.period.end, std::nullopt);
  EXPECT_EQ(c.effective_year(), 2017);
  EXPECT_EQ(c.organisations,
            (std::vector<std::string>{"Περιφέρεια Στερεάς Ελλάδας", "Διεύθυνση Ψηφιακής Διακυβέρνησης"}));
  EXPECT_EQ(c.tags, (std::vector<std::string>{"ανοιχτά δεδομένα", "CKAN", "open data"}));
  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[0].title, "Πύλη ανοιχτών δεδομένων");
  EXPECT_EQ(c.sources[0].url, "https://data.pste.gov.gr/");
  EXPECT_EQ(c.sources[1].url, "https://www.pste.gov.gr/reports/2023.pdf?lang=el#p4");
  EXPECT_EQ(c.transferability, "Χρειάζεται έναν υπεύθυνο δεδομένων ανά διεύθυνση και φιλοξενία για το CKAN.");
  EXPECT_EQ(c.evidence, "evaluated");
  EXPECT_EQ(c.funding, (std::vector<std::string>{"ΕΣΠΑ 2014-2020", "Ίδιοι πόροι"}));
  EXPECT_EQ(c.verified, "2026-09-15");
  EXPECT_FALSE(c.draft);
  EXPECT_EQ(c.updated, "2026-10-01");
  EXPECT_EQ(c.body_line, 33);
  EXPECT_EQ(c.body.rfind("## Πρόβλημα\n", 0), 0u);
  EXPECT_EQ(c.path, "sterea-open-data-portal.md");
}

TEST(GoodFixtures, Minimal) {
  const auto loaded = load_fixture(test::good_dir(), "tartu-participatory-budget.md");
  ASSERT_TRUE(loaded.ok());
  const CaseStudy& c = *loaded.study;
  EXPECT_EQ(c.region, "EE");
  EXPECT_EQ(c.country(), "EE");
  EXPECT_EQ(c.year, 2013);
  EXPECT_EQ(c.effective_year(), 2013);
  EXPECT_TRUE(c.level.empty());
  EXPECT_TRUE(c.results.empty());
  EXPECT_TRUE(c.translations.empty());
  EXPECT_EQ(c.body_line, 12);
}

TEST(GoodFixtures, ByteOrderMarkAndCrlf) {
  const auto file = test::good_dir() / "heraklion-citizen-requests.md";
  const std::string bytes = test::read_bytes(file);
  // Guard against a checkout that rewrote the fixture's bytes (git autocrlf).
  ASSERT_EQ(bytes.substr(0, 8), "\xEF\xBB\xBF---\r\n");
  ASSERT_EQ(std::count(bytes.begin(), bytes.end(), '\r'), std::count(bytes.begin(), bytes.end(), '\n'));

  const auto loaded = load_case_file(file, "heraklion-citizen-requests.md", test::taxonomy());
  ASSERT_TRUE(loaded.ok());
  const CaseStudy& c = *loaded.study;
  EXPECT_EQ(c.id, "heraklion-citizen-requests");  // no BOM glued to the first field
  EXPECT_EQ(c.region, "GR-M");
  EXPECT_EQ(c.year, std::nullopt);
  EXPECT_EQ(c.period.start, 2019);
  EXPECT_EQ(c.period.end, 2024);
  EXPECT_EQ(c.effective_year(), 2019);
  EXPECT_EQ(c.updated, "2026-03-02");  // no '\r' left on values
  EXPECT_EQ(c.body_line, 19);
  EXPECT_EQ(c.body.find('\r'), std::string::npos);
  EXPECT_EQ(c.body.rfind("## Πρόβλημα\n\n", 0), 0u);
}

TEST(GoodFixtures, OptionalPeriodOnlyTranslation) {
  const auto loaded = load_fixture(test::good_dir(), "sterea-open-data-portal-en.md");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.study->year, std::nullopt);
  EXPECT_EQ(loaded.study->effective_year(), 2017);
  EXPECT_EQ(loaded.study->translations.at("el"), "sterea-open-data-portal");
  ASSERT_EQ(loaded.study->results.size(), 1u);
  EXPECT_EQ(loaded.study->results[0].unit, "");
}

// --- Bad fixtures: one file per failure mode ----------------------------------

class BadFixture : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BadFixture, ExactFinding) {
  const Finding expected = test::expected_bad_findings().at(GetParam());
  const auto loaded = load_fixture(test::bad_dir(), expected.path);
  if (expected.path.rfind("duplicate-id/", 0) == 0) {
    // Valid on its own: only the folder as a whole shows the duplicate.
    EXPECT_TRUE(loaded.ok());
    EXPECT_TRUE(loaded.findings.empty());
    return;
  }
  ASSERT_EQ(loaded.findings.size(), 1u) << testing::PrintToString(as_tuples(loaded.findings));
  EXPECT_EQ(as_tuple(loaded.findings[0]), as_tuple(expected));
  EXPECT_EQ(loaded.ok(), expected.severity == Severity::warning);
}

// The test's name is the fixture's: Files/BadFixture.ExactFinding/non_iso_date.
std::string fixture_name(const ::testing::TestParamInfo<std::size_t>& info) {
  std::string name = test::expected_bad_findings().at(info.param).path;
  name.resize(name.size() - 3);  // ".md"
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, BadFixture, ::testing::Range<std::size_t>(0, test::expected_bad_findings().size()),
                         fixture_name);

TEST(BadFixtures, TheFolderReportsExactlyTheseFindings) {
  const auto files = list_case_files(test::bad_dir());
  EXPECT_EQ(files.size(), test::kBadFixtureFiles);
  const auto report = check_corpus(files, test::taxonomy());
  EXPECT_EQ(report.files, test::kBadFixtureFiles);
  EXPECT_EQ(as_tuples(report.findings), as_tuples(test::expected_bad_findings()));
  std::vector<std::string> valid;
  for (const auto& c : report.cases) valid.push_back(c.path);
  EXPECT_EQ(valid, (std::vector<std::string>{"duplicate-id/a/shared-practice.md", "unknown-field.md"}));
}

TEST(BadFixtures, OverOneMebibyte) {
  test::TempDir dir;
  const auto file = dir / "too-big.md";
  test::write_bytes(file, test::oversized_case_bytes(kMaxCaseFileBytes + 1));
  const auto loaded = load_case_file(file, "too-big.md", test::taxonomy());
  EXPECT_FALSE(loaded.ok());
  EXPECT_EQ(as_tuples(loaded.findings),
            (std::vector<FindingTuple>{
                {"too-big.md", 0, 0, "error", "", "file is 1048577 bytes; the limit is 1 MiB (1048576 bytes)"}}));

  // The same limit when the bytes are already in memory.
  const auto in_memory = load_case("too-big.md", test::oversized_case_bytes(kMaxCaseFileBytes + 1), test::taxonomy());
  EXPECT_EQ(as_tuples(in_memory.findings), as_tuples(loaded.findings));
}

TEST(BadFixtures, ExactlyOneMebibyteIsAllowed) {
  test::TempDir dir;
  const auto file = dir / "too-big.md";
  test::write_bytes(file, test::oversized_case_bytes(kMaxCaseFileBytes));
  const auto loaded = load_case_file(file, "too-big.md", test::taxonomy());
  EXPECT_TRUE(loaded.ok()) << testing::PrintToString(as_tuples(loaded.findings));
}

TEST(LoadCaseFile, MissingFile) {
  test::TempDir dir;
  const auto loaded = load_case_file(dir / "absent.md", "absent.md", test::taxonomy());
  EXPECT_FALSE(loaded.ok());
  ASSERT_EQ(loaded.findings.size(), 1u);
  EXPECT_EQ(loaded.findings[0].path, "absent.md");
  EXPECT_EQ(loaded.findings[0].message.rfind("cannot read file: ", 0), 0u) << loaded.findings[0].message;
}

// --- More failure modes, in memory --------------------------------------------

// A valid case; each table row replaces or adds front-matter lines.
//  1 ---                         7 region: EE
//  2 id: probe                   8 outcome: [participation]
//  3 title: Probe                9 year: 2020
//  4 lang: en                   10 updated: 2026-01-01
//  5 summary: A probe case.     11 (added lines go here)
//  6 sector: [social-economy]   .. ---, then the body
std::string probe_case(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::vector<std::string> lines = {"id: probe", "title: Probe", "lang: en", "summary: A probe case.",
                                    "sector: [social-economy]", "region: EE", "outcome: [participation]",
                                    "year: 2020", "updated: 2026-01-01"};
  for (const auto& edit : edits) {
    const std::string& key = edit.first;  // a named variable: clang 14 cannot capture a structured binding
    const std::string& replacement = edit.second;
    auto it = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(key + ":", 0) == 0; });
    if (key.empty() || it == lines.end()) lines.push_back(replacement);
    else if (replacement.empty()) lines.erase(it);
    else *it = replacement;
  }
  std::string text = "---\n";
  for (const auto& l : lines) text += l + "\n";
  return text + "---\n## Problem\n\nText.\n";
}

struct ProbeCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> edits;  // key -> line ("" removes; unknown key appends)
  std::vector<FindingTuple> findings;
};

TEST(LoadCase, FailureModesInMemory) {
  const ProbeCase cases[] = {
      {"valid", {}, {}},
      {"year as text", {{"year", "year: twenty-twenty"}},
       {{"probe.md", 9, 7, "error", "year", "wrong type: 'year' must be a whole number, got 'twenty-twenty'"}}},
      {"year out of range", {{"year", "year: 20"}},
       {{"probe.md", 9, 7, "error", "year", "'year' must be a year between 1900 and 2100, got '20'"}}},
      {"year as a decimal", {{"year", "year: 2020.5"}},
       {{"probe.md", 9, 7, "error", "year", "wrong type: 'year' must be a whole number, got '2020.5'"}}},
      {"title as a list", {{"title", "title: [a, b]"}},
       {{"probe.md", 3, 8, "error", "title", "wrong type: 'title' must be text, not a list"}}},
      {"blank title", {{"title", "title: '  '"}}, {{"probe.md", 3, 8, "error", "title", "'title' is empty"}}},
      {"sector as text", {{"sector", "sector: social-economy"}},
       {{"probe.md", 6, 9, "error", "sector", "wrong type: 'sector' must be a list, e.g. [social-economy]"}}},
      {"empty sector list", {{"sector", "sector: []"}},
       {{"probe.md", 1, 1, "error", "sector", "'sector' needs at least one sector"}}},
      {"empty outcome list", {{"outcome", "outcome: []"}},
       {{"probe.md", 1, 1, "error", "outcome", "'outcome' needs at least one outcome"}}},
      {"unknown outcome, no near miss", {{"outcome", "outcome: [happiness]"}},
       {{"probe.md", 8, 11, "error", "outcome[0]",
         "unknown outcome 'happiness' in 'outcome[0]' (known: cost-savings, service-quality, participation, "
         "transparency, social-inclusion, environmental, economic-growth, capacity-building)"}}},
      {"unknown language", {{"lang", "lang: gr"}},
       {{"probe.md", 4, 7, "error", "lang", "unknown language 'gr' in 'lang' (known: el, en)"}}},
      {"level near miss", {{"", "level: regionl"}},
       {{"probe.md", 11, 8, "error", "level", "unknown level 'regionl' in 'level'; did you mean 'regional'?"}}},
      {"unknown status", {{"", "status: finished"}},
       {{"probe.md", 11, 9, "error", "status",
         "unknown status 'finished' in 'status' (known: pilot, ongoing, completed, scaled)"}}},
      {"evidence near miss", {{"", "evidence: audit"}},
       {{"probe.md", 11, 11, "error", "evidence", "unknown evidence 'audit' in 'evidence'; did you mean 'audited'?"}}},
      {"lowercase region", {{"region", "region: gr-h"}},
       {{"probe.md", 7, 9, "error", "region",
         "unknown region code 'gr-h': use an ISO 3166-1 country (EE) or ISO 3166-2 region code (GR-H); did you "
         "mean 'GR-H'?"}}},
      {"id not a slug", {{"id", "id: Probe_Case"}},
       {{"probe.md", 2, 5, "error", "id", "id 'Probe_Case' must be lowercase letters and digits joined by '-'"}}},
      {"verified not a date", {{"", "verified: 2026-02-30"}},
       {{"probe.md", 11, 11, "error", "verified", "'verified' must be an ISO date YYYY-MM-DD, got '2026-02-30'"}}},
      {"draft not a boolean", {{"", "draft: maybe"}},
       {{"probe.md", 11, 8, "error", "draft", "wrong type: 'draft' must be true or false, got 'maybe'"}}},
      {"period end before start", {{"year", ""}, {"", "period: { start: 2020, end: 2018 }"}},
       {{"probe.md", 10, 9, "error", "period", "'period.end' (2018) is before 'period.start' (2020)"}}},
      {"period as a list", {{"year", ""}, {"", "period: [2020, 2021]"}},
       {{"probe.md", 10, 9, "error", "period", "wrong type: 'period' must be a map { start, end }"}}},
      {"period with an unknown key", {{"", "period: { start: 2020, until: 2021 }"}},
       {{"probe.md", 11, 24, "warning", "period.until", "unknown field 'until' in 'period' (known: start, end)"}}},
      {"period without start", {{"year", ""}, {"", "period: { end: 2021 }"}},
       {{"probe.md", 1, 1, "error", "period.start", "give 'year' or 'period.start'"}}},
      {"neither year nor period", {{"year", ""}},
       {{"probe.md", 1, 1, "error", "year", "missing required field 'year' (or 'period.start')"}}},
      {"results not a list", {{"", "results: 420 datasets"}},
       {{"probe.md", 11, 10, "error", "results",
         "wrong type: 'results' must be a list of { metric, value, unit, year }"}}},
      {"result without metric", {{"", "results: [ { value: 3 } ]"}},
       {{"probe.md", 11, 12, "error", "results[0].metric", "a result needs a 'metric'"}}},
      {"result value as text", {{"", "results: [ { metric: m, value: many } ]"}},
       {{"probe.md", 11, 32, "error", "results[0].value", "wrong type: 'results[0].value' must be a number, got 'many'"}}},
      {"result with an unknown key", {{"", "results: [ { metric: m, when: 2020 } ]"}},
       {{"probe.md", 11, 25, "warning", "results[0].when",
         "unknown field 'when' in a result (known: metric, value, unit, year)"}}},
      {"source without url", {{"", "sources: [ { title: Report } ]"}},
       {{"probe.md", 11, 12, "error", "sources[0].url", "a source needs a 'url'"}}},
      {"source as text", {{"", "sources: [ https://example.org/ ]"}},
       {{"probe.md", 11, 12, "error", "sources[0]", "wrong type: each source must be a map { title, url }"}}},
      {"translation into its own language", {{"", "translations: { en: probe-el }"}},
       {{"probe.md", 11, 15, "error", "translations.en", "a case cannot be its own translation in 'en'"}}},
      {"translation not a case id", {{"", "translations: { el: Probe EL }"}},
       {{"probe.md", 11, 21, "error", "translations.el",
         "'Probe EL' is not a case id (lowercase letters, digits and '-')"}}},
      {"translation into an unknown language", {{"", "translations: { fr: probe-fr }"}},
       {{"probe.md", 11, 17, "error", "translations.fr",
         "unknown language 'fr' in 'translations.fr' (known: el, en)"}}},
      {"tags as text", {{"", "tags: open data"}},
       {{"probe.md", 11, 7, "error", "tags", "wrong type: 'tags' must be a list, e.g. [open data]"}}},
      {"empty tag", {{"", "tags: [a, '']"}}, {{"probe.md", 11, 11, "error", "tags[1]", "'tags[1]' is empty"}}},
      {"duplicate field", {{"", "title: Again"}},
       {{"probe.md", 11, 1, "error", "title", "duplicate field 'title'"}}},
      {"front matter is a list", {{"id", "- a"}, {"title", ""}, {"lang", ""}, {"summary", ""}, {"sector", ""},
                                  {"region", ""}, {"outcome", ""}, {"year", ""}, {"updated", ""}},
       {{"probe.md", 1, 1, "error", "", "front matter must be a map of 'field: value' lines"}}},
  };
  for (const auto& c : cases) {
    const auto loaded = load_case("probe.md", probe_case(c.edits), test::taxonomy());
    EXPECT_EQ(as_tuples(loaded.findings), c.findings) << c.name << "\n" << probe_case(c.edits);
    EXPECT_EQ(loaded.ok(), !has_errors(loaded.findings)) << c.name;
  }
}

TEST(LoadCase, EmptyFrontMatter) {
  const auto loaded = load_case("probe.md", "---\n---\nbody\n", test::taxonomy());
  EXPECT_EQ(as_tuples(loaded.findings),
            (std::vector<FindingTuple>{
                {"probe.md", 1, 1, "error", "", "empty front matter: the required fields are missing"}}));
}

TEST(LoadCase, EveryMissingRequiredFieldIsNamed) {
  const auto loaded = load_case("probe.md", "---\nnote: only this\n---\nbody\n", test::taxonomy());
  std::vector<std::string> fields;
  for (const auto& f : loaded.findings)
    if (f.severity == Severity::error) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"id", "title", "lang", "summary", "sector", "region", "outcome",
                                              "updated", "year"}));
}

TEST(LoadCase, YamlErrorLinesCountFromTheFileStartWithBomAndCrlf) {
  const std::string text = "\xEF\xBB\xBF---\r\nid: probe\r\ntitle: Open data: a portal\r\n---\r\nbody\r\n";
  const auto loaded = load_case("probe.md", text, test::taxonomy());
  EXPECT_EQ(as_tuples(loaded.findings),
            (std::vector<FindingTuple>{{"probe.md", 3, 17, "error", "", "invalid YAML: illegal map value"}}));
}

TEST(LoadCase, DotsTerminator) {
  std::string text = probe_case({});
  text.replace(text.find("---\n## Problem"), 3, "...");
  const auto loaded = load_case("probe.md", text, test::taxonomy());
  ASSERT_TRUE(loaded.ok()) << testing::PrintToString(as_tuples(loaded.findings));
  EXPECT_EQ(loaded.study->body_line, 12);
  EXPECT_EQ(loaded.study->body, "## Problem\n\nText.\n");
}

TEST(LoadCase, BooleansAndDuplicatesInLists) {
  const auto loaded = load_case(
      "probe.md", probe_case({{"sector", "sector: [social-economy, social-economy]"}, {"", "draft: true"}}),
      test::taxonomy());
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded.study->draft);
  EXPECT_EQ(loaded.study->sector, std::vector<std::string>{"social-economy"});
}

TEST(LoadCase, InvalidUtf8PositionInACrlfFile) {
  const auto loaded = load_case("probe.md", "---\r\nid: probe\r\ntitle: ok \xC0\xAF\r\n---\r\nbody\r\n", test::taxonomy());
  EXPECT_EQ(as_tuples(loaded.findings),
            (std::vector<FindingTuple>{
                {"probe.md", 3, 11, "error", "", "invalid UTF-8 (byte offset 26): save the file as UTF-8"}}));
}

TEST(KnownFields, AreTheFormatsFields) {
  std::vector<std::string> fields(known_fields().begin(), known_fields().end());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"draft", "evidence", "funding", "id", "lang", "level", "organisations",
                                              "outcome", "period", "region", "results", "sector", "sources", "status",
                                              "summary", "tags", "title", "transferability", "translations",
                                              "updated", "verified", "year"}));
}

// --- Regressions: each of these failed when written ---------------------------

// `title:` with no value was accepted: the field was "seen", so not reported
// as missing, and the null value was not reported either; the case loaded with
// an empty title (or an empty id, region, updated date …).
TEST(CaseLoaderRegression, NullRequiredFieldIsAnError) {
  for (const char* field : {"id", "title", "lang", "summary", "region", "updated"}) {
    const auto loaded = load_case("probe.md", probe_case({{field, std::string(field) + ":"}}), test::taxonomy());
    EXPECT_FALSE(loaded.ok()) << field;
    const bool named = std::any_of(loaded.findings.begin(), loaded.findings.end(), [&](const Finding& f) {
      return f.severity == Severity::error && f.field == field && f.line > 1;
    });
    EXPECT_TRUE(named) << field << ": " << testing::PrintToString(as_tuples(loaded.findings));
  }
}

// A list item that is skipped (empty, or not text) shifted the index of every
// later item: the next item's finding named the wrong item and column.
TEST(CaseLoaderRegression, ListItemFindingsNameTheirOwnItem) {
  const auto loaded =
      load_case("probe.md", probe_case({{"sector", "sector: ['', transparency-acountability]"}}), test::taxonomy());
  EXPECT_EQ(as_tuples(loaded.findings),
            (std::vector<FindingTuple>{
                {"probe.md", 6, 10, "error", "sector[0]", "'sector[0]' is empty"},
                {"probe.md", 6, 14, "error", "sector[1]",
                 "unknown sector 'transparency-acountability' in 'sector[1]'; did you mean "
                 "'transparency-accountability'?"}}));
}

// A value with a line break (a quoted "\n", or a block scalar) was copied into
// the message as is, so `check` printed one finding over two lines.
TEST(CaseLoaderRegression, OneLinePerFindingEvenWhenAValueHasLineBreaks) {
  const std::string texts[] = {
      probe_case({{"region", "region: \"GR\\nH\""}}),
      probe_case({{"sector", "sector: |\n  social-economy"}}),
      probe_case({{"updated", "updated: \"2026-01-01\\n\""}}),
  };
  for (const auto& text : texts) {
    const auto loaded = load_case("probe.md", text, test::taxonomy());
    ASSERT_TRUE(has_errors(loaded.findings)) << text;
    for (const auto& f : loaded.findings) {
      const std::string line = format_finding(f);
      EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace praxis
