// OriginService: manifest, ETag/304, signature, and file() — which must serve
// the files of the manifest and nothing else, whatever the request's encoding.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fake_origin.h"
#include "praxis/mirror/origin_service.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {
namespace {

namespace fs = std::filesystem;
using praxis::testing::TempDir;
using praxis::testing::write_file;

class OriginServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = tmp_.path() / "content";
    write_file(content_ / "taxonomy.yaml", "sectors: []\n");
    write_file(content_ / "cases" / "a b.md", "case with a space");
    write_file(content_ / "cases" / "ανοιχτά.md", "greek name");
    write_file(content_ / "cases" / "%2e%2e.md", "a file literally named %2e%2e.md");
    write_file(content_ / "cases" / ".hidden.md", "hidden");
    write_file(tmp_.path() / "secret.txt", "outside the content folder");
    write_file(content_ / "secret.txt.bak", "not listed? listed: a regular file");
    open();
  }

  void open(std::chrono::milliseconds recheck = std::chrono::milliseconds(0)) {
    OriginOptions o;
    o.content = content_;
    o.origin_name = "sterea";
    o.recheck_interval = recheck;
    o.log = [this](std::string_view line) { log_.emplace_back(line); };
    auto s = OriginService::open(o, keys_.secret_key);
    ASSERT_TRUE(s.ok()) << s.status().message();
    service_ = std::move(s).value();
  }

  std::string f(const std::string& raw) { return std::string(kFilesRoutePrefix) + raw; }

  TempDir tmp_;
  fs::path content_;
  KeyPair keys_ = generate_key_pair();
  std::unique_ptr<OriginService> service_;
  std::vector<std::string> log_;
};

TEST_F(OriginServiceTest, ManifestIsSignedAndParses) {
  const auto m = service_->manifest("");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type, "application/json; charset=utf-8");
  EXPECT_FALSE(m.etag.empty());
  EXPECT_EQ(m.etag.front(), '"');
  const auto sig = service_->signature();
  EXPECT_EQ(sig.status, 200);
  EXPECT_EQ(sig.etag, m.etag);
  EXPECT_TRUE(verify_detached(m.body, sig.body, keys_.public_key));
  auto parsed = parse_manifest(m.body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->origin, "sterea");
  EXPECT_NE(parsed->find("cases/a b.md"), nullptr);
  EXPECT_EQ(parsed->find("cases/.hidden.md"), nullptr);
}

TEST_F(OriginServiceTest, IfNoneMatchGives304) {
  const auto m = service_->manifest("");
  for (const std::string& inm : std::vector<std::string>{m.etag, "W/" + m.etag, "\"x\", " + m.etag, "*"}) {
    const auto again = service_->manifest(inm);
    EXPECT_EQ(again.status, 304) << inm;
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.etag, m.etag);
  }
  EXPECT_EQ(service_->manifest("\"other\"").status, 200);
  write_file(content_ / "cases" / "new.md", "new");
  const auto changed = service_->manifest(m.etag);
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.etag, m.etag);
  EXPECT_EQ(service_->revision(), 2u);
}

TEST_F(OriginServiceTest, ServesListedFilesByEncodedPath) {
  struct Case {
    std::string raw;
    std::string body;
  };
  const Case cases[] = {
      {"taxonomy.yaml", "sectors: []\n"},
      {"cases/a%20b.md", "case with a space"},
      {"cases/a b.md", "case with a space"},  // a server that already decoded
      {"cases%2Fa%20b.md", "case with a space"},  // an encoded '/' is just a '/'
      {"cases/%CE%B1%CE%BD%CE%BF%CE%B9%CF%87%CF%84%CE%AC.md", "greek name"},
      {"cases/%252e%252e.md", "a file literally named %2e%2e.md"},
      {"taxonomy.yaml?download=1", "sectors: []\n"},
  };
  for (const auto& c : cases) {
    const auto r = service_->file(f(c.raw));
    EXPECT_EQ(r.status, 200) << c.raw;
    EXPECT_EQ(r.body, c.body) << c.raw;
  }
  const auto r = service_->file(f("cases/a%20b.md"));
  EXPECT_EQ(r.etag, "\"" + sha256_hex("case with a space") + "\"");
  EXPECT_EQ(r.content_type, "text/markdown; charset=utf-8");
}

TEST_F(OriginServiceTest, RefusesEveryTraversalEncoding) {
  const std::string cases[] = {
      "../secret.txt",
      "..%2fsecret.txt",
      "..%2Fsecret.txt",
      "%2e%2e/secret.txt",
      "%2E%2E%2Fsecret.txt",
      "%2e%2e%2fsecret.txt",
      "%252e%252e%252fsecret.txt",   // double encoding
      "%25252e%25252e/secret.txt",   // triple
      "cases/../../secret.txt",
      "cases/%2e%2e/%2e%2e/secret.txt",
      "cases/..%5c..%5csecret.txt",  // backslashes
      "..\\secret.txt",
      "%c0%ae%c0%ae/secret.txt",     // overlong UTF-8 '.'
      "%c0%ae%c0%ae%c0%afsecret.txt",
      "%e0%80%ae%e0%80%ae/secret.txt",
      "%c0%2e%c0%2e/secret.txt",
      "/etc/passwd",
      "%2fetc%2fpasswd",
      "//etc/passwd",
      "cases/a%20b.md%00.txt",       // NUL truncation
      "taxonomy.yaml%00",
      "cases/a%20b.md/",
      "cases//a%20b.md",
      "./taxonomy.yaml",
      "cases/./a%20b.md",
      ".praxis-origin/state.json",
      "%2epraxis-origin/state.json",
      "cases/.hidden.md",
      "cases/%2ehidden.md",
      "cases/",
      "",
      "cases",
      "secret.txt",
      "TAXONOMY.YAML",
      "cases/a%20b.md%0a",
      "cases/%CE%B1%CE%BD%CE%BF%CE%B9%CF%87%CF%84%CE%B1%CC%81.md",  // NFD spelling of a listed name
  };
  for (const auto& raw : cases) {
    const auto r = service_->file(f(raw));
    EXPECT_TRUE(r.status == 404 || r.status == 400) << raw << " -> " << r.status;
    EXPECT_EQ(r.body.find("outside the content"), std::string::npos) << raw;
  }
  // Malformed escapes are a 400; anything else is simply not in the manifest.
  EXPECT_EQ(service_->file(f("cases/a%2")).status, 400);
  EXPECT_EQ(service_->file(f("%zz")).status, 400);
  EXPECT_EQ(service_->file(f("../secret.txt")).status, 404);
  // Only the files route.
  EXPECT_EQ(service_->file("/mirror/v1/manifest.json").status, 404);
  EXPECT_EQ(service_->file("/mirror/v1/%66iles/taxonomy.yaml").status, 404);
}

TEST_F(OriginServiceTest, FileCreatedAfterTheManifestIsNotServedUntilListed) {
  service_->manifest("");
  write_file(content_ / "cases" / "later.md", "later");
  // file() does not re-scan: the manifest the partner holds decides.
  EXPECT_EQ(service_->file(f("cases/later.md")).status, 404);
  ASSERT_TRUE(service_->refresh().ok());
  EXPECT_EQ(service_->file(f("cases/later.md")).status, 200);
}

TEST_F(OriginServiceTest, ListedFileReplacedByASymlinkIsNotFollowed) {
  fs::remove(content_ / "taxonomy.yaml");
  fs::create_symlink(tmp_.path() / "secret.txt", content_ / "taxonomy.yaml");
  const auto r = service_->file(f("taxonomy.yaml"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("outside the content"), std::string::npos);
  // And a folder swapped for a link to elsewhere.
  fs::rename(content_ / "cases", tmp_.path() / "cases-moved");
  fs::create_directory_symlink(tmp_.path() / "cases-moved", content_ / "cases");
  EXPECT_EQ(service_->file(f("cases/a%20b.md")).status, 503);
}

TEST_F(OriginServiceTest, FileChangedSinceTheManifestIs503AndTriggersARescan) {
  const auto before = service_->manifest("");
  write_file(content_ / "cases" / "a b.md", "edited, a different size");
  const auto r = service_->file(f("cases/a%20b.md"));
  EXPECT_EQ(r.status, 503);
  const auto after = service_->manifest(before.etag);
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(service_->file(f("cases/a%20b.md")).body, "edited, a different size");
}

TEST_F(OriginServiceTest, RescansAtMostOncePerInterval) {
  open(std::chrono::hours(1));
  const auto m = service_->manifest("");
  write_file(content_ / "cases" / "new.md", "new");
  EXPECT_EQ(service_->manifest(m.etag).status, 304);  // not looked at yet
  ASSERT_TRUE(service_->refresh().ok());
  EXPECT_EQ(service_->manifest(m.etag).status, 200);
}

TEST_F(OriginServiceTest, RevisionSurvivesARestart) {
  write_file(content_ / "cases" / "new.md", "new");
  service_->manifest("");
  const auto rev = service_->revision();
  EXPECT_EQ(rev, 2u);
  service_.reset();
  open();
  EXPECT_EQ(service_->revision(), rev);
}

TEST_F(OriginServiceTest, ReplicasOnTheSameContentAgreeOnRevisions) {
  OriginOptions o;
  o.content = content_;
  o.origin_name = "sterea";
  o.recheck_interval = std::chrono::milliseconds(0);
  o.log = [](std::string_view) {};
  auto other = OriginService::open(o, keys_.secret_key);
  ASSERT_TRUE(other.ok()) << other.status().message();
  for (int i = 0; i < 3; ++i) {
    write_file(content_ / "cases" / ("r" + std::to_string(i) + ".md"), std::string(static_cast<std::size_t>(i + 1), 'x'));
    // One of them sees the change first; the other takes its revision, bytes and all.
    const auto a = (i % 2 ? *other.value() : *service_).manifest("");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a different "generated" second if re-made
    const auto b = (i % 2 ? *service_ : *other.value()).manifest("");
    EXPECT_EQ(a.etag, b.etag) << i;
    EXPECT_EQ(a.body, b.body) << i;
  }
  EXPECT_EQ(service_->revision(), 4u);
  EXPECT_EQ(other.value()->revision(), 4u);
}

TEST_F(OriginServiceTest, OpenFailsClearly) {
  OriginOptions o;
  o.content = tmp_.path() / "missing";
  o.origin_name = "sterea";
  EXPECT_FALSE(OriginService::open(o, keys_.secret_key).ok());
  o.content = content_;
  o.origin_name = "Not A Name";
  EXPECT_FALSE(OriginService::open(o, keys_.secret_key).ok());
  o.origin_name = "sterea";
  o.signing_key = tmp_.path() / "no-such.key";
  auto r = OriginService::open(o);
  ASSERT_FALSE(r.ok());
}

TEST_F(OriginServiceTest, ConcurrentRequestsAgree) {
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (t == 0 && i % 10 == 0) write_file(content_ / "cases" / ("n" + std::to_string(i) + ".md"), "x");
        const auto m = service_->manifest("");
        const auto s = service_->signature();
        // A signature is always for the manifest with the same ETag.
        if (m.etag == s.etag && !verify_detached(m.body, s.body, keys_.public_key)) ++bad;
        if (service_->file(f("taxonomy.yaml")).status != 200) ++bad;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace praxis::mirror
