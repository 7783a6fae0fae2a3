// Which paths a manifest may carry. The same rule guards the origin (a file
// whose name breaks it is not published), the parser (a manifest with such a
// path is rejected whole), the origin's file route and the puller (which never
// creates anything a valid path does not name).
#pragma once

#include <cstddef>
#include <string_view>

#include "praxis/status.h"

namespace praxis::mirror {

inline constexpr std::size_t kMaxPathBytes = 1024;
inline constexpr std::size_t kMaxSegmentBytes = 255;
inline constexpr std::size_t kMaxOriginNameBytes = 64;

// Ok for a relative, '/'-separated path of non-empty segments, none of them
// "." or ".." or starting with '.' (hidden files and the state folders are
// never mirrored), in valid UTF-8 (no overlong forms, no surrogates, no
// unassigned code points) and in NFC, with no backslash, NUL, control
// character (C0, DEL, C1) or bidirectional override, at most kMaxPathBytes
// long. Otherwise InvalidArgument saying why.
Status check_mirror_path(std::string_view path);

// An origin name is also the `source` facet of its cases: lowercase ASCII
// letters, digits and '-', starting with a letter or digit, at most
// kMaxOriginNameBytes.
bool is_origin_name(std::string_view name);

}  // namespace praxis::mirror
