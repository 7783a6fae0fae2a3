// Synonym groups (content/synonyms.yaml): every term of a group finds the others.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "praxis/status.h"

namespace praxis {

using SynonymGroups = std::vector<std::vector<std::string>>;

// Reads `groups:` (a list of lists of terms; a term may be several words).
// A missing file is no error: there are simply no synonyms.
Result<SynonymGroups> load_synonyms(const std::filesystem::path& file);

}  // namespace praxis
