// The manifest: canonical serialisation, round trip, and the strict parser.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "praxis/mirror/manifest.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {
namespace {

using nlohmann::json;

Manifest sample() {
  Manifest m;
  m.origin = "sterea";
  m.revision = 7;
  m.generated = "2026-10-01T12:00:05Z";
  m.files = {{"taxonomy.yaml", 10, sha256_hex("t"), "2026-09-01T00:00:00Z"},
             {"cases/b.md", 2048, sha256_hex("b"), "2026-10-01T12:00:00Z"},
             {"cases/ανοιχτά.md", 5, sha256_hex("a"), "2026-10-01T12:00:00Z"}};
  m.tombstones = {{"cases/old.md", "2026-09-30T08:00:00Z"}};
  return m;
}

TEST(Manifest, SerialisesCanonically) {
  const std::string s = serialize_manifest(sample());
  // Keys in byte order, no whitespace, files sorted by path, UTF-8 as is.
  EXPECT_EQ(s.rfind(R"({"files":[{"path":"cases/b.md","sha256":")", 0), 0u) << s;
  EXPECT_NE(s.find(R"("format":"praxis-mirror-manifest/1","generated":"2026-10-01T12:00:05Z","origin":"sterea","revision":7,"tombstones":[{"deleted":"2026-09-30T08:00:00Z","path":"cases/old.md"}]})"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("ανοιχτά"), std::string::npos);
  EXPECT_EQ(s.find(' '), std::string::npos);
  EXPECT_LT(s.find("cases/b.md"), s.find("cases/ανοιχτά.md"));
  EXPECT_LT(s.find("cases/ανοιχτά.md"), s.find("taxonomy.yaml"));
  // The same manifest with its lists in another order gives the same bytes.
  Manifest shuffled = sample();
  std::swap(shuffled.files[0], shuffled.files[2]);
  EXPECT_EQ(serialize_manifest(shuffled), s);
}

TEST(Manifest, RoundTrips) {
  const std::string s = serialize_manifest(sample());
  auto parsed = parse_manifest(s);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->origin, "sterea");
  EXPECT_EQ(parsed->revision, 7u);
  ASSERT_EQ(parsed->files.size(), 3u);
  EXPECT_EQ(parsed->files[0].path, "cases/b.md");
  EXPECT_EQ(parsed->files[0].size, 2048u);
  EXPECT_EQ(parsed->tombstones, sample().tombstones);
  EXPECT_EQ(serialize_manifest(*parsed), s);
  ASSERT_NE(parsed->find("taxonomy.yaml"), nullptr);
  EXPECT_EQ(parsed->find("cases/old.md"), nullptr);
  EXPECT_EQ(parsed->total_bytes(), 2063u);
}

TEST(Manifest, EmptyOriginIsValid) {
  Manifest m;
  m.origin = "x";
  m.revision = 1;
  m.generated = "2026-01-01T00:00:00Z";
  EXPECT_TRUE(parse_manifest(serialize_manifest(m)).ok());
}

// Each mutation of a valid manifest's JSON must be refused.
TEST(Manifest, StrictParserRefusesEveryFault) {
  const json good = json::parse(serialize_manifest(sample()));
  struct Case {
    const char* name;
    std::function<void(json&)> mutate;
  };
  const std::vector<Case> cases = {
      {"wrong format", [](json& j) { j["format"] = "praxis-mirror-manifest/2"; }},
      {"unknown member", [](json& j) { j["extra"] = 1; }},
      {"missing member", [](json& j) { j.erase("tombstones"); }},
      {"bad origin", [](json& j) { j["origin"] = "Sterea Ελλάδα"; }},
      {"revision 0", [](json& j) { j["revision"] = 0; }},
      {"negative revision", [](json& j) { j["revision"] = -3; }},
      {"fractional revision", [](json& j) { j["revision"] = 1.5; }},
      {"revision string", [](json& j) { j["revision"] = "7"; }},
      {"bad generated", [](json& j) { j["generated"] = "yesterday"; }},
      {"files not array", [](json& j) { j["files"] = json::object(); }},
      {"file unknown member", [](json& j) { j["files"][0]["mode"] = 755; }},
      {"file missing sha", [](json& j) { j["files"][0].erase("sha256"); }},
      {"absolute path", [](json& j) { j["files"][0]["path"] = "/etc/passwd"; }},
      {"dotdot path", [](json& j) { j["files"][0]["path"] = "../../etc/passwd"; }},
      {"backslash path", [](json& j) { j["files"][0]["path"] = "cases\\b.md"; }},
      {"NUL in path", [](json& j) { j["files"][0]["path"] = std::string("cases/b\0.md", 11); }},
      {"control in path", [](json& j) { j["files"][0]["path"] = "cases/\x1b.md"; }},
      {"NFD path", [](json& j) { j["files"][1]["path"] = "cases/ανοιχτα\xcc\x81.md"; }},
      {"hidden path", [](json& j) { j["files"][0]["path"] = ".praxis-mirror/state.json"; }},
      {"size negative", [](json& j) { j["files"][0]["size"] = -1; }},
      {"size over limit", [](json& j) { j["files"][0]["size"] = std::uint64_t{1} << 40; }},
      {"size string", [](json& j) { j["files"][0]["size"] = "2048"; }},
      {"sha uppercase", [](json& j) { j["files"][0]["sha256"] = std::string(64, 'A'); }},
      {"sha short", [](json& j) { j["files"][0]["sha256"] = "abc"; }},
      {"bad updated", [](json& j) { j["files"][0]["updated"] = "2026-13-01T00:00:00Z"; }},
      {"unsorted", [](json& j) { std::swap(j["files"][0], j["files"][2]); }},
      {"duplicate", [](json& j) { j["files"][1] = j["files"][0]; }},
      {"file and folder", [](json& j) { j["files"][1]["path"] = "cases/b.md/x"; }},
      {"tombstone of a file", [](json& j) { j["tombstones"][0]["path"] = "cases/b.md"; }},
      {"tombstone bad path", [](json& j) { j["tombstones"][0]["path"] = "../x"; }},
      {"tombstone bad time", [](json& j) { j["tombstones"][0]["deleted"] = 5; }},
      {"not an object", [](json& j) { j = json::array(); }},
  };
  for (const auto& c : cases) {
    json j = good;
    c.mutate(j);
    auto parsed = parse_manifest(j.dump());
    EXPECT_FALSE(parsed.ok()) << c.name << " accepted";
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), Code::corrupt) << c.name;
    }
  }
}

TEST(Manifest, RefusesJunkAndOversizedInput) {
  for (const std::string& bad : std::vector<std::string>{"", "{", "null", "[]", "{\"files\":[]}", "\xff\xfe", serialize_manifest(sample()) + "x"})
    EXPECT_FALSE(parse_manifest(bad).ok()) << bad;
  ManifestLimits small;
  small.max_manifest_bytes = 100;
  EXPECT_FALSE(parse_manifest(serialize_manifest(sample()), small).ok());
  ManifestLimits few;
  few.max_entries = 3;
  EXPECT_FALSE(parse_manifest(serialize_manifest(sample()), few).ok());
  ManifestLimits tiny_files;
  tiny_files.max_file_bytes = 1000;
  auto r = parse_manifest(serialize_manifest(sample()), tiny_files);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cases/b.md"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace praxis::mirror
