#include "task_pool.h"

#include <algorithm>
#include <exception>

namespace praxis::searchd {

TaskPool::TaskPool(unsigned min_threads, unsigned max_threads) : max_threads_(std::max(min_threads, max_threads)) {
  std::lock_guard lock(mu_);
  threads_.reserve(max_threads_);
  for (unsigned i = 0; i < min_threads; ++i) spawn();
}

TaskPool::~TaskPool() { shutdown(); }

void TaskPool::spawn() { threads_.emplace_back([this] { work(); }); }

void TaskPool::enqueue(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
    // Jobs nobody is waiting to take: grow, so none waits behind a kept-alive connection.
    if (jobs_.size() > idle_ && threads_.size() < max_threads_ && !stopping_) spawn();
  }
  cv_.notify_one();
}

void TaskPool::work() {
  std::unique_lock lock(mu_);
  while (true) {
    while (!stopping_ && jobs_.empty()) {
      ++idle_;
      cv_.wait(lock);
      --idle_;
    }
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (...) {
      // A job must not take its thread down with it; the connection is lost.
    }
    lock.lock();
  }
}

void TaskPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

TaskPool::Stats TaskPool::stats() const {
  std::lock_guard lock(mu_);
  return {threads_.size(), threads_.size() - std::min(idle_, threads_.size()), jobs_.size()};
}

}  // namespace praxis::searchd
