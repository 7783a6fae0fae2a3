// A per-client rate limit: one token bucket per client key (an IPv4
// address, or the /64 of an IPv6 one; see client_address.h). A bucket holds
// up to `burst` tokens and refills at `rate` tokens a second; a request takes
// one token or is refused with how long to wait.
//
// Thread-safe: the buckets are split over shards, each with its own mutex,
// so concurrent requests from different clients rarely meet on one lock.
// Memory is bounded: a shard that grows past its share of `max_clients`
// forgets the clients whose bucket has refilled (they lose nothing), and if
// that is not enough, all of its clients (they start again with a full
// bucket: a flood from many addresses is let through rather than letting it
// grow the process without bound).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace praxis::searchd {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0 turns the limiter off (every request is allowed).
  RateLimiter(double rate_per_second, double burst, std::size_t max_clients = 100000);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  struct Decision {
    bool allowed = true;
    // When refused: whole seconds until a token is there again (at least 1),
    // for Retry-After.
    unsigned retry_after = 0;
  };
  Decision take(std::string_view client, Clock::time_point now = Clock::now());

  bool enabled() const { return rate_ > 0; }
  double rate() const { return rate_; }
  double burst() const { return burst_; }
  std::size_t clients() const;  // buckets held now (for /metrics and tests)

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // guarded by mu
  };
  static constexpr std::size_t kShards = 16;

  void trim(Shard& shard, Clock::time_point now);  // with shard.mu held

  const double rate_;
  const double burst_;
  const std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace praxis::searchd
