// Shared by the searchd_tests suites: the taxonomy, and small in-memory
// indexes built with the indexer's own DocumentBuilder, so that the index
// format under test is exactly the one praxis-indexer writes.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "praxis/case_study.h"
#include "praxis/document_builder.h"
#include "praxis/schema.h"
#include "praxis/taxonomy.h"

namespace praxis::searchd::test {

inline std::filesystem::path source_dir() { return PRAXIS_SOURCE_DIR; }

inline const Taxonomy& taxonomy() {
  static const Taxonomy loaded = [] {
    auto t = Taxonomy::load(source_dir() / "content" / "taxonomy.yaml");
    if (!t.ok()) {
      ADD_FAILURE() << t.status().message();
      std::abort();
    }
    return t.value();
  }();
  return loaded;
}

struct CaseSpec {
  std::string id;
  std::string lang;
  std::string title;
  std::string body;
  std::vector<std::string> sector;
  std::string region;
  std::vector<std::string> outcome;
  std::string level = "municipal";
  std::string status = "ongoing";
  std::string evidence = "evaluated";
  int year = 2020;
  std::string updated = "2026-01-01";
  bool draft = false;
};

inline CaseStudy to_case(const CaseSpec& s) {
  CaseStudy c;
  c.id = s.id;
  c.lang = s.lang;
  c.title = s.title;
  c.summary = "Summary of " + s.title;
  c.body = s.body;
  c.sector = s.sector;
  c.region = s.region;
  c.outcome = s.outcome;
  c.level = s.level;
  c.status = s.status;
  c.evidence = s.evidence;
  c.year = s.year;
  c.updated = s.updated;
  c.draft = s.draft;
  c.path = "cases/" + s.id + ".md";
  c.origin = "local";
  return c;
}

// A folder under the system's temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("praxis-searchd-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// An index of `cases` in a temporary folder (the in-memory backend has no
// spelling table), with the schema version set.
struct TestIndex {
  std::shared_ptr<TempDir> dir = std::make_shared<TempDir>();
  Xapian::WritableDatabase db;
};

inline TestIndex build_index(const std::vector<CaseSpec>& cases) {
  TestIndex index;
  index.db = Xapian::WritableDatabase((index.dir->path() / "index").string(), Xapian::DB_CREATE);
  Xapian::WritableDatabase& db = index.db;
  DocumentBuilder builder;
  for (const auto& s : cases) {
    Xapian::Document doc = builder.build(to_case(s), "stamp");
    db.replace_document(schema::id_term(s.id), doc);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if (!(*t).empty() && !((*t)[0] >= 'A' && (*t)[0] <= 'Z')) db.add_spelling(*t);
  }
  db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kSchemaVersion));
  db.commit();
  return index;
}

// A corpus that exercises every facet: Greek and English, several sectors
// per case, a draft that must never show.
inline const std::vector<CaseSpec>& sample_cases() {
  static const std::vector<CaseSpec> cases = {
      {"sterea-diafaneia", "el", "Διαφάνεια στις αποφάσεις της Περιφέρειας",
       "Η διαφάνεια έγινε καθημερινή πρακτική. Κάθε απόφαση δημοσιεύεται.",
       {"transparency-accountability", "public-administration-egov"}, "GR-H", {"transparency"}, "regional",
       "ongoing", "evaluated", 2018, "2026-09-20"},
      {"thessaloniki-budget", "el", "Συμμετοχικός προϋπολογισμός στη Θεσσαλονίκη",
       "Οι δημότες ψηφίζουν έργα γειτονιάς στην πλατφόρμα.", {"democracy-participation"}, "GR-B",
       {"participation"}, "municipal", "pilot", "self-reported", 2021, "2026-03-10"},
      {"tartu-budget", "en", "Participatory budgeting in Tartu",
       "Residents propose projects and vote for them. Voting grew every year.", {"democracy-participation"}, "EE",
       {"participation"}, "municipal", "scaled", "evaluated", 2013, "2026-05-20"},
      {"barcelona-contracting", "en", "Open contracting in Catalonia",
       "Every public contract is published as open data; contracts are compared by auditors.",
       {"transparency-accountability"}, "ES-CT", {"transparency", "cost-savings"}, "regional", "ongoing", "audited",
       2017, "2026-08-30"},
      {"helsinki-cycling", "en", "Year-round cycling in Helsinki",
       "Protected cycle lanes are cleared in winter; cycling doubled.",
       {"transport-infrastructure", "sustainability-environment"}, "FI", {"environmental"}, "municipal",
       "ongoing", "evaluated", 2019, "2026-04-04"},
      {"estonia-xroad", "en", "X-Road data exchange",
       "Registers exchange data so that citizens give information once; public contract data too.",
       {"public-administration-egov", "technology-ict"}, "EE", {"cost-savings", "service-quality"}, "national",
       "scaled", "audited", 2001, "2026-02-28"},
      {"draft-case", "en", "Draft about open contracting transparency",
       "A draft mentions contract and transparency and διαφάνεια.", {"transparency-accountability"}, "GR-H",
       {"transparency"}, "regional", "pilot", "self-reported", 2024, "2026-10-30", true},
  };
  return cases;
}

}  // namespace praxis::searchd::test
