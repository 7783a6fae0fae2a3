#include "praxis/fresh_index.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "praxis/schema.h"

namespace praxis {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kWorkTag = ".praxis-build-";
constexpr const char* kLockFile = "lock";
constexpr const char* kMetaShard = "meta";

// The index path without a trailing separator ("var/index/" -> "var/index").
fs::path clean(const fs::path& index) {
  fs::path p = index.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p;
}

// ".index.praxis-build-" for var/index: the private folders are hidden
// siblings, on the same file system, so that rename() can move the result.
std::string work_prefix(const fs::path& index) {
  std::string prefix(1, '.');
  prefix += index.filename().string();
  prefix += kWorkTag;
  return prefix;
}

fs::path parent_of(const fs::path& index) {
  const fs::path parent = index.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Removes private folders left by killed runs: their lock is free.
void remove_stale_work(const fs::path& index) {
  std::error_code ec;
  const std::string prefix = work_prefix(index);
  for (const auto& entry : fs::directory_iterator(parent_of(index), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !entry.is_directory(ec)) continue;
    const int fd = ::open((entry.path() / kLockFile).c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);  // a live run's folder
      continue;
    }
    fs::remove_all(entry.path(), ec);
    if (fd >= 0) ::close(fd);
  }
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Shards are scratch space: no fsync, and no replication changesets (which
// XAPIAN_MAX_CHANGESETS would otherwise make every writer keep).
Xapian::WritableDatabase create_scratch(const fs::path& dir) {
  const char* changesets = std::getenv("XAPIAN_MAX_CHANGESETS");
  const std::optional<std::string> saved = changesets ? std::optional<std::string>(changesets) : std::nullopt;
  if (saved) ::unsetenv("XAPIAN_MAX_CHANGESETS");
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  if (saved) ::setenv("XAPIAN_MAX_CHANGESETS", saved->c_str(), 1);
  return db;
}

}  // namespace

// The spelling shard's writer thread: adding a word that is new to the
// table updates its trigram fragments, which costs about a second per
// 10,000 cases, and this way that second overlaps the indexing.
class FreshIndex::SpellingShard {
 public:
  explicit SpellingShard(Xapian::WritableDatabase db) : db_(std::move(db)), thread_([this] { run(); }) {}

  ~SpellingShard() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  // Queues words for the writer; rethrows its error, if it had one.
  void post(SpellingCounts&& words) {
    if (words.empty()) return;
    {
      std::lock_guard lock(mutex_);
      if (error_) std::rethrow_exception(error_);
      queue_.push_back(std::move(words));
    }
    cv_.notify_all();
    words.clear();
  }

  // Waits until every posted word is written, then returns the database (or
  // rethrows the writer's error).
  Xapian::WritableDatabase& drain() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return (queue_.empty() && !busy_) || error_; });
    if (error_) std::rethrow_exception(error_);
    return db_;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ || error_) return;
      SpellingCounts words = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      try {
        for (const auto& [word, count] : words) db_.add_spelling(word, count);
        if (++batches_ % 16 == 0) db_.commit();
      } catch (...) {
        lock.lock();
        error_ = std::current_exception();
        busy_ = false;
        cv_.notify_all();
        return;
      }
      lock.lock();
      busy_ = false;
      cv_.notify_all();
    }
  }

  Xapian::WritableDatabase db_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<SpellingCounts> queue_;
  std::size_t batches_ = 0;
  bool busy_ = false;  // the writer holds words taken off the queue
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts once the members above exist
};

void FreshIndex::Shard::add(const Xapian::Document& doc) {
  db_.add_document(doc);
  collect_spelling_words(doc, spelling_);
  ++documents_;
  if (++pending_ >= flush_every_) flush();
}

void FreshIndex::Shard::flush() {
  db_.commit();
  pending_ = 0;
  spelling_shard_.post(std::move(spelling_));
}

void FreshIndex::Shard::close() {
  if (closed_) return;
  flush();
  db_.close();
  closed_ = true;
}

bool FreshIndex::applies(const fs::path& index) {
  std::error_code ec;
  const fs::path p = clean(index);
  if (!fs::exists(p, ec)) return !ec;
  if (!fs::is_directory(p, ec) || !fs::is_empty(p, ec) || ec) return false;
  // An empty folder that is a mount point (systemd's ReadWritePaths= makes
  // one) cannot be renamed over: build in place.
  struct stat self {}, parent {};
  if (::stat(p.c_str(), &self) != 0 || ::stat(parent_of(p).c_str(), &parent) != 0) return false;
  return self.st_dev == parent.st_dev;
}

Result<std::unique_ptr<FreshIndex>> FreshIndex::start(const fs::path& index, unsigned shards,
                                                      std::size_t flush_every) {
  const fs::path target = clean(index);
  std::error_code ec;
  fs::create_directories(parent_of(target), ec);
  remove_stale_work(target);
  const fs::path work = parent_of(target) / (work_prefix(target) + std::to_string(::getpid()));
  fs::remove_all(work, ec);
  if (!fs::create_directory(work, ec))
    return Status::IoError("cannot create " + work.string() + ": " + ec.message());
  const int fd = ::open((work / kLockFile).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::flock(fd, LOCK_EX) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    fs::remove_all(work, ec);
    return Status::IoError("cannot lock " + (work / kLockFile).string() + ": " + why);
  }
  std::unique_ptr<FreshIndex> fresh(new FreshIndex(target, work, fd));
  try {
    fresh->spelling_ = std::make_unique<SpellingShard>(create_scratch(work / kMetaShard));
    for (unsigned k = 0; k < std::max(1u, shards); ++k) {
      fs::path dir = work / ("shard" + std::to_string(k));
      Xapian::WritableDatabase db = create_scratch(dir);
      fresh->shards_.emplace_back(
          new Shard(std::move(dir), std::move(db), std::max<std::size_t>(1, flush_every), *fresh->spelling_));
    }
  } catch (const Xapian::Error& e) {
    return Status::IoError("cannot create a shard in " + work.string() + ": " + e.get_description());
  }
  return fresh;
}

FreshIndex::FreshIndex(fs::path index, fs::path work, int lock_fd)
    : index_(std::move(index)), work_(std::move(work)), lock_fd_(lock_fd) {}

FreshIndex::~FreshIndex() {
  shards_.clear();  // closes the databases before their folders go
  spelling_.reset();
  std::error_code ec;
  fs::remove_all(work_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Status FreshIndex::finish(const SynonymGroups& synonyms, const PhraseSet& phrases) {
  // Spelling words, synonyms and metadata go to a shard of their own, so
  // that compaction has nothing to merge in those tables.
  Xapian::Database all;
  for (auto& shard : shards_) {
    shard->close();
    all.add_database(Xapian::Database(shard->dir_.string()));
  }
  Xapian::WritableDatabase& meta = spelling_->drain();
  write_synonyms(meta, synonyms);
  meta.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
  meta.set_metadata(schema::kPhrasesKey, phrases.serialise());
  meta.set_metadata(schema::kLastBuildKey, std::to_string(std::time(nullptr)));
  meta.commit();
  meta.close();
  spelling_.reset();
  all.add_database(Xapian::Database((work_ / kMetaShard).string()));

  // Compaction copies the compressed document data and term lists as they
  // are, and syncs what it writes.
  const fs::path merged = work_ / "index";
  all.compact(merged.string(), Xapian::Compactor::STANDARD);
  doc_count_ = Xapian::Database(merged.string()).get_doccount();
  all.close();
  shards_.clear();

  std::error_code ec;
  if (fs::exists(index_, ec) && !fs::is_empty(index_, ec))
    return Status::Unavailable("an index appeared at " + index_.string() + " during the build");
  // rename() replaces a missing or empty folder atomically, and fails on one
  // that another indexer has filled meanwhile.
  if (::rename(merged.c_str(), index_.c_str()) != 0) {
    if (errno == ENOTEMPTY || errno == EEXIST)
      return Status::Unavailable("an index appeared at " + index_.string() + " during the build");
    if (errno == EXDEV || errno == EBUSY || errno == EACCES || errno == EPERM || errno == EROFS)
      return Status::Unavailable("cannot move the new index to " + index_.string() + ": " + std::strerror(errno));
    return Status::IoError("cannot move the new index to " + index_.string() + ": " + std::strerror(errno));
  }
  sync_dir(parent_of(index_));
  return Status::Ok();
}

}  // namespace praxis
