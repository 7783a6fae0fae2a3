// The case-study model: one Markdown file with YAML front matter.
// Field meanings and vocabularies: docs/editor-guide.md and
// docs/case-study.schema.json; the ids are fixed by ../shared/DESIGN.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace praxis {

// A measured result ("datasets published: 420 in 2023").
struct MeasuredResult {
  std::string metric;
  std::optional<double> value;
  std::string unit;
  std::optional<int> year;
};

struct SourceLink {
  std::string title;
  std::string url;
};

struct Period {
  std::optional<int> start;
  std::optional<int> end;  // empty while ongoing
};

struct CaseStudy {
  // Identity.
  std::string id;                                   // slug; file name = id + ".md"
  std::string title;
  std::string lang;                                 // "el" | "en"
  std::map<std::string, std::string> translations;  // lang -> id
  std::string summary;

  // Facets (vocabulary ids from content/taxonomy.yaml).
  std::vector<std::string> sector;   // 1+
  std::string region;                // ISO 3166-2 ("GR-H") or 3166-1 alpha-2 ("EE")
  std::string level;                 // optional
  std::vector<std::string> outcome;  // 1+
  std::string status;                // optional
  std::string evidence;              // optional

  // What happened, who did it, who paid, how we know.
  std::vector<MeasuredResult> results;
  std::optional<int> year;  // explicit year; else period.start
  Period period;
  std::vector<std::string> organisations;
  std::vector<std::string> tags;
  std::vector<std::string> funding;
  std::vector<SourceLink> sources;
  std::string transferability;

  std::string verified;  // YYYY-MM-DD, may be empty
  std::string updated;   // YYYY-MM-DD
  bool draft = false;

  // The Markdown body and where it starts in the file (1-based line).
  std::string body;
  int body_line = 1;

  // Set by whoever loads the file, not by the front matter.
  std::string path;    // relative to its content folder, '/'-separated
  std::string origin;  // the content folder's source name ("" = local)

  // The country part of the region code: "GR-H" -> "GR".
  std::string country() const;
  // year, else period.start; 0 when neither is set.
  int effective_year() const;
};

}  // namespace praxis
