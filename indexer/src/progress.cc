#include "progress.h"

#include <unistd.h>

namespace praxis::indexer {

Progress::Progress(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled && total > 0), tty_(isatty(STDERR_FILENO) != 0) {}

void Progress::update(std::size_t done) {
  if (!enabled_) return;
  const auto now = Clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000);
  if (now - last_ < interval && done < total_) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(kWidth * static_cast<double>(done) / static_cast<double>(total_));
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files  %.0f files/s  ETA %.0fs ", filled,
                 "##############################", kWidth - filled, "", done, total_, rate, eta);
  } else {
    std::fprintf(stderr, "progress: %zu/%zu files, %.0f files/s, ETA %.0fs\n", done, total_, rate, eta);
  }
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && tty_ && drawn_) std::fputc('\n', stderr);
}

}  // namespace praxis::indexer
