// Searchers for many threads with no lock around searches: a request leases
// a Searcher (a mutex guards only the free list, for a push or a pop), uses
// it alone, and gives it back. The pool opens a new Searcher when none is
// free, so it holds at most as many as requests ever ran at once.
//
// run() also makes index updates invisible to clients: before a request the
// Searcher moves to the newest revision (checked at most every
// `reopen_interval`), and a Xapian::DatabaseModifiedError (the writer
// recycled blocks the reader still needed) reopens and retries.
//
// An index replaced at its path (a fresh copy renamed over the folder, a
// replica's stub switched to a new full copy: see index_location.h), or a
// reader that fails for any other database error (its files deleted under
// it), does not fail the request either: that Searcher is dropped, every
// pooled one opened before it is retired too (a "generation" count), and the
// request runs again on a Searcher opened afresh from the path.
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
  std::uint64_t reopened_fresh() const { return fresh_.load(); }  // after a replacement or a read error

 private:
  struct Lease {
    std::unique_ptr<Searcher> searcher;
    std::uint64_t generation = 0;
  };
  Result<std::unique_ptr<Searcher>> make() const;
  Lease acquire(Status& status);
  Lease open_fresh(Status& status);
  void release(Lease lease);
  void retire(std::uint64_t generation);  // every Searcher of this generation or before

  std::vector<std::filesystem::path> dirs_;
  std::optional<Xapian::Database> db_;  // when built from a database
  std::chrono::milliseconds reopen_interval_;
  QueryLimits limits_;

  std::mutex mu_;
  std::vector<Lease> free_;  // guarded by mu_
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::size_t> opened_{0};
  std::atomic<std::uint64_t> retries_{0};
  std::atomic<std::uint64_t> fresh_{0};
};

}  // namespace praxis::searchd
