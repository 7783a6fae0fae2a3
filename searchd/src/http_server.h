// The HTTP transport: cpp-httplib behind a pimpl (this pair is the only code
// that includes httplib.h). Every request goes through the Router; the
// server adds what HTTP needs around it — socket options (TCP_NODELAY, no
// SO_REUSEPORT, a real listen backlog), keep-alive limits and timeouts, a
// growing worker pool, the access log and the request metrics.
#pragma once

#include <memory>
#include <vector>

#include "praxis/searchd/metrics.h"
#include "praxis/searchd/options.h"
#include "praxis/searchd/router.h"
#include "praxis/status.h"

namespace praxis::searchd {

class HttpServer {
 public:
  // `router` and `metrics` must outlive the server.
  HttpServer(const Options& options, const Router& router, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (port 0: any free port). Fails when the address is taken.
  Status bind();
  int port() const;
  // Serves until stop(); in-flight requests finish before it returns.
  Status run();
  // Stops accepting; safe from any thread.
  void stop();

  // Worker-pool figures for /metrics.
  std::vector<Metrics::Sample> samples() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace praxis::searchd
