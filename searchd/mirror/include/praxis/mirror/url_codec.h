// Percent-encoding for the /mirror/v1/files/<path> URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace praxis::mirror {

// Decodes %XX escapes exactly once ("%252e" becomes "%2e", not "."); '+' stays
// '+' (this is a path, not a query). nullopt for a malformed escape ("%", "%2",
// "%zz"). The result may hold any byte, NUL included: check it afterwards.
std::optional<std::string> percent_decode(std::string_view s);

// Escapes every byte except the unreserved ones (A–Z a–z 0–9 - . _ ~) and '/'.
std::string percent_encode_path(std::string_view path);

}  // namespace praxis::mirror
