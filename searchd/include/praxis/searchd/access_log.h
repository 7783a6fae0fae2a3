// One line per request on stderr:
//   2026-11-29T04:01:32.123Z 127.0.0.1 GET /api/search?q=x 200 1.234ms 5120B
// Control characters in the request are escaped (\xHH) so a client cannot
// forge log lines, and each line leaves in one write(2), so lines from
// different threads never interleave.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace praxis::searchd {

struct AccessLogEntry {
  std::string_view remote;
  std::string_view method;
  std::string_view target;  // path and query string as the client sent them
  int status = 0;
  double milliseconds = 0;
  std::size_t bytes = 0;
};

std::string format_access_line(const AccessLogEntry& e);
// Writes `line` to stderr in one call.
void write_log_line(std::string_view line);

// The request text made safe for a log: control characters, DEL, spaces and
// backslashes escaped as \xHH (other bytes kept); cut at `max` bytes.
std::string log_safe(std::string_view text, std::size_t max = 2048);

}  // namespace praxis::searchd
