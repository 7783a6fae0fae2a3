#include "praxis/searchd/searcher_pool.h"

namespace praxis::searchd {

namespace {
constexpr int kMaxAttempts = 4;  // one try and three retries after DatabaseModifiedError
}

SearcherPool::SearcherPool(std::vector<std::filesystem::path> index_dirs, std::chrono::milliseconds reopen_interval,
                           QueryLimits limits)
    : dirs_(std::move(index_dirs)), reopen_interval_(reopen_interval), limits_(limits) {}

SearcherPool::SearcherPool(Xapian::Database db, std::chrono::milliseconds reopen_interval, QueryLimits limits)
    : db_(std::move(db)), reopen_interval_(reopen_interval), limits_(limits) {}

SearcherPool::~SearcherPool() = default;

Result<std::unique_ptr<Searcher>> SearcherPool::make() const {
  if (db_) return std::make_unique<Searcher>(*db_, limits_);
  return Searcher::open(dirs_, limits_);
}

Status SearcherPool::warm_up() {
  Status st;
  auto s = acquire(st);
  if (!s) return st;
  release(std::move(s));
  return Status::Ok();
}

std::unique_ptr<Searcher> SearcherPool::acquire(Status& status) {
  std::unique_ptr<Searcher> s;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      s = std::move(free_.back());
      free_.pop_back();
    }
  }
  try {
    if (!s) {
      auto made = make();
      if (!made.ok()) {
        status = Status::Unavailable(made.status().message());
        return nullptr;
      }
      s = std::move(made).value();
      opened_.fetch_add(1);
      return s;
    }
    status = s->refresh(reopen_interval_);
    if (!status.ok()) {
      // The index changed schema under us: drop this Searcher, and say so.
      status = Status::Unavailable(status.message());
      return nullptr;
    }
  } catch (const Xapian::Error& e) {
    status = Status::Unavailable("the index cannot be read: " + e.get_description());
    return nullptr;
  }
  return s;
}

void SearcherPool::release(std::unique_ptr<Searcher> s) {
  std::lock_guard lock(mu_);
  free_.push_back(std::move(s));
}

Status SearcherPool::run(const std::function<void(Searcher&)>& fn) {
  Status status;
  std::unique_ptr<Searcher> s = acquire(status);
  if (!s) return status;
  for (int attempt = 1;; ++attempt) {
    try {
      fn(*s);
      release(std::move(s));
      return Status::Ok();
    } catch (const Xapian::DatabaseModifiedError& e) {
      // The writer committed twice while we read: move on and try again.
      if (attempt >= kMaxAttempts) {
        return Status::Unavailable("the index is changing too fast to read: " + e.get_msg());
      }
      retries_.fetch_add(1);
      try {
        if (Status st = s->reopen(); !st.ok()) return st;
      } catch (const Xapian::Error& e2) {
        return Status::Unavailable("the index cannot be reopened: " + e2.get_description());
      }
    } catch (const Xapian::DatabaseError& e) {
      // Opening, corruption, I/O: this handle is not to be trusted again.
      return Status::Unavailable("the index cannot be read: " + e.get_description());
    } catch (const Xapian::Error& e) {
      // A bug of ours, not the index's: keep the Searcher.
      release(std::move(s));
      return Status::Internal(e.get_description());
    }
  }
}

}  // namespace praxis::searchd
