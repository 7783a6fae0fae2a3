// Checks a whole content folder: every file on its own, then what only the
// folder as a whole can show (duplicate ids, translations that point nowhere).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "praxis/case_loader.h"
#include "praxis/content_walker.h"

namespace praxis {

struct CorpusReport {
  std::vector<Finding> findings;  // ordered by file, then line
  std::vector<CaseStudy> cases;   // the files without errors
  std::size_t files = 0;
};

// `display_prefix` is put before each relative path in findings.
CorpusReport check_corpus(const std::vector<ContentFile>& files, const Taxonomy& taxonomy,
                          const std::string& display_prefix = "");

}  // namespace praxis
