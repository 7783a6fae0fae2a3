// One reader of the index: a Xapian::Database and the QueryBuilder bound to
// it. Not thread-safe: a Searcher is used by one thread at a time (see
// SearcherPool), as Xapian's documentation asks ("a separate
// Xapian::Database object in each thread").
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/query_builder.h"
#include "praxis/searchd/index_location.h"
#include "praxis/status.h"

namespace praxis::searchd {

// Ok when the index was written with the schema this program reads;
// Corrupt (with what to do) otherwise.
Status check_schema(const Xapian::Database& db);

// Reads a little of every table (a document's data, terms, positions,
// values, the lexicon, the spelling and synonym tables), so that an index
// damaged on disk is refused at start-up with a clear message instead of
// failing requests later. Not a full check: that is xapian-check's job.
Status probe_index(const Xapian::Database& db);

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
  // revision has another schema version. When the index was replaced at its
  // path (see index_location.h), it does not reopen but marks itself
  // replaced(): this Searcher is done, a new one must be opened.
  Status refresh(std::chrono::milliseconds min_interval);
  // Moves to the newest revision now (after a DatabaseModifiedError).
  Status reopen();
  bool replaced() const { return replaced_; }
  // The index revision; with several databases (shards, a stub file listing
  // them), the sum of theirs, which still moves with every commit to any of
  // them. Remote shards add nothing: Xapian 1.4's remote protocol does not
  // carry revisions (see parts()). 0 for a backend that keeps none.
  Xapian::rev revision() const;

  // Each database behind this Searcher, when there are several (or a remote
  // one), for /healthz: empty for a single local database.
  struct Part {
    std::string name;                   // its path, or "remote HOST:PORT"
    std::optional<Xapian::rev> revision;  // none for a remote one
    Xapian::doccount documents = 0;
    std::string last_build;             // praxis.last_build: seconds since 1970 of its last commit
  };
  std::vector<Part> parts() const;

 private:
  Xapian::Database db_;
  std::unique_ptr<QueryBuilder> qb_;  // refers to db_, which reopen() updates in place
  std::chrono::steady_clock::time_point last_check_;
  bool check_schema_ = false;
  std::vector<std::filesystem::path> paths_;  // what open() was given (empty: a wrapped database)
  std::vector<std::uint64_t> fingerprint_;    // index_fingerprint(paths_) when opened
  bool replaced_ = false;
  // Each database on its own, for revision() and parts(); opened by the
  // first call, moved to the newest revision by every call.
  const std::vector<Xapian::Database>& open_parts() const;
  mutable std::vector<IndexPart> part_names_;
  mutable std::vector<Xapian::Database> parts_;
};

}  // namespace praxis::searchd
