// Progress for long runs: a bar on a terminal, periodic lines otherwise.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>

namespace praxis::indexer {

class Progress {
 public:
  Progress(std::size_t total, bool enabled);
  void update(std::size_t done);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::size_t total_;
  bool enabled_;
  bool tty_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  bool drawn_ = false;
};

}  // namespace praxis::indexer
