// Loads one case file into a CaseStudy and checks it against the format and
// the taxonomy. Never throws on bad input: every problem becomes a Finding
// naming the line, column and field.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/case_study.h"
#include "praxis/finding.h"
#include "praxis/taxonomy.h"

namespace praxis {

inline constexpr std::size_t kMaxCaseFileBytes = 1024 * 1024;

struct LoadedCase {
  std::optional<CaseStudy> study;  // set when the file has no error (warnings allowed)
  std::vector<Finding> findings;
  bool ok() const { return study.has_value(); }
};

// `path` is how findings name the file (and its stem must equal the id).
LoadedCase load_case(const std::string& path, std::string_view bytes, const Taxonomy& taxonomy);

// Reads `file` (refusing files over kMaxCaseFileBytes without reading them)
// and loads it; findings name it as `display_path`.
LoadedCase load_case_file(const std::filesystem::path& file, const std::string& display_path,
                          const Taxonomy& taxonomy);

// The front-matter fields the format knows.
const std::vector<std::string_view>& known_fields();

}  // namespace praxis
