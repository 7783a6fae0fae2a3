// "Did you mean …?" for misspelt vocabulary ids, field names and codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace praxis {

// Edit distance (Damerau–Levenshtein, optimal string alignment) on bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate `value` was most likely meant to be: one within a small edit
// distance, or else the only one containing it ("transparency" ->
// "transparency-accountability"); nullopt when nothing is close.
std::optional<std::string> closest_match(std::string_view value, const std::vector<std::string>& candidates);

}  // namespace praxis
