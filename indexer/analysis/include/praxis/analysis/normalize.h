// Text normalisation: the one form in which words are indexed, queried,
// looked up for Greeklish and matched for highlighting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace praxis::analysis {

// Compatibility-composes (NFKC), case-folds and strips combining marks:
// "Καινοτομία", "καινοτομια" and "ΚΑΙΝΟΤΟΜΙΑ" all become "καινοτομια";
// "ΔΗΜΟΣ" and "δήμος" become "δημοσ" (case folding maps final ς to σ);
// "ΐ" becomes "ι"; "Café" becomes "cafe". Default-ignorable characters (soft
// hyphen, zero-width space and joiners) are dropped, and the typographic
// apostrophes ’ ‛ become ' as in Xapian's terms ("don’t" → "don't"). Each
// byte that is not part of valid UTF-8 becomes U+FFFD, so the output is
// always valid UTF-8 and a bad byte separates words instead of gluing them.
// Never throws.
std::string normalize(std::string_view utf8);

// The same, appended to `out`: for the indexing hot path, where one buffer is
// reused for every field of every document. Pure ASCII is only lowercased.
void normalize_append(std::string_view utf8, std::string& out);

// The first code point of a UTF-8 string: 0 when it is empty, U+FFFD when it
// does not start with a valid sequence.
char32_t first_code_point(std::string_view utf8) noexcept;

// True if `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates
// or code points above U+10FFFF). Otherwise, if bad_offset is given, sets it
// to the offset of the first byte that does not start a valid sequence.
bool is_valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr);

}  // namespace praxis::analysis
