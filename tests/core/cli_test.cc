// `praxis-indexer check`, run as a program: output lines, JSON and exit codes.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace praxis {
namespace {

namespace fs = std::filesystem;

struct ProgramRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs praxis-indexer with `args` (already quoted) from the source folder.
ProgramRun run_indexer(const std::string& args) {
  test::TempDir dir;
  const auto err_file = dir / "stderr.txt";
  const std::string command = "cd " + shell_quote(test::source_dir().string()) + " && " +
                              shell_quote(PRAXIS_INDEXER_BIN) + " " + args + " 2>" +
                              shell_quote(err_file.string());
  ProgramRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "popen failed: " << command;
    return run;
  }
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.err = test::read_bytes(err_file);
  return run;
}

std::multiset<std::string> lines_of(const std::string& text) {
  std::multiset<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out.insert(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

const std::string kTaxonomy = "--taxonomy content/taxonomy.yaml";

TEST(CheckCommand, BadFixturesOneLinePerBadFile) {
  const ProgramRun run = run_indexer("check --content tests/fixtures/bad " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  std::multiset<std::string> expected;
  for (const auto& f : test::expected_bad_findings("tests/fixtures/bad/")) expected.insert(format_finding(f));
  EXPECT_EQ(lines_of(run.out), expected) << run.out;
  EXPECT_EQ(run.err, "checked 15 files: 2 valid, 13 errors, 1 warnings\n");
}

TEST(CheckCommand, BadFixturesExactText) {
  // The lines as an editor sees them, spelled out once.
  const ProgramRun run = run_indexer("check --content tests/fixtures/bad --quiet " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "");
  const std::multiset<std::string> expected = {
      "tests/fixtures/bad/duplicate-id/b/shared-practice.md: error: duplicate id 'shared-practice': also used by "
      "tests/fixtures/bad/duplicate-id/a/shared-practice.md",
      "tests/fixtures/bad/empty-body.md:12:1: error: empty body: write the case (Problem, Solution, Results, "
      "Lessons) below the front matter",
      "tests/fixtures/bad/id-mismatch.md:3:5: error: id 'id-mismatched' does not match the file name: rename the "
      "file to 'id-mismatched.md' or set id: id-mismatch",
      "tests/fixtures/bad/invalid-utf8.md:3:8: error: invalid UTF-8 (byte offset 28): save the file as UTF-8",
      "tests/fixtures/bad/invalid-yaml.md:4:17: error: invalid YAML: illegal map value",
      "tests/fixtures/bad/malformed-url.md:12:10: error: malformed URL 'www.pste.gov.gr/report.pdf': expected "
      "http:// or https:// and a host name",
      "tests/fixtures/bad/missing-front-matter.md:1:1: error: missing front matter: the file must start with a "
      "line '---'",
      "tests/fixtures/bad/missing-required-field.md:1:1: error: missing required field 'summary'",
      "tests/fixtures/bad/non-iso-date.md:10:10: error: 'updated' must be an ISO date YYYY-MM-DD, got '01/10/2026'",
      "tests/fixtures/bad/sector-near-miss.md:6:38: error: unknown sector 'transparency-acountability' in "
      "'sector[1]'; did you mean 'transparency-accountability'?",
      "tests/fixtures/bad/unknown-field.md:10:1: warning: unknown field 'organizations' (ignored); did you mean "
      "'organisations'?",
      "tests/fixtures/bad/unknown-region.md:7:9: error: unknown region code 'GR-Q': use an ISO 3166-1 country (EE) "
      "or ISO 3166-2 region code (GR-H)",
      "tests/fixtures/bad/unterminated-front-matter.md:1:1: error: unterminated front matter: no closing line '---' "
      "after the opening one",
      "tests/fixtures/bad/wrong-type.md:7:3: error: wrong type: 'sector' must be a list, e.g. […]",
  };
  EXPECT_EQ(lines_of(run.out), expected);
}

TEST(CheckCommand, GoodFixturesExitZero) {
  const ProgramRun run = run_indexer("check --content tests/fixtures/good " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "checked 4 files: 4 valid, 0 errors, 0 warnings\n");
}

TEST(CheckCommand, WarningsAloneExitZero) {
  test::TempDir dir;
  fs::copy_file(test::bad_dir() / "unknown-field.md", dir / "unknown-field.md");
  const ProgramRun run = run_indexer("check --content " + shell_quote(dir.path().string()) + " " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("unknown-field.md:10:1: warning: unknown field 'organizations'"), std::string::npos)
      << run.out;
}

TEST(CheckCommand, OversizedFileInATempFolder) {
  test::TempDir dir;
  test::write_bytes(dir / "too-big.md", test::oversized_case_bytes(2 * 1024 * 1024));
  fs::copy_file(test::good_dir() / "tartu-participatory-budget.md", dir / "tartu-participatory-budget.md");
  std::string prefix = dir.path().generic_string() + "/";
  const ProgramRun run = run_indexer("check --content " + shell_quote(dir.path().string()) + " " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, prefix + "too-big.md: error: file is 2097152 bytes; the limit is 1 MiB (1048576 bytes)\n");
  EXPECT_EQ(run.err, "checked 2 files: 1 valid, 1 errors, 0 warnings\n");
}

TEST(CheckCommand, JsonHasTheSameFindings) {
  const ProgramRun run = run_indexer("check --content tests/fixtures/bad --format json " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 1);
  const auto json = nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  EXPECT_EQ(json.at("files"), test::kBadFixtureFiles);
  EXPECT_EQ(json.at("valid"), test::kBadFixturesValid);
  EXPECT_EQ(json.at("errors"), 13);
  EXPECT_EQ(json.at("warnings"), 1);
  std::vector<test::FindingTuple> findings;
  for (const auto& f : json.at("findings")) {
    ASSERT_EQ(f.size(), 6u) << f.dump();
    findings.emplace_back(f.at("path"), f.at("line"), f.at("column"), f.at("severity"), f.at("field"),
                          f.at("message"));
  }
  EXPECT_EQ(findings, test::as_tuples(test::expected_bad_findings("tests/fixtures/bad/")));
}

TEST(CheckCommand, JsonForAGoodFolder) {
  const ProgramRun run = run_indexer("check --content tests/fixtures/good --format json " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 0);
  const auto json = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << run.out;
  EXPECT_EQ(json, nlohmann::json::parse(R"({"files":4,"valid":4,"errors":0,"warnings":0,"findings":[]})"));
}

TEST(CheckCommand, SeveralContentFolders) {
  const ProgramRun run = run_indexer("check --content tests/fixtures/good --content tests/fixtures/bad " + kTaxonomy);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(lines_of(run.out).size(), test::expected_bad_findings().size());
  EXPECT_EQ(run.err, "checked 19 files: 6 valid, 13 errors, 1 warnings\n");
}

TEST(CheckCommand, UsageErrorsExitTwo) {
  const struct {
    const char* name;
    std::string args;
  } cases[] = {
      {"no subcommand", ""},
      {"unknown subcommand", "lint"},
      {"no --content", "check " + kTaxonomy},
      {"--content is not a folder", "check --content tests/fixtures/absent " + kTaxonomy},
      {"unknown --format", "check --content tests/fixtures/good --format xml " + kTaxonomy},
      {"unknown option", "check --content tests/fixtures/good --colour " + kTaxonomy},
      {"taxonomy missing", "check --content tests/fixtures/good --taxonomy tests/fixtures/absent.yaml"},
      // Without --taxonomy, <content>/taxonomy.yaml is used: the fixtures have none.
      {"default taxonomy missing", "check --content tests/fixtures/good"},
  };
  for (const auto& c : cases) {
    const ProgramRun run = run_indexer(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.name << "\n" << run.out << run.err;
    EXPECT_FALSE(run.err.empty()) << c.name;
  }
}

TEST(CheckCommand, HelpExitsZero) {
  const ProgramRun run = run_indexer("check --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--content"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace praxis
