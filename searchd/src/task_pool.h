// The worker pool behind the HTTP server. cpp-httplib runs a whole
// connection on one pool thread, keep-alive included, so a fixed pool
// smaller than the number of open connections makes new connections wait
// for an idle one to time out (DESIGN.md, "known pitfalls"). This pool
// starts `min_threads` threads and adds one whenever a job arrives and no
// thread is idle, up to `max_threads`.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace praxis::searchd {

class TaskPool {
 public:
  TaskPool(unsigned min_threads, unsigned max_threads);
  ~TaskPool();  // shutdown()
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  void enqueue(std::function<void()> job);
  // Runs every job already queued, then stops and joins the threads.
  void shutdown();

  struct Stats {
    std::size_t threads = 0;
    std::size_t busy = 0;
    std::size_t queued = 0;
  };
  Stats stats() const;

 private:
  void work();
  void spawn();  // with mu_ held

  const unsigned max_threads_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  std::vector<std::thread> threads_;        // guarded by mu_
  std::size_t idle_ = 0;                    // threads waiting for a job; guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
};

}  // namespace praxis::searchd
