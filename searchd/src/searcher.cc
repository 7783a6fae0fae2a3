#include "praxis/searchd/searcher.h"

#include "praxis/schema.h"

namespace praxis::searchd {

Status check_schema(const Xapian::Database& db) {
  const std::string version = db.get_metadata(schema::kSchemaVersionKey);
  const std::string expected = std::to_string(schema::kSchemaVersion);
  if (version == expected) return Status::Ok();
  if (version.empty())
    return Status::Corrupt("the index has no " + std::string(schema::kSchemaVersionKey) +
                           " (not built by praxis-indexer, or never committed): run praxis-indexer build");
  return Status::Corrupt("the index has schema version " + version + " but this praxis-searchd reads version " +
                         expected + ": rebuild it with the matching praxis-indexer");
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::filesystem::path& dir, QueryLimits limits) {
  return open(std::vector<std::filesystem::path>{dir}, limits);
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::vector<std::filesystem::path>& dirs, QueryLimits limits) {
  if (dirs.empty()) return Status::InvalidArgument("no index given");
  Xapian::Database all;
  std::vector<Xapian::Database> shards;
  for (const auto& dir : dirs) {
    try {
      Xapian::Database db(dir.string());
      if (Status st = check_schema(db); !st.ok()) return Status::Corrupt(dir.string() + ": " + st.message());
      all.add_database(db);
      shards.push_back(db);
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::Unavailable("cannot open the index " + dir.string() + ": " + e.get_msg());
    } catch (const Xapian::Error& e) {
      return Status::Corrupt("cannot read the index " + dir.string() + ": " + e.get_description());
    }
  }
  auto s = std::make_unique<Searcher>(std::move(all), limits);
  s->check_schema_ = true;
  if (shards.size() > 1) s->shards_ = std::move(shards);
  return s;
}

Xapian::rev Searcher::revision() const {
  auto one = [](const Xapian::Database& db) -> Xapian::rev {
    try {
      return db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {  // several databases behind one handle
      return 0;
    } catch (const Xapian::UnimplementedError&) {     // a backend that keeps no revision
      return 0;
    }
  };
  if (shards_.empty()) return one(db_);
  Xapian::rev sum = 0;
  for (const auto& s : shards_) sum += one(s);
  return sum;
}

Searcher::Searcher(Xapian::Database db, QueryLimits limits)
    : db_(std::move(db)), qb_(std::make_unique<QueryBuilder>(db_, limits)),
      last_check_(std::chrono::steady_clock::now()) {}

Searcher::~Searcher() = default;

Status Searcher::refresh(std::chrono::milliseconds min_interval) {
  const auto now = std::chrono::steady_clock::now();
  if (min_interval.count() > 0 && now - last_check_ < min_interval) return Status::Ok();
  last_check_ = now;
  return reopen();
}

Status Searcher::reopen() {
  last_check_ = std::chrono::steady_clock::now();
  if (db_.reopen() && check_schema_) return check_schema(db_);
  return Status::Ok();
}

}  // namespace praxis::searchd
