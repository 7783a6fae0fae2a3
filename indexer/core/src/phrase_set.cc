#include "praxis/phrase_set.h"

#include <algorithm>

#include "praxis/analysis/normalize.h"
#include "praxis/analysis/words.h"

namespace praxis {

void PhraseSet::add(std::string_view normalized) {
  std::vector<std::string_view> words;
  analysis::for_each_word(normalized, [&](const analysis::Word& w) { words.push_back(w.text); });
  if (words.size() < 2 || words.size() > kMaxWords) return;
  std::string joined;
  for (const auto w : words) {
    if (!joined.empty()) joined += ' ';
    joined += w;
  }
  phrases_.insert(std::move(joined));
  last_words_.emplace(words.back());
}

PhraseSet PhraseSet::from_synonyms(const SynonymGroups& groups) {
  PhraseSet out;
  for (const auto& group : groups)
    for (const auto& entry : group) out.add(analysis::normalize(entry));
  return out;
}

PhraseSet PhraseSet::parse(std::string_view serialised) {
  PhraseSet out;
  while (!serialised.empty()) {
    const auto nl = serialised.find('\n');
    out.add(serialised.substr(0, nl));
    if (nl == std::string_view::npos) break;
    serialised.remove_prefix(nl + 1);
  }
  return out;
}

std::string PhraseSet::serialise() const {
  std::vector<std::string_view> sorted(phrases_.begin(), phrases_.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const auto p : sorted) {
    out += p;
    out += '\n';
  }
  return out;
}

}  // namespace praxis
