#include "praxis/searchd/metrics.h"

#include <cmath>
#include <cstdio>

namespace praxis::searchd {

struct Metrics::RouteStats {
  std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // not cumulative; last = +Inf
  std::atomic<std::uint64_t> sum_us{0};
  std::atomic<std::uint64_t> count{0};
};

Metrics::Metrics(std::vector<std::string> routes) : routes_(std::move(routes)) {
  routes_.push_back("other");
  stats_ = std::make_unique<RouteStats[]>(routes_.size());
}

Metrics::~Metrics() = default;

std::size_t Metrics::route_index(std::string_view route) const {
  for (std::size_t i = 0; i + 1 < routes_.size(); ++i)
    if (routes_[i] == route) return i;
  return routes_.size() - 1;
}

std::size_t Metrics::status_index(int status) {
  for (std::size_t i = 0; i + 1 < kStatuses.size(); ++i)
    if (kStatuses[i] == status) return i;
  return kStatuses.size() - 1;
}

void Metrics::record(std::string_view route, int status, double seconds) {
  RouteStats& s = stats_[route_index(route)];
  s.by_status[status_index(status)].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  const double us = seconds > 0 ? std::round(seconds * 1e6) : 0.0;
  s.sum_us.fetch_add(static_cast<std::uint64_t>(us), std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t Metrics::requests(std::string_view route, int status) const {
  return stats_[route_index(route)].by_status[status_index(status)].load();
}

std::string prometheus_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

namespace {

std::string number(double v) {
  char buf[64];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", v);
  }
  return buf;
}

}  // namespace

std::string Metrics::render(const std::vector<Sample>& extra) const {
  std::string out;
  out += "# HELP praxis_http_requests_total HTTP requests answered, by route pattern and status code.\n";
  out += "# TYPE praxis_http_requests_total counter\n";
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const std::string route = prometheus_label(routes_[r]);
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      const std::uint64_t n = stats_[r].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = kStatuses[s] ? std::to_string(kStatuses[s]) : "other";
      out += "praxis_http_requests_total{route=\"" + route + "\",status=\"" + status + "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP praxis_http_request_duration_seconds Time from routing a request to its response, by route.\n";
  out += "# TYPE praxis_http_request_duration_seconds histogram\n";
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const RouteStats& s = stats_[r];
    const std::uint64_t count = s.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string route = prometheus_label(routes_[r]);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? number(kBuckets[b]) : "+Inf";
      out += "praxis_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + le + "\"} " +
             std::to_string(cumulative) + "\n";
    }
    out += "praxis_http_request_duration_seconds_sum{route=\"" + route + "\"} " +
           number(static_cast<double>(s.sum_us.load(std::memory_order_relaxed)) / 1e6) + "\n";
    // The count equals the +Inf bucket (read once, so they agree).
    out += "praxis_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(cumulative) + "\n";
  }
  for (const auto& x : extra) {
    out += "# HELP " + x.name + " " + x.help + "\n";
    out += "# TYPE " + x.name + " " + x.type + "\n";
    out += x.name + " " + number(x.value) + "\n";
  }
  return out;
}

}  // namespace praxis::searchd
