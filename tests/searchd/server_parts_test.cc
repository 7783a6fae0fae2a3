// The parts of praxis-searchd that need no socket: the worker pool, the
// command line, Options::validate, and opening (or refusing) an index.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>

#include "cli.h"
#include "praxis/searchd/options.h"
#include "praxis/searchd/searcher.h"
#include "praxis/searchd/searcher_pool.h"
#include "task_pool.h"
#include "test_index.h"

namespace praxis::searchd {
namespace {

namespace fs = std::filesystem;

using test::TempDir;

TEST(TaskPool, GrowsWhenEveryThreadIsBusy) {
  TaskPool pool(2, 16);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> started{0};
  // Eight jobs that block (like kept-alive connections): all must start.
  for (int i = 0; i < 8; ++i)
    pool.enqueue([&] {
      ++started;
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return release; });
    });
  for (int i = 0; i < 200 && started < 8; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(started.load(), 8);
  EXPECT_GE(pool.stats().threads, 8u);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();
  EXPECT_EQ(pool.stats().threads, 0u);
}

TEST(TaskPool, NeverPastTheMaximumAndShutdownRunsQueuedJobs) {
  std::atomic<int> done{0};
  {
    TaskPool pool(1, 3);
    for (int i = 0; i < 50; ++i)
      pool.enqueue([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++done;
      });
    EXPECT_LE(pool.stats().threads, 3u);
    pool.shutdown();
  }
  EXPECT_EQ(done.load(), 50);
}

TEST(TaskPool, AThrowingJobDoesNotKillItsThread) {
  TaskPool pool(1, 1);
  std::atomic<int> done{0};
  pool.enqueue([] { throw std::runtime_error("x"); });
  pool.enqueue([&] { ++done; });
  pool.shutdown();
  EXPECT_EQ(done.load(), 1);
}

TEST(Cli, ParseListen) {
  struct Case {
    const char* text;
    bool ok;
    const char* host;
    int port;
  };
  const Case cases[] = {
      {"127.0.0.1:8080", true, "127.0.0.1", 8080},
      {"0.0.0.0:80", true, "0.0.0.0", 80},
      {":9000", true, "127.0.0.1", 9000},
      {"9000", true, "127.0.0.1", 9000},
      {"[::1]:8080", true, "::1", 8080},
      {"localhost:0", true, "localhost", 0},
      {"127.0.0.1:", false, "", 0},
      {"127.0.0.1:http", false, "", 0},
      {"127.0.0.1:70000", false, "", 0},
      {"[::1]8080", false, "", 0},
      {"127.0.0.1:-1", false, "", 0},
  };
  for (const auto& c : cases) {
    std::string host = "unset";
    int port = -7;
    const Status st = parse_listen(c.text, host, port);
    EXPECT_EQ(st.ok(), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(host, c.host) << c.text;
      EXPECT_EQ(port, c.port) << c.text;
    }
  }
}

TEST(Cli, CommandLine) {
  TempDir dir;
  const std::string index = dir.path().string();
  std::vector<std::string> args = {"praxis-searchd", "--index",   index,          "--content", "mirror=" + index,
                                   "--listen",       ":0",        "--threads",    "4",         "--max-threads",
                                   "8",              "--no-access-log"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  const CliResult r = parse_command_line(static_cast<int>(argv.size()), argv.data());
  ASSERT_FALSE(r.exit_code);
  EXPECT_EQ(r.options.indexes, std::vector<fs::path>{dir.path()});
  ASSERT_EQ(r.options.content.size(), 1u);
  EXPECT_EQ(r.options.content[0].name, "mirror");
  EXPECT_EQ(r.options.port, 0);
  EXPECT_EQ(r.options.host, "127.0.0.1");
  EXPECT_EQ(r.options.threads, 4u);
  EXPECT_FALSE(r.options.access_log);
  EXPECT_TRUE(r.options.validate().ok()) << r.options.validate().message();
  EXPECT_EQ(r.options.taxonomy_file(), dir.path() / "taxonomy.yaml");
}

TEST(Options, DefaultsAreSafe) {
  Options o;
  EXPECT_EQ(o.host, "127.0.0.1");  // loopback unless told otherwise
  EXPECT_GE(o.threads, 64u);
  EXPECT_GT(o.listen_backlog, 5);
  EXPECT_EQ(o.max_per_page, 100u);
  EXPECT_EQ(o.max_query_bytes, 1024u);
  EXPECT_EQ(o.max_query_words, 64u);
  EXPECT_EQ(o.base_url(), "http://127.0.0.1:8080");
  o.public_url = "https://praxis.example.org//";
  EXPECT_EQ(o.base_url(), "https://praxis.example.org");
}

TEST(Options, Validate) {
  TempDir dir;
  auto valid = [&] {
    Options o;
    o.indexes = {dir.path()};
    return o;
  };
  EXPECT_TRUE(valid().validate().ok());
  std::vector<std::function<void(Options&)>> breakers = {
      [](Options& o) { o.indexes.clear(); },
      [](Options& o) { o.indexes = {"/nonexistent/index"}; },
      [&](Options& o) { o.indexes.push_back(dir.path() / "missing-shard"); },
      [](Options& o) { o.signing_key = "key"; },
      [&](Options& o) { o.mirror_content = dir.path(); },
      [](Options& o) { o.content.push_back({"local", "/nonexistent/content"}); },
      [](Options& o) { o.taxonomy = "/nonexistent/taxonomy.yaml"; },
      [](Options& o) { o.port = 70000; },
      [](Options& o) { o.threads = 0; },
      [](Options& o) { o.max_threads = 1; },
      [](Options& o) { o.public_url = "ftp://x"; },
      [](Options& o) { o.default_per_page = 500; },
      [](Options& o) { o.listen_backlog = 0; },
  };
  for (std::size_t i = 0; i < breakers.size(); ++i) {
    Options o = valid();
    breakers[i](o);
    EXPECT_FALSE(o.validate().ok()) << "breaker " << i;
  }
}

TEST(Searcher, RefusesMissingAndForeignIndexes) {
  TempDir dir;
  auto missing = Searcher::open(dir.path() / "none");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot open"), std::string::npos);

  const fs::path path = dir.path() / "index";
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
    db.set_metadata(schema::kSchemaVersionKey, "999");
    db.commit();
  }
  auto other = Searcher::open(path);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("schema version 999"), std::string::npos);

  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
    db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
    db.commit();
  }
  EXPECT_TRUE(Searcher::open(path).ok());

  const fs::path garbage = dir.path() / "garbage";
  fs::create_directories(garbage);
  std::ofstream(garbage / "iamglass") << "not a database";
  EXPECT_FALSE(Searcher::open(garbage).ok());
}

TEST(Searcher, ShardsAreSearchedAsOne) {
  const auto& all = test::sample_cases();
  const std::vector<test::CaseSpec> first(all.begin(), all.begin() + 3), second(all.begin() + 3, all.end());
  const test::TestIndex a = test::build_index(first), b = test::build_index(second);
  auto s = Searcher::open(std::vector<fs::path>{a.dir->path() / "index", b.dir->path() / "index"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->db().get_doccount(), all.size());

  // Every shard must have the right schema.
  TempDir dir;
  const fs::path foreign = dir.path() / "foreign";
  {
    Xapian::WritableDatabase db(foreign.string(), Xapian::DB_CREATE);
    db.set_metadata(schema::kSchemaVersionKey, "999");
    db.commit();
  }
  auto bad = Searcher::open(std::vector<fs::path>{a.dir->path() / "index", foreign});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("foreign"), std::string::npos);
}

TEST(SearcherPool, SeesNewRevisions) {
  TempDir dir;
  const fs::path path = dir.path() / "index";
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
    db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
    db.commit();
  }
  SearcherPool pool(path, std::chrono::milliseconds(0));
  ASSERT_TRUE(pool.warm_up().ok());
  Xapian::doccount seen = 99;
  ASSERT_TRUE(pool.run([&](Searcher& s) { seen = s.db().get_doccount(); }).ok());
  EXPECT_EQ(seen, 0u);
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
    db.add_document(Xapian::Document());
    db.commit();
  }
  ASSERT_TRUE(pool.run([&](Searcher& s) { seen = s.db().get_doccount(); }).ok());
  EXPECT_EQ(seen, 1u);
  EXPECT_EQ(pool.size(), 1u);  // the same Searcher, reopened

  // A new schema under a running server: 503, not wrong answers.
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
    db.set_metadata(schema::kSchemaVersionKey, "999");
    db.commit();
  }
  const Status st = pool.run([&](Searcher&) {});
  EXPECT_EQ(st.code(), Code::unavailable);
}

// An index of `docs` empty documents with this schema version.
void make_index(const fs::path& path, int docs) {
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
  db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
  for (int i = 0; i < docs; ++i) db.add_document(Xapian::Document());
  db.commit();
}

// Leases `n` Searchers at once (nested runs) and records what each sees.
std::vector<Xapian::doccount> counts_seen(SearcherPool& pool, int n, Status& status) {
  std::vector<Xapian::doccount> seen;
  std::function<void(int)> lease = [&](int left) {
    if (left == 0) return;
    const Status st = pool.run([&](Searcher& s) {
      seen.push_back(s.db().get_doccount());
      lease(left - 1);
    });
    if (!st.ok()) status = st;
  };
  lease(n);
  return seen;
}

TEST(SearcherPool, AFolderRenamedOverTheIndexIsOpenedAfresh) {
  TempDir dir;
  const fs::path path = dir.path() / "index";
  make_index(path, 1);
  SearcherPool pool(path, std::chrono::milliseconds(0));
  ASSERT_TRUE(pool.warm_up().ok());
  Status st;
  EXPECT_EQ(counts_seen(pool, 3, st), (std::vector<Xapian::doccount>{1, 1, 1}));
  ASSERT_TRUE(st.ok());
  // A rebuilt copy swapped in with mv, the old one moved aside then deleted.
  make_index(dir.path() / "index.new", 2);
  fs::rename(path, dir.path() / "index.old");
  fs::rename(dir.path() / "index.new", path);
  EXPECT_EQ(counts_seen(pool, 3, st), (std::vector<Xapian::doccount>{2, 2, 2}));
  EXPECT_TRUE(st.ok()) << st.message();
  fs::remove_all(dir.path() / "index.old");
  EXPECT_EQ(counts_seen(pool, 4, st), (std::vector<Xapian::doccount>{2, 2, 2, 2}));
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_GE(pool.reopened_fresh(), 1u);
}

TEST(SearcherPool, AReplicaStubSwitchedToANewCopyIsOpenedAfresh) {
  // What xapian-replicate does for a full copy: build replica_1 beside the
  // live replica_0, rewrite the stub (a new file renamed over it), delete
  // replica_0.
  TempDir dir;
  const fs::path replica = dir.path() / "replica";
  fs::create_directories(replica);
  make_index(replica / "replica_0", 1);
  std::ofstream(replica / "XAPIANDB") << "auto replica_0\n";
  SearcherPool pool(replica, std::chrono::milliseconds(0));
  ASSERT_TRUE(pool.warm_up().ok());
  Status st;
  EXPECT_EQ(counts_seen(pool, 3, st), (std::vector<Xapian::doccount>{1, 1, 1}));
  make_index(replica / "replica_1", 3);
  std::ofstream(replica / "XAPIANDB.tmp") << "auto replica_1\n";
  fs::rename(replica / "XAPIANDB.tmp", replica / "XAPIANDB");
  EXPECT_EQ(counts_seen(pool, 3, st), (std::vector<Xapian::doccount>{3, 3, 3}));
  ASSERT_TRUE(st.ok()) << st.message();
  fs::remove_all(replica / "replica_0");
  EXPECT_EQ(counts_seen(pool, 4, st), (std::vector<Xapian::doccount>{3, 3, 3, 3}));
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST(Searcher, RevisionOfAStubListingSeveralDatabases) {
  TempDir dir;
  make_index(dir.path() / "a", 1);
  make_index(dir.path() / "b", 1);
  const fs::path stub = dir.path() / "both";
  fs::create_directories(stub);
  std::ofstream(stub / "XAPIANDB") << "# two shards\nauto ../a\nglass " << (dir.path() / "b").string() << "\n";
  auto s = Searcher::open(stub);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->db().get_doccount(), 2u);
  const Xapian::rev before = (*s)->revision();
  EXPECT_EQ(before, 2u);  // one commit each
  make_index(dir.path() / "b", 1);
  EXPECT_EQ((*s)->revision(), before + 1);  // moves with any shard's commit
  // Several --index: the same.
  auto two = Searcher::open(std::vector<fs::path>{dir.path() / "a", dir.path() / "b"});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ((*two)->revision(), before + 1);
}

TEST(Searcher, ProbeRefusesADamagedIndex) {
  TempDir dir;
  const fs::path path = dir.path() / "index";
  {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
    db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
    for (int i = 0; i < 2000; ++i) {
      Xapian::Document doc;
      doc.set_data(std::string(300, static_cast<char>('a' + i % 26)));
      doc.add_posting("word" + std::to_string(i % 97), 1);
      doc.add_posting("term" + std::to_string(i), 2);
      db.add_document(doc);
    }
    db.commit();
  }
  ASSERT_TRUE(probe_index(Xapian::Database(path.string())).ok());
  // Overwrite the middle of the document data table with garbage.
  const fs::path docdata = path / "docdata.glass";
  ASSERT_TRUE(fs::exists(docdata));
  const auto size = fs::file_size(docdata);
  {
    std::fstream f(docdata, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    const std::string junk(static_cast<std::size_t>(size), '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  Status st;
  try {
    st = probe_index(Xapian::Database(path.string()));
  } catch (const Xapian::Error& e) {
    st = Status::Corrupt(e.get_description());
  }
  EXPECT_FALSE(st.ok());
}

TEST(SearcherPool, RetriesAfterDatabaseModified) {
  const test::TestIndex index = test::build_index(test::sample_cases());
  SearcherPool pool(index.db, std::chrono::milliseconds(0));
  int calls = 0;
  const Status st = pool.run([&](Searcher&) {
    if (++calls < 3) throw Xapian::DatabaseModifiedError("changed");
  });
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(pool.retries(), 2u);
  calls = 0;
  const Status gave_up = pool.run([&](Searcher&) {
    ++calls;
    throw Xapian::DatabaseModifiedError("always");
  });
  EXPECT_EQ(gave_up.code(), Code::unavailable);
  EXPECT_EQ(calls, 4);
}

}  // namespace
}  // namespace praxis::searchd
