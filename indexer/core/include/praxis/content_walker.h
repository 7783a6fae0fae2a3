// Finds the case files under a content folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace praxis {

struct ContentFile {
  std::filesystem::path absolute;
  std::string relative;  // '/'-separated, relative to the content folder
};

// Every "*.md" file under `dir`, sorted by relative path. Skips hidden
// files and folders (".git"), files whose name starts with '_' (templates,
// drafts kept aside) and README.md files.
// Symbolic links are not followed out of the folder.
std::vector<ContentFile> list_case_files(const std::filesystem::path& dir);

}  // namespace praxis
