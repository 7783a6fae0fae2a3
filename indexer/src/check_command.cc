#include <iostream>

#include "commands.h"
#include "praxis/corpus_check.h"
#include "praxis/taxonomy.h"

namespace praxis::indexer {

int run_check(const CheckOptions& options) {
  const auto taxonomy_path =
      options.taxonomy.empty() ? options.content.front() / "taxonomy.yaml" : options.taxonomy;
  auto taxonomy = Taxonomy::load(taxonomy_path);
  if (!taxonomy.ok()) {
    std::cerr << "praxis-indexer: " << taxonomy.status().message() << '\n';
    return 2;
  }

  std::vector<Finding> findings;
  std::size_t files = 0, valid = 0;
  for (const auto& dir : options.content) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::cerr << "praxis-indexer: --content " << dir.string() << ": not a folder\n";
      return 2;
    }
    std::string prefix = dir.generic_string();
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    auto report = check_corpus(list_case_files(dir), taxonomy.value(), prefix);
    files += report.files;
    valid += report.cases.size();
    for (auto& f : report.findings) findings.push_back(std::move(f));
  }

  std::size_t errors = 0, warnings = 0;
  for (const auto& f : findings) (f.severity == Severity::error ? errors : warnings)++;
  if (options.format == OutputFormat::json) {
    std::cout << "{\"files\":" << files << ",\"valid\":" << valid << ",\"errors\":" << errors
              << ",\"warnings\":" << warnings << ",\"findings\":[";
    for (std::size_t i = 0; i < findings.size(); ++i)
      std::cout << (i ? ",\n" : "\n") << finding_to_json(findings[i]);
    std::cout << "]}\n";
  } else {
    for (const auto& f : findings) std::cout << format_finding(f) << '\n';
    if (!options.quiet)
      std::cerr << "checked " << files << " files: " << valid << " valid, " << errors << " errors, "
                << warnings << " warnings\n";
  }
  return errors > 0 ? 1 : 0;
}

}  // namespace praxis::indexer
