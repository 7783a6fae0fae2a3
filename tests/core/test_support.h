// Shared by the core_tests suites: where the fixtures are, the taxonomy,
// temporary folders, and the findings every bad fixture must produce.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <unistd.h>

#include "praxis/finding.h"
#include "praxis/taxonomy.h"

namespace praxis::test {

namespace fs = std::filesystem;

inline fs::path source_dir() { return fs::path(PRAXIS_SOURCE_DIR); }
inline fs::path fixtures_dir() { return source_dir() / "tests" / "fixtures"; }
inline fs::path good_dir() { return fixtures_dir() / "good"; }
inline fs::path bad_dir() { return fixtures_dir() / "bad"; }
inline fs::path taxonomy_yaml() { return source_dir() / "content" / "taxonomy.yaml"; }

// content/taxonomy.yaml with the system's iso-codes, loaded once per process.
inline const Taxonomy& taxonomy() {
  static const Taxonomy loaded = [] {
    auto t = Taxonomy::load(taxonomy_yaml());
    if (!t.ok()) {
      ADD_FAILURE() << "cannot load the taxonomy: " << t.status().message();
      std::abort();
    }
    return t.value();
  }();
  return loaded;
}

inline std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const fs::path& file, std::string_view bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A fresh folder under the system's temporary directory, removed with
// everything in it when the object goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    for (int attempt = 0;; ++attempt) {
      path_ = fs::temp_directory_path() /
              ("praxis-core-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
               std::to_string(random()));
      std::error_code ec;
      if (fs::create_directory(path_, ec)) return;
      if (attempt > 100) throw fs::filesystem_error("cannot create a temporary folder", path_, ec);
    }
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const fs::path& p) const { return path_ / p; }

 private:
  fs::path path_;
};

// A finding as one comparable, printable value.
using FindingTuple = std::tuple<std::string, int, int, std::string, std::string, std::string>;

inline FindingTuple as_tuple(const Finding& f) {
  return {f.path, f.line, f.column, f.severity == Severity::error ? "error" : "warning", f.field, f.message};
}

inline std::vector<FindingTuple> as_tuples(const std::vector<Finding>& findings) {
  std::vector<FindingTuple> out;
  for (const auto& f : findings) out.push_back(as_tuple(f));
  return out;
}

// The one finding each file under tests/fixtures/bad/ produces, in the order
// check_corpus reports them (by path). `prefix` is put before every path, as
// check_corpus's display_prefix does. (The first copy of the duplicated id,
// duplicate-id/a/shared-practice.md, is valid on its own and has none.)
inline std::vector<Finding> expected_bad_findings(const std::string& prefix = "") {
  const auto e = Severity::error;
  const auto w = Severity::warning;
  std::vector<Finding> v = {
      {"duplicate-id/b/shared-practice.md", 0, 0, e, "id",
       "duplicate id 'shared-practice': also used by " + prefix + "duplicate-id/a/shared-practice.md"},
      {"empty-body.md", 12, 1, e, "",
       "empty body: write the case (Problem, Solution, Results, Lessons) below the front matter"},
      {"id-mismatch.md", 3, 5, e, "id",
       "id 'id-mismatched' does not match the file name: rename the file to 'id-mismatched.md' or set id: "
       "id-mismatch"},
      {"invalid-utf8.md", 3, 8, e, "", "invalid UTF-8 (byte offset 28): save the file as UTF-8"},
      {"invalid-yaml.md", 4, 17, e, "", "invalid YAML: illegal map value"},
      {"malformed-url.md", 12, 10, e, "sources[0].url",
       "malformed URL 'www.pste.gov.gr/report.pdf': expected http:// or https:// and a host name"},
      {"missing-front-matter.md", 1, 1, e, "", "missing front matter: the file must start with a line '---'"},
      {"missing-required-field.md", 1, 1, e, "summary", "missing required field 'summary'"},
      {"non-iso-date.md", 10, 10, e, "updated", "'updated' must be an ISO date YYYY-MM-DD, got '01/10/2026'"},
      {"sector-near-miss.md", 6, 38, e, "sector[1]",
       "unknown sector 'transparency-acountability' in 'sector[1]'; did you mean 'transparency-accountability'?"},
      {"unknown-field.md", 10, 1, w, "organizations",
       "unknown field 'organizations' (ignored); did you mean 'organisations'?"},
      {"unknown-region.md", 7, 9, e, "region",
       "unknown region code 'GR-Q': use an ISO 3166-1 country (EE) or ISO 3166-2 region code (GR-H)"},
      {"unterminated-front-matter.md", 1, 1, e, "",
       "unterminated front matter: no closing line '---' after the opening one"},
      {"wrong-type.md", 7, 3, e, "sector", "wrong type: 'sector' must be a list, e.g. […]"},
  };
  for (auto& f : v) f.path = prefix + f.path;
  return v;
}

// Files under tests/fixtures/bad/ (all of them, including the valid first copy
// of the duplicated id) and how many of them load without errors.
inline constexpr std::size_t kBadFixtureFiles = 15;
inline constexpr std::size_t kBadFixturesValid = 2;  // duplicate-id/a/…, unknown-field.md

// The case files under tests/fixtures/good/, in path order ('-' sorts before '.').
inline const std::vector<std::string>& good_fixture_ids() {
  static const std::vector<std::string> ids = {"heraklion-citizen-requests", "sterea-open-data-portal-en",
                                               "sterea-open-data-portal", "tartu-participatory-budget"};
  return ids;
}

// A file over the 1 MiB limit (never committed: made when a test needs it).
inline std::string oversized_case_bytes(std::size_t size) {
  std::string text =
      "---\nid: too-big\ntitle: T\nlang: en\nsummary: S\nsector: [social-economy]\nregion: EE\n"
      "outcome: [participation]\nyear: 2020\nupdated: 2026-01-01\n---\n";
  while (text.size() < size) text += "A long body line that repeats until the file is over the limit.\n";
  text.resize(size, '\n');
  return text;
}

}  // namespace praxis::test
