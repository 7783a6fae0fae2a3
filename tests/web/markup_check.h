// A small well-formedness check for the markup the web module produces:
// tags balanced and properly nested, attribute values quoted, no stray '<'
// or '&' in text. With `html`, void elements (<meta>, <input> …) need no end
// tag; without it (SVG, XML) every element must be closed or self-closed.
// Returns "" when the markup is fine, else what is wrong and where.
#pragma once

#include <string>
#include <string_view>

namespace praxis::testing {

std::string check_markup(std::string_view text, bool html);

}  // namespace praxis::testing
