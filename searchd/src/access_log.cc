#include "praxis/searchd/access_log.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace praxis::searchd {

std::string log_safe(std::string_view text, std::size_t max) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(text.size(), max) + 8);
  for (const char ch : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x21 || c == 0x7f || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string format_access_line(const AccessLogEntry& e) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t secs = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  char tail[96];
  std::snprintf(tail, sizeof tail, " %d %.3fms %zuB\n", e.status, e.milliseconds, e.bytes);
  std::string line = stamp;
  line += ' ';
  line += e.remote.empty() ? std::string("-") : log_safe(e.remote, 64);
  line += ' ';
  line += log_safe(e.method, 16);
  line += ' ';
  line += log_safe(e.target);
  line += tail;
  return line;
}

void write_log_line(std::string_view line) {
  while (!line.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n <= 0) return;  // nowhere to log: drop the line rather than block a request
    line.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace praxis::searchd
