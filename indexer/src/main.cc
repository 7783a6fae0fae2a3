// praxis-indexer: checks case files and compiles them into the Xapian index.
#include <iostream>

#include <CLI/CLI.hpp>

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
  } catch (const std::exception& e) {
    std::cerr << "praxis-indexer: " << e.what() << '\n';
    return 2;
  }
  return 2;
}
