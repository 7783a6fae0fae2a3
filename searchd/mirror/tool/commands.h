// The praxis-mirror subcommands. Each returns the exit status: 0 success,
// 1 failure (the mirror is left as it was), 2 usage errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace praxis::mirror::tool {

struct KeygenOptions {
  std::filesystem::path out;  // writes out.pub and out.key
  bool force = false;         // replace existing files
};
int run_keygen(const KeygenOptions& options);

struct PullCommandOptions {
  std::string origin;                                // URL
  std::string name;                                  // origin name = source facet
  std::vector<std::filesystem::path> public_keys;    // pinned (repeatable: key rotation)
  std::filesystem::path into;
  std::filesystem::path index;                       // run the indexer when set
  std::filesystem::path indexer;                     // default: beside praxis-mirror, else $PATH
  std::vector<std::string> also_content;             // the partner's own folders, NAME=DIR or DIR
  std::filesystem::path taxonomy, synonyms;          // default: the mirror's, when it has them
  std::filesystem::path ca_file;
  unsigned timeout_seconds = 60;
  std::uint64_t max_file_bytes = 0;                  // 0: the default limit
  bool allow_rollback = false;
  bool quiet = false;
};
int run_pull(const PullCommandOptions& options);

struct StatusOptions {
  std::filesystem::path dir;
  bool json = false;
};
int run_status(const StatusOptions& options);

// Sizes for people: "812 B", "4.2 KiB", "1.3 MiB".
std::string human_bytes(std::uint64_t n);

}  // namespace praxis::mirror::tool
