#include "praxis/mirror/time_format.h"

#include <ctime>

namespace praxis::mirror {

namespace {

std::string format_seconds(std::time_t seconds) {
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

bool digits(std::string_view s, std::size_t from, std::size_t count, int lo, int hi) {
  int v = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return v >= lo && v <= hi;
}

}  // namespace

std::string format_utc(Clock::time_point t) {
  return format_seconds(Clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t)));
}

std::string format_utc_ns(std::int64_t ns) {
  std::int64_t s = ns / 1'000'000'000;
  if (ns < 0 && ns % 1'000'000'000 != 0) --s;  // floor
  return format_seconds(static_cast<std::time_t>(s));
}

bool is_utc_timestamp(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (s.size() != 20) return false;
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
  return digits(s, 0, 4, 1970, 9999) && digits(s, 5, 2, 1, 12) && digits(s, 8, 2, 1, 31) &&
         digits(s, 11, 2, 0, 23) && digits(s, 14, 2, 0, 59) && digits(s, 17, 2, 0, 60);
}

}  // namespace praxis::mirror
