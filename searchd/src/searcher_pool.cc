#include "praxis/searchd/searcher_pool.h"

#include <thread>

namespace praxis::searchd {

namespace {
constexpr int kMaxAttempts = 4;  // one try and three retries after DatabaseModifiedError
constexpr int kMaxOpenAttempts = 3;  // a fresh open that meets a swap half-way tries again
}

SearcherPool::SearcherPool(std::vector<std::filesystem::path> index_dirs, std::chrono::milliseconds reopen_interval,
                           QueryLimits limits)
    : dirs_(std::move(index_dirs)), reopen_interval_(reopen_interval), limits_(limits) {}

SearcherPool::SearcherPool(Xapian::Database db, std::chrono::milliseconds reopen_interval, QueryLimits limits)
    : db_(std::move(db)), reopen_interval_(reopen_interval), limits_(limits) {}

SearcherPool::~SearcherPool() = default;

Result<std::unique_ptr<Searcher>> SearcherPool::make() const {
  if (db_) return std::make_unique<Searcher>(*db_, limits_);
  // A stub switched, then the old copy deleted, between reading the stub and
  // opening the copy it named: the next attempt reads the new stub.
  for (int attempt = 1;; ++attempt) {
    auto made = Searcher::open(dirs_, limits_);
    if (made.ok() || made.status().code() != Code::unavailable || attempt >= kMaxOpenAttempts) return made;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
  }
}

Status SearcherPool::warm_up() {
  Status st;
  Lease lease = acquire(st);
  if (!lease.searcher) return st;
  if (Status probed = probe_index(lease.searcher->db()); !probed.ok()) return probed;
  release(std::move(lease));
  return Status::Ok();
}

SearcherPool::Lease SearcherPool::open_fresh(Status& status) {
  Lease lease;
  lease.generation = generation_.load();
  try {
    auto made = make();
    if (!made.ok()) {
      status = Status::Unavailable(made.status().message());
      return {};
    }
    lease.searcher = std::move(made).value();
  } catch (const Xapian::Error& e) {
    status = Status::Unavailable("the index cannot be opened: " + e.get_description());
    return {};
  }
  opened_.fetch_add(1);
  return lease;
}

void SearcherPool::retire(std::uint64_t generation) {
  std::uint64_t current = generation;
  // Only the first to notice moves the count on; the others see it moved.
  generation_.compare_exchange_strong(current, generation + 1);
  fresh_.fetch_add(1);
}

SearcherPool::Lease SearcherPool::acquire(Status& status) {
  Lease lease;
  {
    std::lock_guard lock(mu_);
    const std::uint64_t current = generation_.load();
    while (!free_.empty() && !lease.searcher) {
      Lease candidate = std::move(free_.back());
      free_.pop_back();
      if (candidate.generation == current) lease = std::move(candidate);  // else retired: dropped here
    }
  }
  if (!lease.searcher) return open_fresh(status);
  try {
    status = lease.searcher->refresh(reopen_interval_);
    if (!status.ok()) {
      // The index changed schema under us: drop this Searcher, and say so.
      status = Status::Unavailable(status.message());
      return {};
    }
    if (!lease.searcher->replaced()) return lease;
  } catch (const Xapian::Error&) {
    // Its files are gone or broken (a replica's old copy deleted): the path
    // may well hold a good index now.
  }
  retire(lease.generation);
  return open_fresh(status);
}

void SearcherPool::release(Lease lease) {
  std::lock_guard lock(mu_);
  if (lease.generation == generation_.load()) free_.push_back(std::move(lease));
}

Status SearcherPool::run(const std::function<void(Searcher&)>& fn) {
  Status status;
  Lease lease = acquire(status);
  if (!lease.searcher) return status;
  bool fresh_retry_used = false;
  for (int attempt = 1;; ++attempt) {
    try {
      fn(*lease.searcher);
      release(std::move(lease));
      return Status::Ok();
    } catch (const Xapian::DatabaseModifiedError& e) {
      // The writer committed twice while we read: move on and try again.
      if (attempt >= kMaxAttempts) {
        return Status::Unavailable("the index is changing too fast to read: " + e.get_msg());
      }
      retries_.fetch_add(1);
      try {
        if (Status st = lease.searcher->reopen(); !st.ok()) return Status::Unavailable(st.message());
        continue;
      } catch (const Xapian::Error&) {
        // fall through to a fresh Searcher
      }
    } catch (const Xapian::DatabaseError& e) {
      // Opening, corruption, I/O: this handle is not to be trusted again. If
      // the index was replaced under it, a fresh one reads the new copy.
      if (fresh_retry_used) return Status::Unavailable("the index cannot be read: " + e.get_description());
    } catch (const Xapian::NetworkError& e) {
      // A remote shard went away or timed out: reconnect once.
      if (fresh_retry_used) return Status::Unavailable("a shard of the index cannot be reached: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      // A bug of ours, not the index's: keep the Searcher.
      release(std::move(lease));
      return Status::Internal(e.get_description());
    }
    fresh_retry_used = true;
    retire(lease.generation);
    lease = open_fresh(status);
    if (!lease.searcher) return status;
  }
}

}  // namespace praxis::searchd
