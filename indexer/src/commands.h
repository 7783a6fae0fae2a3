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

namespace praxis::indexer {

// A content folder and the source name its cases carry ("local" unless named).
struct ContentSource {
  std::string name;
  std::filesystem::path dir;
};
// Parses "DIR" or "NAME=DIR" (NAME: lowercase letters, digits and '-').
ContentSource parse_content_source(const std::string& arg);

struct BuildOptions {
  std::vector<ContentSource> content;
  std::filesystem::path index;
  std::filesystem::path taxonomy;  // default: <first content>/taxonomy.yaml
  std::filesystem::path synonyms;  // default: <first content>/synonyms.yaml
  bool full = false;               // rebuild every document
  bool quiet = false;              // only problems, no progress or summary
  unsigned threads = 0;            // analysis threads; 0 = one per core
  std::size_t commit_every = 5000; // documents per commit
};

int run_build(const BuildOptions& options);

}  // namespace praxis::indexer
