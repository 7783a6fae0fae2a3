// One reader of the index: a Xapian::Database and the QueryBuilder bound to
// it. Not thread-safe: a Searcher is used by one thread at a time (see
// SearcherPool), as Xapian's documentation asks ("a separate
// Xapian::Database object in each thread").
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/query_builder.h"
#include "praxis/status.h"

namespace praxis::searchd {

// Ok when the index was written with the schema this program reads;
// Corrupt (with what to do) otherwise.
Status check_schema(const Xapian::Database& db);

class Searcher {
 public:
  // Opens the index at `dir` and checks its schema version.
  static Result<std::unique_ptr<Searcher>> open(const std::filesystem::path& dir, QueryLimits limits = {});
  // Opens several indexes (shards) as one; each must have this schema version.
  static Result<std::unique_ptr<Searcher>> open(const std::vector<std::filesystem::path>& dirs,
                                                QueryLimits limits = {});
  // Wraps an open database (tests use in-memory ones); no schema check.
  explicit Searcher(Xapian::Database db, QueryLimits limits = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  const Xapian::Database& db() const { return db_; }
  const QueryBuilder& query_builder() const { return *qb_; }

  // Moves to the newest committed revision when `min_interval` has passed
  // since the last check (zero: always check). Returns an error when the new
  // revision has another schema version.
  Status refresh(std::chrono::milliseconds min_interval);
  // Moves to the newest revision now (after a DatabaseModifiedError).
  Status reopen();
  // The index revision; with shards, the sum of theirs (it still moves with
  // every commit to any of them). 0 where Xapian cannot tell (a stub listing
  // several databases).
  Xapian::rev revision() const;

 private:
  Xapian::Database db_;
  std::vector<Xapian::Database> shards_;  // the same databases, one handle each (for revisions)
  std::unique_ptr<QueryBuilder> qb_;  // refers to db_, which reopen() updates in place
  std::chrono::steady_clock::time_point last_check_;
  bool check_schema_ = false;
};

}  // namespace praxis::searchd
