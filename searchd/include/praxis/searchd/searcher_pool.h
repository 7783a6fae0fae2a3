// Searchers for many threads with no lock around searches: a request leases
// a Searcher (a mutex guards only the free list, for a push or a pop), uses
// it alone, and gives it back. The pool opens a new Searcher when none is
// free, so it holds at most as many as requests ever ran at once.
//
// run() also makes index updates invisible to clients: before a request the
// Searcher moves to the newest revision (checked at most every
// `reopen_interval`), and a Xapian::DatabaseModifiedError (the writer
// recycled blocks the reader still needed) reopens and retries.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "praxis/searchd/searcher.h"

namespace praxis::searchd {

class SearcherPool {
 public:
  // Searchers open `index_dirs` (several: shards searched as one).
  SearcherPool(std::vector<std::filesystem::path> index_dirs, std::chrono::milliseconds reopen_interval,
               QueryLimits limits = {});
  SearcherPool(const std::filesystem::path& index_dir, std::chrono::milliseconds reopen_interval,
               QueryLimits limits = {})
      : SearcherPool(std::vector<std::filesystem::path>{index_dir}, reopen_interval, limits) {}
  // Searchers wrap `db` (tests: an in-memory database). Each gets its own copy
  // of the handle.
  SearcherPool(Xapian::Database db, std::chrono::milliseconds reopen_interval, QueryLimits limits = {});
  ~SearcherPool();

  // Opens the first Searcher: missing or corrupt index, or another schema
  // version, is reported here (searchd refuses to start).
  Status warm_up();

  // Runs `fn` with a Searcher of its own, at the newest revision; retries on
  // DatabaseModifiedError. An index that cannot be read gives Unavailable.
  Status run(const std::function<void(Searcher&)>& fn);

  std::size_t size() const { return opened_.load(); }  // Searchers opened so far
  std::uint64_t retries() const { return retries_.load(); }

 private:
  Result<std::unique_ptr<Searcher>> make() const;
  std::unique_ptr<Searcher> acquire(Status& status);
  void release(std::unique_ptr<Searcher> s);

  std::vector<std::filesystem::path> dirs_;
  std::optional<Xapian::Database> db_;  // when built from a database
  std::chrono::milliseconds reopen_interval_;
  QueryLimits limits_;

  std::mutex mu_;
  std::vector<std::unique_ptr<Searcher>> free_;  // guarded by mu_
  std::atomic<std::size_t> opened_{0};
  std::atomic<std::uint64_t> retries_{0};
};

}  // namespace praxis::searchd
