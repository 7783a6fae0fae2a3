#include "praxis/searchd/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace praxis::searchd {

RateLimiter::RateLimiter(double rate_per_second, double burst, std::size_t max_clients)
    : rate_(rate_per_second), burst_(std::max(1.0, burst)),
      max_per_shard_(std::max<std::size_t>(1, max_clients / kShards)) {}

RateLimiter::Decision RateLimiter::take(std::string_view client, Clock::time_point now) {
  if (rate_ <= 0) return {};
  Shard& shard = shards_[std::hash<std::string_view>{}(client) % kShards];
  std::lock_guard lock(shard.mu);
  auto it = shard.buckets.find(std::string(client));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) trim(shard, now);
    it = shard.buckets.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - b.tokens) / rate_;
  return {false, static_cast<unsigned>(std::max(1.0, std::ceil(wait)))};
}

void RateLimiter::trim(Shard& shard, Clock::time_point now) {
  // A bucket that would be full by now carries no state worth keeping.
  const double refill_seconds = burst_ / rate_;
  std::erase_if(shard.buckets, [&](const auto& entry) {
    const double idle = std::chrono::duration<double>(now - entry.second.last).count();
    return entry.second.tokens + idle * rate_ >= burst_ || idle >= refill_seconds;
  });
  if (shard.buckets.size() >= max_per_shard_) shard.buckets.clear();
}

std::size_t RateLimiter::clients() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace praxis::searchd
