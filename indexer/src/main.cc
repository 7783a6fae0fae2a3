// praxis-indexer: checks case files and compiles them into the Xapian index.
#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace praxis::indexer;
  CLI::App app{"praxis-indexer: check Praxis case studies and build the search index"};
  app.require_subcommand(1);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "validate every *.md under the content folders");
  check_cmd->add_option("--content", check.content, "content folder (repeatable)")->required()->check(CLI::ExistingDirectory);
  check_cmd->add_option("--taxonomy", check.taxonomy, "taxonomy.yaml (default: <first content>/taxonomy.yaml)");
  std::string format = "text";
  check_cmd->add_option("--format", format, "text | json")->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_flag("--quiet", check.quiet, "no summary line");

  BuildOptions build;
  std::vector<std::string> build_content;
  auto* build_cmd = app.add_subcommand("build", "compile the content folders into the index (incremental)");
  build_cmd->add_option("--content", build_content, "content folder, or NAME=DIR to name its source (repeatable)")
      ->required();
  build_cmd->add_option("--index", build.index, "index folder (created if missing)")->required();
  build_cmd->add_option("--taxonomy", build.taxonomy, "taxonomy.yaml (default: <first content>/taxonomy.yaml)");
  build_cmd->add_option("--synonyms", build.synonyms, "synonyms.yaml (default: <first content>/synonyms.yaml)");
  build_cmd->add_flag("--full", build.full, "re-index every file, not only the changed ones");
  build_cmd->add_flag("--quiet", build.quiet, "print only problems");
  build_cmd->add_option("--threads", build.threads, "analysis threads (default: one per core)");
  build_cmd->add_option("--commit-every", build.commit_every, "documents per commit")->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (*check_cmd) {
      check.format = format == "json" ? OutputFormat::json : OutputFormat::text;
      return run_check(check);
    }
    if (*build_cmd) {
      for (const auto& arg : build_content) {
        build.content.push_back(parse_content_source(arg));
        if (!std::filesystem::is_directory(build.content.back().dir)) {
          std::cerr << "praxis-indexer: --content " << build.content.back().dir.string() << ": not a folder\n";
          return 2;
        }
      }
      return run_build(build);
    }
  } catch (const Xapian::Error& e) {
    // A write error (a full disk) or a corrupt index. What was committed
    // before stays as it was: Xapian commits are atomic.
    std::cerr << "praxis-indexer: index error: " << e.get_description() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "praxis-indexer: " << e.what() << '\n';
    return 2;
  }
  return 2;
}
