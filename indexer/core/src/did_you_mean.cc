#include "praxis/did_you_mean.h"

#include <algorithm>
#include <numeric>

namespace praxis {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  std::iota(prev.begin(), prev.end(), std::size_t{0});
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> closest_match(std::string_view value, const std::vector<std::string>& candidates) {
  if (value.empty()) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_distance = std::string::npos;
  std::vector<const std::string*> containing;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(value, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
    if (value.size() >= 4 && (c.find(value) != std::string::npos || value.find(c) != std::string::npos))
      containing.push_back(&c);
  }
  const std::size_t allowed = std::max<std::size_t>(1, std::max(value.size(), best ? best->size() : 0) / 4);
  if (best && best_distance <= allowed) return best;
  if (containing.size() == 1) return *containing.front();
  return std::nullopt;
}

}  // namespace praxis
