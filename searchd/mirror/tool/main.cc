// praxis-mirror: keys, pulls and status for mirroring Praxis content between
// regions. See docs/partner-guide.md.
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace praxis::mirror::tool;
  CLI::App app{"praxis-mirror: mirror another region's Praxis content, signed and incremental"};
  app.require_subcommand(1);

  KeygenOptions keygen;
  auto* keygen_cmd = app.add_subcommand("keygen", "make the origin's Ed25519 key pair: NAME.pub (for partners) "
                                                  "and NAME.key (mode 0600, for praxis-searchd --signing-key)");
  keygen_cmd->add_option("--out", keygen.out, "NAME: path and stem of the two files")->required();
  keygen_cmd->add_flag("--force", keygen.force, "replace existing key files");

  PullCommandOptions pull;
  auto* pull_cmd = app.add_subcommand("pull", "bring a mirror up to the origin's signed manifest (atomic, incremental)");
  pull_cmd->add_option("--origin", pull.origin, "the origin's URL, http(s)://HOST[:PORT][/PREFIX]")->required();
  pull_cmd->add_option("--name", pull.name, "the origin's name (its manifest must say the same; the source facet)")
      ->required();
  pull_cmd->add_option("--public-key", pull.public_keys, "pinned public key file of the origin (repeatable during a key rotation)")
      ->required()
      ->check(CLI::ExistingFile);
  pull_cmd->add_option("--into", pull.into, "the mirror folder (a link to the current version, managed here)")
      ->required();
  pull_cmd->add_option("--index", pull.index, "after the pull, update this index with praxis-indexer");
  pull_cmd->add_option("--indexer", pull.indexer, "praxis-indexer to run (default: beside praxis-mirror, else $PATH)");
  pull_cmd->add_option("--also-content", pull.also_content,
                       "with --index: the partner's own content, NAME=DIR or DIR (repeatable)");
  pull_cmd->add_option("--taxonomy", pull.taxonomy, "with --index: taxonomy.yaml (default: the mirror's)");
  pull_cmd->add_option("--synonyms", pull.synonyms, "with --index: synonyms.yaml (default: the mirror's)");
  pull_cmd->add_option("--ca-file", pull.ca_file, "https: trust the CAs in this PEM file instead of the system's")
      ->check(CLI::ExistingFile);
  pull_cmd->add_option("--timeout", pull.timeout_seconds, "seconds without progress before giving up")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  pull_cmd->add_option("--max-file-size", pull.max_file_bytes, "refuse a manifest listing a larger file (bytes; default 64 MiB)");
  pull_cmd->add_flag("--allow-rollback", pull.allow_rollback,
                     "accept a revision lower than the mirror's (once, after the origin's state was reset)");
  pull_cmd->add_flag("--quiet", pull.quiet, "print only problems");

  StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", "show a mirror's origin, revision, last pull and file count");
  status_cmd->add_option("dir", status.dir, "the mirror folder (as given to pull --into)")->required();
  status_cmd->add_flag("--json", status.json, "machine-readable output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (*keygen_cmd) return run_keygen(keygen);
    if (*pull_cmd) return run_pull(pull);
    if (*status_cmd) return run_status(status);
  } catch (const std::exception& e) {
    std::cerr << "praxis-mirror: error: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
