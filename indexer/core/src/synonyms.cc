#include "praxis/synonyms.h"

#include <yaml-cpp/yaml.h>

namespace praxis {

Result<SynonymGroups> load_synonyms(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return SynonymGroups{};
  auto where = [&](const YAML::Mark& m) {
    return file.string() + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  };
  try {
    const YAML::Node root = YAML::LoadFile(file.string());
    const YAML::Node groups = root["groups"];
    if (!groups || !groups.IsSequence())
      return Status::InvalidArgument(file.string() + ":1:1: error: expected 'groups:' with a list of lists");
    SynonymGroups out;
    for (const auto& g : groups) {
      if (!g.IsSequence())
        return Status::InvalidArgument(where(g.Mark()) + ": error: each group must be a list of terms");
      std::vector<std::string> terms;
      for (const auto& t : g) {
        if (!t.IsScalar() || t.Scalar().empty())
          return Status::InvalidArgument(where(t.Mark()) + ": error: a synonym must be non-empty text");
        terms.push_back(t.Scalar());
      }
      if (terms.size() < 2)
        return Status::InvalidArgument(where(g.Mark()) + ": error: a group needs at least two terms");
      out.push_back(std::move(terms));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(where(e.mark) + ": error: invalid YAML: " + e.msg);
  }
}

}  // namespace praxis
