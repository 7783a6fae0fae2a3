// Test support: writes valid case files with only the fields a test cares about.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace praxis::testing {

struct CaseSpec {
  std::string id;
  std::string title;
  std::string lang = "en";
  std::string summary = "A short summary.";
  std::vector<std::string> sector = {"technology-ict"};
  std::string region = "GR-H";
  std::vector<std::string> outcome = {"service-quality"};
  int year = 2020;
  std::string body = "## Problem\n\nSomething was wrong.\n\n## Solution\n\nIt was fixed.\n";
  std::vector<std::string> tags;
  bool draft = false;
  std::string updated = "2026-01-01";
};

std::string case_text(const CaseSpec& c);
// Writes dir/<sub>/<id>.md and returns its path.
std::filesystem::path write_case(const std::filesystem::path& dir, const CaseSpec& c, const std::string& sub = "");
// Copies the repository's content/taxonomy.yaml into `dir`.
void copy_taxonomy(const std::filesystem::path& dir);

}  // namespace praxis::testing
