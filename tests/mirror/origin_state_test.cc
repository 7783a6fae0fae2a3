// The origin's scan: what is published, revisions, tombstones, persistence.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_origin.h"
#include "praxis/mirror/origin_state.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {
namespace {

namespace fs = std::filesystem;
using praxis::testing::TempDir;
using praxis::testing::write_file;

std::vector<std::string> paths(const Manifest& m) {
  std::vector<std::string> out;
  for (const auto& f : m.files) out.push_back(f.path);
  return out;
}

TEST(OriginState, PublishesRegularVisibleFilesOnly) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  write_file(c / "taxonomy.yaml", "sectors: []\n");
  testing::write_case(c, "a");
  write_file(c / ".git" / "config", "x");
  write_file(c / "cases" / ".draft.md", "x");
  write_file(tmp.path() / "outside.md", "secret");
  fs::create_symlink(tmp.path() / "outside.md", c / "cases" / "link.md");
  fs::create_directory_symlink(tmp.path(), c / "linked-dir");
  write_file(c / "cases" / "bad\x1bname.md", "x");

  auto m = build_manifest(c, "sterea");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(paths(*m), (std::vector<std::string>{"cases/a.md", "taxonomy.yaml"}));
  EXPECT_EQ(m->revision, 1u);
  EXPECT_EQ(m->origin, "sterea");
  const FileEntry* a = m->find("cases/a.md");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->sha256, sha256_hex(praxis::testing::read_file(c / "cases" / "a.md")));
  EXPECT_EQ(a->size, fs::file_size(c / "cases" / "a.md"));
  EXPECT_TRUE(fs::exists(c / ".praxis-origin" / "state.json"));
}

TEST(OriginState, RevisionMovesOnlyWithThePublishedList) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  testing::write_case(c, "a");
  testing::write_case(c, "b");
  auto r1 = build_manifest(c, "o");
  ASSERT_TRUE(r1.ok());
  auto r2 = build_manifest(c, "o");  // nothing changed
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->revision, r1->revision);
  EXPECT_EQ(serialize_manifest(*r2), serialize_manifest(*r1));

  // Touching a file (same bytes) changes nothing published.
  const auto later = fs::last_write_time(c / "cases" / "a.md") + std::chrono::seconds(5);
  fs::last_write_time(c / "cases" / "a.md", later);
  auto r3 = build_manifest(c, "o");
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(serialize_manifest(*r3), serialize_manifest(*r1));

  testing::write_case(c, "a", "An edit.");
  auto r4 = build_manifest(c, "o");
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ(r4->revision, r1->revision + 1);
  EXPECT_NE(r4->find("cases/a.md")->sha256, r1->find("cases/a.md")->sha256);
}

TEST(OriginState, DeletionsBecomeTombstonesAndComebacksClearThem) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  testing::write_case(c, "a");
  testing::write_case(c, "b");
  ASSERT_TRUE(build_manifest(c, "o").ok());
  fs::remove(c / "cases" / "b.md");
  auto m = build_manifest(c, "o");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->revision, 2u);
  ASSERT_EQ(m->tombstones.size(), 1u);
  EXPECT_EQ(m->tombstones[0].path, "cases/b.md");
  EXPECT_EQ(m->find("cases/b.md"), nullptr);

  testing::write_case(c, "b", "back");
  auto back = build_manifest(c, "o");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->revision, 3u);
  EXPECT_TRUE(back->tombstones.empty());
  EXPECT_NE(back->find("cases/b.md"), nullptr);
  // What the origin publishes, its own parser accepts.
  EXPECT_TRUE(parse_manifest(serialize_manifest(*back)).ok());
}

TEST(OriginState, StateSurvivesARestartAndOldTombstonesExpire) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  testing::write_case(c, "a");
  testing::write_case(c, "b");
  const fs::path state_file = tmp.path() / "state" / "state.json";
  ASSERT_TRUE(build_manifest(c, "o", state_file).ok());
  EXPECT_FALSE(fs::exists(c / ".praxis-origin"));  // kept where it was asked to be
  fs::remove(c / "cases" / "b.md");
  ASSERT_TRUE(build_manifest(c, "o", state_file).ok());

  auto loaded = load_origin_state(state_file);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->revision, 2u);
  ASSERT_EQ(loaded->tombstones.size(), 1u);

  // A year and a day later, at the next change, the tombstone is forgotten.
  testing::write_case(c, "c");
  auto scanned = scan_origin(c, *loaded, Clock::now() + std::chrono::hours(24 * 366));
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(scanned->state.revision, 3u);
  EXPECT_TRUE(scanned->state.tombstones.empty());
}

TEST(OriginState, SameSizeEditInTheSameClockTickIsStillSeen) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  write_file(c / "a.md", "aaaa");
  auto s1 = scan_origin(c, {}, Clock::now());
  ASSERT_TRUE(s1.ok());
  // Same size, and the time put back: only the racy-stamp rule catches it.
  const auto t = fs::last_write_time(c / "a.md");
  write_file(c / "a.md", "bbbb");
  fs::last_write_time(c / "a.md", t);
  auto s2 = scan_origin(c, s1->state, Clock::now());
  ASSERT_TRUE(s2.ok());
  EXPECT_TRUE(s2->published_changed);
  EXPECT_EQ(s2->state.files[0].entry.sha256, sha256_hex("bbbb"));
}

TEST(OriginState, DamagedStateIsAnErrorNotAFreshStart) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  testing::write_case(c, "a");
  write_file(c / ".praxis-origin" / "state.json", "{not json");
  auto m = build_manifest(c, "o");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("--allow-rollback"), std::string::npos);
}

TEST(OriginState, OversizedFilesAreLeftOutWithAWarning) {
  TempDir tmp;
  const fs::path c = tmp.path() / "content";
  write_file(c / "big.bin", std::string(2000, 'x'));
  write_file(c / "small.md", "x");
  ScanOptions o;
  o.max_file_bytes = 1000;
  auto s = scan_origin(c, {}, Clock::now(), o);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->state.files.size(), 1u);
  EXPECT_EQ(s->state.files[0].entry.path, "small.md");
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].find("big.bin"), std::string::npos);
}

}  // namespace
}  // namespace praxis::mirror
