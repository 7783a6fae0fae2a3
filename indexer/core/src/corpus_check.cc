#include "praxis/corpus_check.h"

#include <map>

#include "praxis/parallel.h"

namespace praxis {

CorpusReport check_corpus(const std::vector<ContentFile>& files, const Taxonomy& taxonomy,
                          const std::string& display_prefix) {
  std::vector<LoadedCase> loaded(files.size());
  parallel_for(files.size(), [&](std::size_t i) {
    loaded[i] = load_case_file(files[i].absolute, display_prefix + files[i].relative, taxonomy);
  });

  CorpusReport report;
  report.files = files.size();
  std::map<std::string, std::string> first_path_of_id;
  for (auto& one : loaded) {
    if (one.study) {
      const CaseStudy& c = *one.study;
      auto [it, fresh] = first_path_of_id.emplace(c.id, c.path);
      if (!fresh) {
        one.findings.push_back({c.path, 0, 0, Severity::error, "id",
                                "duplicate id '" + c.id + "': also used by " + it->second});
        one.study.reset();
      }
    }
  }
  for (auto& one : loaded) {
    if (one.study) {
      for (const auto& [lang, id] : one.study->translations)
        if (!first_path_of_id.count(id))
          one.findings.push_back({one.study->path, 0, 0, Severity::warning, "translations." + lang,
                                  "translation '" + id + "' is not in this folder"});
    }
    for (auto& f : one.findings) report.findings.push_back(std::move(f));
    if (one.study) report.cases.push_back(std::move(*one.study));
  }
  return report;
}

}  // namespace praxis
