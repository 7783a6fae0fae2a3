// The praxis-indexer subcommands. Each returns the process exit status:
// 0 success, 1 problems found in the content, 2 usage or setup errors.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace praxis::indexer {

enum class OutputFormat { text, json };

struct CheckOptions {
  std::vector<std::filesystem::path> content;  // folders to check
  std::filesystem::path taxonomy;              // default: <first content>/taxonomy.yaml
  OutputFormat format = OutputFormat::text;
  bool quiet = false;                          // no summary line
};

int run_check(const CheckOptions& options);

}  // namespace praxis::indexer
