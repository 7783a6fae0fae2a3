// Timestamps in manifests and state files: RFC 3339, UTC, whole seconds
// ("2026-10-01T12:00:00Z"), so that they sort as strings.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace praxis::mirror {

using Clock = std::chrono::system_clock;

std::string format_utc(Clock::time_point t);
// A file time in nanoseconds since 1970, as stat(2) gives it.
std::string format_utc_ns(std::int64_t ns_since_epoch);
// Exactly the shape format_utc writes, with plausible field values.
bool is_utc_timestamp(std::string_view s);

}  // namespace praxis::mirror
