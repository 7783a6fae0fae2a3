// Request counters and latency histograms for /metrics, in Prometheus text
// format (version 0.0.4). Lock-free: every cell is an atomic, and the routes
// are fixed when the Metrics object is made (so labels stay few: a route's
// pattern, never the raw path).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace praxis::searchd {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,    10};
  // Status codes counted on their own; any other counts as "other".
  static constexpr std::array<int, 16> kStatuses = {200, 204, 301, 302, 304, 400, 404, 405,
                                                    408, 413, 414, 429, 431, 500, 503, 0};

  // `routes`: the label values that may be recorded; anything else is
  // recorded as "other".
  explicit Metrics(std::vector<std::string> routes);
  ~Metrics();

  void record(std::string_view route, int status, double seconds);

  struct Sample {
    std::string name;  // metric name
    std::string help;
    std::string type;  // "gauge" | "counter"
    double value = 0;
  };
  // The whole exposition: the request metrics, then `extra` samples.
  std::string render(const std::vector<Sample>& extra) const;

  // For tests.
  std::uint64_t requests(std::string_view route, int status) const;

 private:
  struct RouteStats;
  std::size_t route_index(std::string_view route) const;
  static std::size_t status_index(int status);

  std::vector<std::string> routes_;  // routes_.back() == "other"
  std::unique_ptr<RouteStats[]> stats_;
};

// Escapes a Prometheus label value (backslash, double quote, newline).
std::string prometheus_label(std::string_view value);

}  // namespace praxis::searchd
