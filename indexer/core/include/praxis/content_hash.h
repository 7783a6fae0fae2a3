// A content hash for change detection (BLAKE2b-128 via libsodium), hex.
#pragma once

#include <string>
#include <string_view>

namespace praxis {

std::string content_hash(std::string_view bytes);

}  // namespace praxis
