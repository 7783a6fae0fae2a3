#include "praxis/searchd/searcher.h"

#include "praxis/schema.h"
#include "praxis/searchd/index_location.h"

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

Status probe_index(const Xapian::Database& db) {
  try {
    constexpr int kSome = 50;
    const Xapian::doccount docs = db.get_doccount();
    int n = 0;
    for (auto t = db.allterms_begin(); t != db.allterms_end() && n < kSome; ++t, ++n) {
      int m = 0;
      for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t) && m < kSome; ++p, ++m) (void)p.get_wdf();
    }
    if (docs > 0) {
      const auto first = db.postlist_begin("");
      const Xapian::docid ids[2] = {*first, db.get_lastdocid()};
      for (const Xapian::docid did : ids) {
        Xapian::Document doc;
        try {
          doc = db.get_document(did);
        } catch (const Xapian::DocNotFoundError&) {  // the last id may have been deleted
          continue;
        }
        (void)doc.get_data().size();
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) (void)(*v).size();
        for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
          try {
            for (auto p = db.positionlist_begin(did, *t); p != db.positionlist_end(did, *t); ++p) (void)*p;
          } catch (const Xapian::UnimplementedError&) {  // a remote shard: positions stay on its side
            break;
          }
        }
      }
    }
    n = 0;
    for (auto s = db.spellings_begin(); s != db.spellings_end() && n < kSome; ++s, ++n) (void)s.get_termfreq();
    n = 0;
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end() && n < kSome; ++k, ++n)
      for (auto v = db.synonyms_begin(*k); v != db.synonyms_end(*k); ++v) (void)(*v).size();
  } catch (const Xapian::Error& e) {
    return Status::Corrupt("the index cannot be read: " + e.get_description() +
                           " (xapian-check on the index folder tells more; rebuild it with praxis-indexer build "
                           "--full into a new folder, or restore a snapshot)");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::filesystem::path& dir, QueryLimits limits) {
  return open(std::vector<std::filesystem::path>{dir}, limits);
}

Result<std::unique_ptr<Searcher>> Searcher::open(const std::vector<std::filesystem::path>& dirs, QueryLimits limits) {
  if (dirs.empty()) return Status::InvalidArgument("no index given");
  // Taken before opening: a replacement while we open is seen at the next check.
  std::vector<std::uint64_t> fingerprint = index_fingerprint(dirs);
  Xapian::Database all;
  for (const auto& dir : dirs) {
    try {
      Xapian::Database db(dir.string());
      if (Status st = check_schema(db); !st.ok()) return Status::Corrupt(dir.string() + ": " + st.message());
      all.add_database(db);
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::Unavailable("cannot open the index " + dir.string() + ": " + e.get_msg());
    } catch (const Xapian::NetworkError& e) {
      return Status::Unavailable("cannot reach a shard of the index " + dir.string() + ": " + e.get_msg());
    } catch (const Xapian::Error& e) {
      return Status::Corrupt("cannot read the index " + dir.string() + ": " + e.get_description());
    }
  }
  auto s = std::make_unique<Searcher>(std::move(all), limits);
  s->check_schema_ = true;
  s->paths_ = dirs;
  s->fingerprint_ = std::move(fingerprint);
  return s;
}

namespace {

// A database's revision; throws InvalidOperationError for several at once
// and for a backend that keeps none (a remote one).
Xapian::rev revision_of(const Xapian::Database& db) {
  try {
    return db.get_revision();
  } catch (const Xapian::UnimplementedError& e) {
    throw Xapian::InvalidOperationError(e.get_msg());
  }
}

}  // namespace

const std::vector<Xapian::Database>& Searcher::open_parts() const {
  if (parts_.empty()) {
    for (const auto& path : paths_)
      for (auto& part : index_parts(path)) {
        parts_.push_back(open_part(part));
        part_names_.push_back(std::move(part));
      }
  } else {
    for (auto& part : parts_) part.reopen();
  }
  return parts_;
}

Xapian::rev Searcher::revision() const {
  try {
    return revision_of(db_);
  } catch (const Xapian::InvalidOperationError&) {
    // Several databases behind one handle: each on its own.
  }
  Xapian::rev sum = 0;
  for (const auto& part : open_parts()) {
    try {
      sum += revision_of(part);
    } catch (const Xapian::InvalidOperationError&) {  // a stub we could not take apart
    }
  }
  return sum;
}

std::vector<Searcher::Part> Searcher::parts() const {
  std::vector<Part> out;
  if (paths_.empty()) return out;
  const auto& dbs = open_parts();
  bool remote = false;
  for (const auto& name : part_names_) remote = remote || !name.host.empty();
  if (dbs.size() < 2 && !remote) return out;
  for (std::size_t i = 0; i < dbs.size(); ++i) {
    const IndexPart& where = part_names_[i];
    Part p;
    p.name = where.host.empty() ? where.path.string() : "remote " + where.host + ":" + std::to_string(where.port);
    try {
      p.revision = revision_of(dbs[i]);
    } catch (const Xapian::InvalidOperationError&) {
    }
    p.documents = dbs[i].get_doccount();
    p.last_build = dbs[i].get_metadata(schema::kLastBuildKey);
    out.push_back(std::move(p));
  }
  return out;
}

Searcher::Searcher(Xapian::Database db, QueryLimits limits)
    : db_(std::move(db)), qb_(std::make_unique<QueryBuilder>(db_, limits)),
      last_check_(std::chrono::steady_clock::now()) {}

Searcher::~Searcher() = default;

Status Searcher::refresh(std::chrono::milliseconds min_interval) {
  const auto now = std::chrono::steady_clock::now();
  if (min_interval.count() > 0 && now - last_check_ < min_interval) return Status::Ok();
  last_check_ = now;
  if (!paths_.empty() && index_fingerprint(paths_) != fingerprint_) {
    replaced_ = true;
    return Status::Ok();
  }
  return reopen();
}

Status Searcher::reopen() {
  last_check_ = std::chrono::steady_clock::now();
  if (db_.reopen() && check_schema_) return check_schema(db_);
  return Status::Ok();
}

}  // namespace praxis::searchd
