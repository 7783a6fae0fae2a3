// praxis-indexer build, run as a real process over temp folders.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <xapian.h>

#include "case_writer.h"
#include "praxis/schema.h"
#include "praxis/stored_doc.h"
#include "process.h"

namespace praxis::testing {
namespace {

namespace fs = std::filesystem;

class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = tmp_.path() / "content";
    index_ = tmp_.path() / "index";
    copy_taxonomy(content_);
  }

  ProcessResult build(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {PRAXIS_INDEXER, "build", "--content", content_.string(), "--index",
                                     index_.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv);
  }

  Xapian::Database open() { return Xapian::Database(index_.string()); }

  static bool has_id(const Xapian::Database& db, const std::string& id) {
    return db.term_exists(schema::id_term(id));
  }

  TempDir tmp_;
  fs::path content_, index_;
};

TEST_F(BuildTest, IndexesEveryValidFileAndSummarises) {
  write_case(content_, {.id = "alpha", .title = "Alpha"});
  write_case(content_, {.id = "beta", .title = "Beta"}, "sub");
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("indexed 2, unchanged 0, removed 0, skipped 0 of 2 files"), std::string::npos) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(has_id(db, "alpha"));
  EXPECT_TRUE(has_id(db, "beta"));
  EXPECT_EQ(db.get_metadata(schema::kSchemaVersionKey), std::to_string(schema::kSchemaVersion));
}

TEST_F(BuildTest, SecondRunWithNoChangeWritesNothing) {
  write_case(content_, {.id = "alpha", .title = "Alpha"});
  ASSERT_EQ(build().exit_code, 0);
  const auto revision = open().get_revision();
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("indexed 0, unchanged 1, removed 0, skipped 0"), std::string::npos) << r.err;
  EXPECT_EQ(open().get_revision(), revision);
}

TEST_F(BuildTest, EditedFileIsReindexedAlone) {
  write_case(content_, {.id = "alpha", .title = "Alpha"});
  write_case(content_, {.id = "beta", .title = "Beta"});
  ASSERT_EQ(build().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a new mtime
  write_case(content_, {.id = "beta", .title = "Beta renamed zebra"});
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("indexed 1, unchanged 1, removed 0"), std::string::npos) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists("zebra"));
}

TEST_F(BuildTest, TouchedButUnchangedFileIsNotReindexed) {
  const auto path = write_case(content_, {.id = "alpha", .title = "Alpha"});
  ASSERT_EQ(build().exit_code, 0);
  fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  auto r = build();
  EXPECT_NE(r.err.find("indexed 0, unchanged 1"), std::string::npos) << r.err;
  // The new mtime was recorded: the next run does not even read the file.
  const auto revision = open().get_revision();
  r = build();
  EXPECT_NE(r.err.find("indexed 0, unchanged 1"), std::string::npos) << r.err;
  EXPECT_EQ(open().get_revision(), revision);
}

TEST_F(BuildTest, DeletedAndRenamedFilesLeaveTheIndex) {
  const auto alpha = write_case(content_, {.id = "alpha", .title = "Alpha"});
  const auto beta = write_case(content_, {.id = "beta", .title = "Beta"});
  ASSERT_EQ(build().exit_code, 0);
  fs::remove(alpha);
  fs::remove(beta);
  write_case(content_, {.id = "gamma", .title = "Beta"});  // beta renamed to gamma
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("indexed 1, unchanged 0, removed 2"), std::string::npos) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(has_id(db, "gamma"));
  EXPECT_FALSE(has_id(db, "alpha"));
}

TEST_F(BuildTest, MovedFileKeepsOneDocument) {
  const auto alpha = write_case(content_, {.id = "alpha", .title = "Alpha"});
  ASSERT_EQ(build().exit_code, 0);
  fs::create_directories(content_ / "moved");
  fs::rename(alpha, content_ / "moved" / "alpha.md");
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(has_id(db, "alpha"));
}

TEST_F(BuildTest, InvalidFileIsReportedSkippedAndItsOldVersionKept) {
  const auto alpha = write_case(content_, {.id = "alpha", .title = "Alpha"});
  write_case(content_, {.id = "beta", .title = "Beta"});
  ASSERT_EQ(build().exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  write_file(alpha, "---\nid: alpha\ntitle: Alpha\n  broken: [\n---\nbody\n");
  write_case(content_, {.id = "delta", .title = "Delta"});
  write_file(content_ / "no-front-matter.md", "just text\n");
  const auto r = build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find((content_ / "alpha.md").string() + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((content_ / "no-front-matter.md").string() + ":1:1: error: missing front matter"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("indexed 1, unchanged 1, removed 0, skipped 2 of 4 files"), std::string::npos) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 3u);
  EXPECT_TRUE(has_id(db, "alpha"));  // the last good version stays searchable
  EXPECT_TRUE(has_id(db, "delta"));
}

TEST_F(BuildTest, DuplicateIdAcrossFoldersIsSkipped) {
  write_case(content_, {.id = "alpha", .title = "Alpha one"}, "a");
  write_case(content_, {.id = "alpha", .title = "Alpha two"}, "b");
  const auto r = build();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("b/alpha.md: error: duplicate id 'alpha': also used by"), std::string::npos) << r.out;
  EXPECT_EQ(open().get_doccount(), 1u);
}

TEST_F(BuildTest, NamedContentFoldersSetTheSourceFacet) {
  const fs::path partner = tmp_.path() / "partner";
  write_case(content_, {.id = "ours", .title = "Ours"});
  write_case(partner, {.id = "theirs", .title = "Theirs"});
  const auto r = run_process({PRAXIS_INDEXER, "build", "--content", content_.string(), "--content",
                              "sterea=" + partner.string(), "--index", index_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto db = open();
  EXPECT_EQ(db.get_termfreq(schema::facet_term(schema::Facet::source, "local")), 1u);
  EXPECT_EQ(db.get_termfreq(schema::facet_term(schema::Facet::source, "sterea")), 1u);
}

TEST_F(BuildTest, FullRebuildReindexesEverything) {
  write_case(content_, {.id = "alpha", .title = "Alpha"});
  ASSERT_EQ(build().exit_code, 0);
  const auto r = build({"--full"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("indexed 1, unchanged 0"), std::string::npos) << r.err;
  EXPECT_EQ(open().get_doccount(), 1u);
}

// Documents carry a term for each synonym phrase they contain, so a change of
// the phrases reindexes every document (in place, through IndexWriter).
TEST_F(BuildTest, ChangedSynonymPhrasesReindexEverything) {
  auto synonyms = [&](const std::string& groups) {
    std::ofstream(content_ / "synonyms.yaml") << "groups:\n" << groups;
  };
  synonyms("  - [δήμος, city council]\n");
  write_case(content_, {.id = "alpha", .title = "Alpha", .body = "The city council met the public space team.\n"});
  write_case(content_, {.id = "beta", .title = "Beta"});
  ASSERT_EQ(build().exit_code, 0);
  {
    auto db = open();
    EXPECT_EQ(db.get_termfreq(schema::phrase_term("city council")), 1u);
    EXPECT_EQ(db.get_metadata(schema::kPhrasesKey), "city council\n");
    EXPECT_EQ(db.get_termfreq(schema::sample_bucket_term(schema::sample_bucket("alpha"))), 1u);
  }
  synonyms("  - [δήμος, city council]\n  - [public space, δημόσιος χώρος, plaza]\n");
  const auto r = build();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("indexed 2, unchanged 0"), std::string::npos) << r.err;
  auto db = open();
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_EQ(db.get_termfreq(schema::phrase_term("public space")), 1u);
  // Normalised: the final sigma too.
  EXPECT_EQ(db.get_metadata(schema::kPhrasesKey), "city council\npublic space\nδημοσιοσ χωροσ\n");
  // The same phrases again: nothing to do.
  EXPECT_NE(build().err.find("indexed 0, unchanged 2"), std::string::npos);
}

TEST_F(BuildTest, FacetTermsAndValuesFollowTheSchema) {
  write_case(content_, {.id = "alpha", .title = "Alpha", .lang = "el", .sector = {"social-economy", "technology-ict"},
                        .region = "GR-H", .outcome = {"participation"}, .year = 2019, .draft = true});
  ASSERT_EQ(build().exit_code, 0);
  auto db = open();
  using schema::Facet;
  for (const auto& [facet, value] : std::vector<std::pair<Facet, std::string>>{
           {Facet::sector, "social-economy"}, {Facet::sector, "technology-ict"}, {Facet::region, "GR-H"},
           {Facet::country, "GR"}, {Facet::outcome, "participation"}, {Facet::lang, "el"},
           {Facet::year, "2019"}, {Facet::source, "local"}})
    EXPECT_EQ(db.get_termfreq(schema::facet_term(facet, value)), 1u) << schema::facet_term(facet, value);
  EXPECT_EQ(db.get_termfreq(std::string(schema::kDraftTerm)), 1u);
  const auto doc = db.get_document(*db.postlist_begin(schema::id_term("alpha")));
  EXPECT_EQ(doc.get_value(schema::facet_info(Facet::sector).slot), std::string("social-economy\x1ftechnology-ict"));
  EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(schema::SLOT_YEAR)), 2019.0);
  const auto stored = schema::decode_stored_doc(doc);
  ASSERT_TRUE(stored);
  EXPECT_NE(stored->meta_json.find("\"id\":\"alpha\""), std::string::npos);
  EXPECT_NE(stored->text.find("Something was wrong."), std::string::npos);
}

// kill -9 at random moments of incremental runs (an index exists, so every
// change goes through commits): the index always opens, every document in
// it is whole, and a rerun completes the work.
TEST_F(BuildTest, KilledMidRunLeavesAConsistentIndex) {
  constexpr int kCases = 3000;
  constexpr int kFirst = 100;  // indexed before the kills
  std::string body;
  for (int i = 0; i < 60; ++i) body += "Paragraph about open data, budgets and δημοτικές υπηρεσίες number " + std::to_string(i) + ".\n\n";
  auto write = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      write_case(content_, {.id = "case-" + std::to_string(i), .title = "Case " + std::to_string(i), .body = body},
                 std::to_string(i % 10));
  };
  write(0, kFirst);
  ASSERT_EQ(build({"--quiet"}).exit_code, 0);
  write(kFirst, kCases);

  std::mt19937 rng(12345);
  int interrupted = 0;
  for (int trial = 0; trial < 20; ++trial) {  // issue 9: at least 20 kills at random points
    Child indexer({PRAXIS_INDEXER, "build", "--content", content_.string(), "--index", index_.string(),
                   "--commit-every", "300", "--quiet"});
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 400)(rng)));
    indexer.signal(SIGKILL);
    const auto r = indexer.wait();
    if (r.signal == SIGKILL) ++interrupted;

    Xapian::Database db(index_.string());
    Xapian::doccount with_id = 0;
    for (auto it = db.allterms_begin(std::string(schema::kIdPrefix)); it != db.allterms_end(std::string(schema::kIdPrefix)); ++it)
      ++with_id;
    EXPECT_EQ(with_id, db.get_doccount());
    EXPECT_GE(db.get_doccount(), static_cast<Xapian::doccount>(kFirst));
    EXPECT_LE(db.get_doccount(), static_cast<Xapian::doccount>(kCases));
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const auto doc = db.get_document(*it);
      ASSERT_TRUE(schema::decode_stored_doc(doc)) << "document " << *it;
      ASSERT_FALSE(doc.get_value(schema::SLOT_STAMP).empty());
    }
  }
  EXPECT_GT(interrupted, 0) << "the indexer always finished before the kill: the test proved nothing";
  const auto r = build({"--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(open().get_doccount(), static_cast<Xapian::doccount>(kCases));
  const auto again = build();
  EXPECT_NE(again.err.find("indexed 0, unchanged 3000"), std::string::npos) << again.err;
}

// A first build writes shards beside the index and merges them: the result
// is the index a build into an existing (empty) index makes, document for
// document, and nothing is left beside it.
TEST_F(BuildTest, FirstBuildInParallelEqualsAnIncrementalOne) {
  for (int i = 0; i < 40; ++i)
    write_case(content_, {.id = "case-" + std::to_string(i), .title = "Case " + std::to_string(i) + " δήμος",
                          .lang = i % 2 ? "en" : "el", .tags = {"open data"}},
               std::to_string(i % 3));
  write_case(content_, {.id = "case-7", .title = "A duplicate id"}, "dup");
  const auto fresh = build({"--threads", "3"});
  EXPECT_EQ(fresh.exit_code, 1) << fresh.err;  // the duplicate
  EXPECT_NE(fresh.err.find("indexed 40, unchanged 0, removed 0, skipped 1 of 41 files"), std::string::npos) << fresh.err;
  for (const auto& entry : fs::directory_iterator(tmp_.path()))
    EXPECT_EQ(entry.path().filename().string().find(".praxis-build-"), std::string::npos) << entry.path();

  // The same content into an index folder that already holds a database.
  const fs::path other = tmp_.path() / "other";
  {
    Xapian::WritableDatabase empty(other.string(), Xapian::DB_CREATE);
  }
  const auto incremental = run_process({PRAXIS_INDEXER, "build", "--content", content_.string(), "--index",
                                        other.string()});
  EXPECT_NE(incremental.err.find("indexed 40, unchanged 0"), std::string::npos) << incremental.err;

  Xapian::Database a(index_.string()), b(other.string());
  ASSERT_EQ(a.get_doccount(), b.get_doccount());
  EXPECT_EQ(a.get_metadata(schema::kSchemaVersionKey), b.get_metadata(schema::kSchemaVersionKey));
  EXPECT_EQ(a.get_metadata(schema::kSynonymsHashKey), b.get_metadata(schema::kSynonymsHashKey));
  for (Xapian::docid did = 1; did <= a.get_lastdocid(); ++did) {
    const auto da = a.get_document(did), db = b.get_document(did);
    EXPECT_EQ(da.get_data(), db.get_data()) << did;
    std::vector<std::string> ta(da.termlist_begin(), da.termlist_end()), tb(db.termlist_begin(), db.termlist_end());
    EXPECT_EQ(ta, tb) << did;
    EXPECT_EQ(da.get_value(schema::SLOT_FILE), db.get_value(schema::SLOT_FILE)) << did;
  }
  std::vector<std::string> sa(a.spellings_begin(), a.spellings_end()), sb(b.spellings_begin(), b.spellings_end());
  EXPECT_EQ(sa, sb);
  EXPECT_FALSE(sa.empty());
  const auto again = build();
  EXPECT_NE(again.err.find("indexed 0, unchanged 40"), std::string::npos) << again.err;
}

// kill -9 during a first build: there is no index, or the whole one; a
// rerun completes it and removes what the killed runs left beside it.
TEST_F(BuildTest, KilledFirstBuildLeavesNoIndexOrAWholeOne) {
  constexpr int kCases = 2000;
  std::string body;
  for (int i = 0; i < 60; ++i) body += "Paragraph about open data and δημοτικές υπηρεσίες number " + std::to_string(i) + ".\n\n";
  for (int i = 0; i < kCases; ++i)
    write_case(content_, {.id = "case-" + std::to_string(i), .title = "Case " + std::to_string(i), .body = body},
               std::to_string(i % 10));
  std::mt19937 rng(777);
  int interrupted = 0;
  for (int trial = 0; trial < 4 && !fs::exists(index_); ++trial) {
    Child indexer({PRAXIS_INDEXER, "build", "--content", content_.string(), "--index", index_.string(), "--quiet"});
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 400)(rng)));
    indexer.signal(SIGKILL);
    if (indexer.wait().signal == SIGKILL) ++interrupted;
    if (fs::exists(index_)) {
      EXPECT_EQ(open().get_doccount(), static_cast<Xapian::doccount>(kCases));
    }
  }
  EXPECT_GT(interrupted, 0) << "the indexer always finished before the kill: the test proved nothing";
  const auto r = build({"--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(open().get_doccount(), static_cast<Xapian::doccount>(kCases));
  for (const auto& entry : fs::directory_iterator(tmp_.path()))
    EXPECT_EQ(entry.path().filename().string().find(".praxis-build-"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace praxis::testing
