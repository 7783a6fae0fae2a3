// A tiny HTTP/1.1 origin on 127.0.0.1:<free port> over an OriginService,
// written on plain sockets so that it can misbehave on purpose: cut a file
// response halfway, or stall in the middle of one. One connection at a time,
// "Connection: close" after each response. What praxis-searchd will serve
// once its /mirror/v1/ routes are wired; until then the integration test
// runs the real praxis-mirror program against this.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "praxis/mirror/origin_service.h"

namespace praxis::mirror::testing {

class TinyOrigin {
 public:
  enum class Mode { normal, cut_files, stall_files };

  explicit TinyOrigin(OriginService& service);
  ~TinyOrigin();
  TinyOrigin(const TinyOrigin&) = delete;
  TinyOrigin& operator=(const TinyOrigin&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void set_mode(Mode m) { mode_ = m; }
  // Closes the listening socket: the origin is down.
  void stop();

  std::uint64_t body_bytes_sent() const { return sent_; }
  bool stalled() const { return stalled_; }
  std::vector<std::string> targets() const;

 private:
  void serve();
  void handle(int fd);

  OriginService& service_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<Mode> mode_{Mode::normal};
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<bool> stalled_{false};
  mutable std::mutex targets_mutex_;
  std::vector<std::string> targets_;  // guarded by targets_mutex_
  std::thread thread_;
};

}  // namespace praxis::mirror::testing
