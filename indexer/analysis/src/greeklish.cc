#include "praxis/analysis/greeklish.h"

#include <array>
#include <cstdint>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace praxis::analysis {

Lexicon::~Lexicon() = default;

namespace {

// One way to read Latin letters as Greek. Cost 0: ELOT 743's reading or the
// obvious one; 1: a common informal variant; 2: a rare one.
struct Rule {
  std::string_view latin;
  std::string_view greek;
  std::uint8_t cost;
};

// Multi-letter rules only where the Greek differs from reading the letters
// one by one ("ei" needs no rule: e → ε, i → ι).
constexpr std::array kRules = {
    Rule{"a", "α", 0},   Rule{"b", "β", 0},   Rule{"b", "μπ", 1},  Rule{"c", "κ", 1},   Rule{"d", "δ", 0},
    Rule{"d", "ντ", 1},  Rule{"e", "ε", 0},   Rule{"e", "αι", 1},  Rule{"e", "η", 2},   Rule{"f", "φ", 0},
    Rule{"g", "γ", 0},   Rule{"h", "η", 0},   Rule{"h", "χ", 1},   Rule{"i", "ι", 0},   Rule{"i", "η", 0},
    Rule{"i", "υ", 1},   Rule{"i", "ει", 1},  Rule{"i", "οι", 1},  Rule{"i", "υι", 2},  Rule{"j", "τζ", 1},
    Rule{"j", "ξ", 2},   Rule{"k", "κ", 0},   Rule{"l", "λ", 0},   Rule{"m", "μ", 0},   Rule{"n", "ν", 0},
    Rule{"o", "ο", 0},   Rule{"o", "ω", 1},   Rule{"p", "π", 0},   Rule{"q", "κ", 2},   Rule{"r", "ρ", 0},
    Rule{"s", "σ", 0},   Rule{"t", "τ", 0},   Rule{"u", "ου", 0},  Rule{"u", "υ", 1},   Rule{"v", "β", 0},
    Rule{"w", "ω", 0},   Rule{"x", "χ", 0},   Rule{"x", "ξ", 0},   Rule{"y", "υ", 0},   Rule{"y", "η", 1},
    Rule{"y", "ι", 2},   Rule{"z", "ζ", 0},   Rule{"3", "ξ", 0},   Rule{"8", "θ", 0},   Rule{"0", "θ", 2},
    Rule{"th", "θ", 0},  Rule{"ch", "χ", 0},  Rule{"kh", "χ", 0},  Rule{"ph", "φ", 0},  Rule{"ps", "ψ", 0},
    Rule{"ks", "ξ", 0},  Rule{"cs", "ξ", 1},  Rule{"ou", "ου", 0}, Rule{"av", "αυ", 0}, Rule{"af", "αυ", 0},
    Rule{"ev", "ευ", 0}, Rule{"ef", "ευ", 0}, Rule{"iv", "ηυ", 1}, Rule{"if", "ηυ", 1}, Rule{"ng", "γγ", 0},
    Rule{"nx", "γξ", 0}, Rule{"nch", "γχ", 0}, Rule{"mb", "μπ", 1}, Rule{"dh", "δ", 1},  Rule{"gh", "γ", 1},
    Rule{"rh", "ρ", 1},
    // Informal writing often drops a doubled consonant: "aporrimata" for
    // απορρίμματα, "thalasa" for θάλασσα, "kolektiva" for κολλεκτίβα.
    Rule{"k", "κκ", 1},  Rule{"l", "λλ", 1},  Rule{"m", "μμ", 1},  Rule{"n", "νν", 1},  Rule{"p", "ππ", 1},
    Rule{"r", "ρρ", 1},  Rule{"s", "σσ", 1},  Rule{"t", "ττ", 1},
};

// A partial reading: latin[0, pos) spelt as `greek`.
struct State {
  unsigned cost;
  std::size_t pos;
  std::string greek;
};

// Cheapest first; at equal cost the one furthest along (so that complete
// readings are reached early), then by the Greek for a stable order.
struct Worse {
  bool operator()(const State& a, const State& b) const {
    if (a.cost != b.cost) return a.cost > b.cost;
    if (a.pos != b.pos) return a.pos < b.pos;
    return a.greek > b.greek;
  }
};

// The lexicon behind a probe budget, remembering what it was asked.
class Prober {
 public:
  explicit Prober(const Lexicon& lexicon) : lexicon_(lexicon) {}
  bool exhausted() const { return probes_ >= kGreeklishMaxProbes; }

  bool has_prefix(const std::string& prefix) {
    if (auto it = prefixes_.find(prefix); it != prefixes_.end()) return it->second;
    if (exhausted()) return false;
    ++probes_;
    const bool found = lexicon_.has_prefix(prefix);
    prefixes_.emplace(prefix, found);
    return found;
  }

  bool has_term(const std::string& term) {
    if (exhausted()) return false;
    ++probes_;
    return lexicon_.has_term(term);
  }

 private:
  const Lexicon& lexicon_;
  std::size_t probes_ = 0;
  std::unordered_map<std::string, bool> prefixes_;
};

bool is_greeklish_char(char c) { return (c >= 'a' && c <= 'z') || c == '3' || c == '8' || c == '0'; }

}  // namespace

std::vector<std::string> greeklish_candidates(std::string_view latin, const Lexicon& lexicon,
                                              std::size_t max_results) {
  std::vector<std::string> out;
  if (latin.empty() || latin.size() > kGreeklishMaxInput || max_results == 0) return out;
  for (const char c : latin)
    if (!is_greeklish_char(c)) return out;

  // Uniform-cost search over (position in the Latin word, Greek so far).
  // Every pushed state has passed has_prefix(), and the probe budget bounds
  // the number of pushes per pop, so the whole search is bounded.
  constexpr std::size_t kMaxPops = 4 * kGreeklishMaxProbes;
  Prober prober(lexicon);
  std::priority_queue<State, std::vector<State>, Worse> queue;
  std::unordered_set<std::string> done;  // "pos:greek" of states already expanded
  queue.push(State{0, 0, {}});
  std::size_t pops = 0;
  while (!queue.empty() && out.size() < max_results && pops < kMaxPops && !prober.exhausted()) {
    State s = queue.top();
    queue.pop();
    ++pops;
    std::string key = std::to_string(s.pos) + ':' + s.greek;
    if (!done.insert(std::move(key)).second) continue;
    if (s.pos == latin.size()) {
      if (prober.has_term(s.greek)) out.push_back(std::move(s.greek));
      continue;
    }
    for (const Rule& r : kRules) {
      if (latin.compare(s.pos, r.latin.size(), r.latin) != 0) continue;
      std::string greek = s.greek;
      greek += r.greek;
      if (!prober.has_prefix(greek)) continue;
      queue.push(State{s.cost + r.cost, s.pos + r.latin.size(), std::move(greek)});
    }
  }
  return out;
}

}  // namespace praxis::analysis
