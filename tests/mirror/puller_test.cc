// The partner side against a fake network: incremental transfers, and every
// failure leaving the previous mirror exactly as it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <iostream>
#include <set>

#include "fake_origin.h"
#include "praxis/mirror/mirror_layout.h"
#include "praxis/mirror/mirror_state.h"
#include "praxis/mirror/puller.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {
namespace {

namespace fs = std::filesystem;
using praxis::testing::read_file;
using praxis::testing::TempDir;
using praxis::testing::write_file;
using testing::snapshot_tree;
using testing::write_case;

class PullerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    origin_ = tmp_.path() / "origin";
    write_file(origin_ / "taxonomy.yaml", "sectors: []\n");
    write_case(origin_, "a");
    write_case(origin_, "b");
    write_case(origin_, "c");
    own_ = tmp_.path() / "partner" / "own";
    write_case(own_, "local-1");
    own_before_ = snapshot_tree(own_);
    into_ = tmp_.path() / "partner" / "mirror" / "sterea";
    OriginOptions o;
    o.content = origin_;
    o.origin_name = "sterea";
    o.recheck_interval = std::chrono::milliseconds(0);
    o.log = [](std::string_view) {};
    auto s = OriginService::open(o, keys_.secret_key);
    ASSERT_TRUE(s.ok()) << s.status().message();
    service_ = std::move(s).value();
    fetcher_ = std::make_unique<testing::FakeFetcher>(*service_);
  }

  void TearDown() override {
    // Whatever happened, the partner's own cases were never touched.
    EXPECT_EQ(snapshot_tree(own_), own_before_);
  }

  PullOptions options() {
    PullOptions p;
    p.name = "sterea";
    p.keys = {keys_.public_key};
    p.into = into_;
    p.log = [this](std::string_view line) { log_.emplace_back(line); };
    return p;
  }

  Result<PullReport> do_pull(const PullOptions& p) {
    fetcher_->reset_counters();
    return pull(*fetcher_, p);
  }
  Result<PullReport> do_pull() { return do_pull(options()); }

  // The link's target and every file under it: what "exactly as it was" compares.
  struct MirrorImage {
    std::string link;
    std::map<std::string, std::string> files;
    bool operator==(const MirrorImage&) const = default;
  };
  MirrorImage image() const {
    std::error_code ec;
    return {fs::read_symlink(into_, ec).string(), snapshot_tree(into_)};
  }
  std::set<std::string> siblings() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(into_.parent_path())) out.insert(e.path().filename().string());
    return out;
  }
  std::size_t count_siblings(std::string_view infix) const {
    std::size_t n = 0;
    for (const auto& s : siblings()) n += s.find(infix) != std::string::npos;
    return n;
  }
  // A failed pull: a clear message, the mirror as it was, nothing left behind.
  void expect_failed_cleanly(const Result<PullReport>& r, const MirrorImage& before, std::string_view message) {
    ASSERT_FALSE(r.ok()) << "the pull succeeded";
    EXPECT_NE(r.status().message().find(message), std::string::npos) << r.status().message();
    EXPECT_EQ(image(), before);
    EXPECT_EQ(count_siblings(".staging-"), 0u);
    EXPECT_EQ(count_siblings(".link-"), 0u);
    EXPECT_LE(count_siblings(".v"), 1u);
  }

  TempDir tmp_;
  fs::path origin_, own_, into_;
  std::map<std::string, std::string> own_before_;
  KeyPair keys_ = generate_key_pair();
  std::unique_ptr<OriginService> service_;
  std::unique_ptr<testing::FakeFetcher> fetcher_;
  std::vector<std::string> log_;
};

TEST_F(PullerTest, FirstPullMirrorsEverything) {
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->changed);
  EXPECT_EQ(r->previous_revision, 0u);
  EXPECT_EQ(r->revision, 1u);
  EXPECT_EQ(r->files, 4u);
  EXPECT_EQ(r->downloaded, 4u);
  EXPECT_EQ(r->reused, 0u);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
  EXPECT_TRUE(fs::is_symlink(into_));
  const std::string target = fs::read_symlink(into_).string();
  EXPECT_EQ(target.rfind("sterea.v1-", 0), 0u) << target;
  EXPECT_EQ(siblings(), (std::set<std::string>{"sterea", target, "sterea.lock"}));
  auto st = load_mirror_state(into_);
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_EQ(st->origin, "sterea");
  EXPECT_EQ(st->revision, 1u);
  EXPECT_EQ(st->files.size(), 4u);
  EXPECT_EQ(st->key_fingerprint, keys_.public_key.fingerprint());
  EXPECT_EQ(st->last_pull, st->last_check);
  // The signed manifest is kept beside the state, and still verifies.
  EXPECT_TRUE(verify_detached(read_file(into_ / ".praxis-mirror" / "manifest.json"),
                              read_file(into_ / ".praxis-mirror" / "manifest.json.sig"), keys_.public_key));
}

TEST_F(PullerTest, NothingChangedIsOne304) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->changed);
  EXPECT_TRUE(r->not_modified);
  EXPECT_EQ(r->revision, 1u);
  EXPECT_EQ(fetcher_->requests, (std::vector<std::string>{"/mirror/v1/manifest.json"}));
  EXPECT_EQ(r->bytes_transferred, 0u);
  EXPECT_EQ(image(), before);
}

TEST_F(PullerTest, EditAddDeleteTransferOnlyThose) {
  ASSERT_TRUE(do_pull().ok());
  const std::string old_version = fs::read_symlink(into_).string();
  write_case(origin_, "a", "An edit at the origin.");
  write_case(origin_, "d");
  fs::remove(origin_ / "cases" / "c.md");

  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->changed);
  EXPECT_EQ(r->previous_revision, 1u);
  EXPECT_EQ(r->revision, 2u);
  EXPECT_EQ(r->downloaded, 2u);
  EXPECT_EQ(r->reused, 2u);  // b and taxonomy.yaml
  EXPECT_EQ(r->removed, 1u);
  EXPECT_EQ(r->tombstoned, 1u);
  std::vector<std::string> fetched = fetcher_->file_requests;
  std::sort(fetched.begin(), fetched.end());
  EXPECT_EQ(fetched, (std::vector<std::string>{"cases/a.md", "cases/d.md"}));
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
  EXPECT_FALSE(fs::exists(into_ / "cases" / "c.md"));
  // The previous version is gone; only the new one, the link and the lock remain.
  EXPECT_FALSE(fs::exists(into_.parent_path() / old_version));
  EXPECT_EQ(siblings().size(), 3u);
}

TEST_F(PullerTest, UnchangedFilesKeepTheirInodeAndTime) {
  ASSERT_TRUE(do_pull().ok());
  const auto ino = [&](const char* p) {
    struct stat st {};
    EXPECT_EQ(::stat((into_ / p).c_str(), &st), 0);
    return std::pair(st.st_ino, st.st_mtim.tv_nsec + st.st_mtim.tv_sec * 1'000'000'000L);
  };
  const auto b_before = ino("cases/b.md");
  write_case(origin_, "a", "edit");
  ASSERT_TRUE(do_pull().ok());
  // Hard-linked into the new version: the indexer sees (mtime, size) unchanged.
  EXPECT_EQ(ino("cases/b.md"), b_before);
}

TEST_F(PullerTest, OneEditTransfersTheManifestTheSignatureAndOneFile) {
  ASSERT_TRUE(do_pull().ok());
  const std::uint64_t first = fetcher_->bytes;
  write_case(origin_, "b", "One small edit.");
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::string manifest = service_->manifest("").body;
  const std::string sig = service_->signature().body;
  const std::uint64_t file = fs::file_size(origin_ / "cases" / "b.md");
  EXPECT_EQ(r->downloaded, 1u);
  EXPECT_EQ(r->file_bytes, file);
  EXPECT_EQ(r->bytes_transferred, manifest.size() + sig.size() + file);
  EXPECT_EQ(fetcher_->bytes, r->bytes_transferred);
  std::cout << "[ mirror   ] first pull: " << first << " bytes; second pull after one edit: " << r->bytes_transferred
            << " bytes (manifest " << manifest.size() << " + signature " << sig.size() << " + 1 file " << file
            << ")\n";
}

TEST_F(PullerTest, TamperedManifestIsRefused) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target != kManifestRoute) return;
    const auto at = r.body.find("\"size\":");
    r.body[at + 7] = r.body[at + 7] == '9' ? '8' : '9';
  };
  expect_failed_cleanly(do_pull(), before, "bad signature");
}

TEST_F(PullerTest, TamperedFileIsRefused) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  write_case(origin_, "d");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target == "/mirror/v1/files/cases/d.md") r.body[r.body.size() / 2] ^= 1;  // same size, one bit
  };
  expect_failed_cleanly(do_pull(), before, "sha256 differs");
}

TEST_F(PullerTest, ShortOrLongFileIsRefused) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target == "/mirror/v1/files/cases/a.md") r.body.pop_back();
  };
  expect_failed_cleanly(do_pull(), before, "bytes, the manifest says");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target == "/mirror/v1/files/cases/a.md") r.body += "more";
  };
  expect_failed_cleanly(do_pull(), before, "larger than expected");
}

TEST_F(PullerTest, WrongKeyIsRefused) {
  PullOptions p = options();
  p.keys = {generate_key_pair().public_key};
  auto first = do_pull(p);
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.status().message().find("bad signature"), std::string::npos);
  EXPECT_FALSE(fs::exists(fs::symlink_status(into_)));  // no mirror made at all

  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  expect_failed_cleanly(do_pull(p), before, "bad signature");
}

TEST_F(PullerTest, KeyRotationAcceptsAnyPinnedKey) {
  PullOptions p = options();
  p.keys = {generate_key_pair().public_key, keys_.public_key};
  auto r = do_pull(p);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->key_fingerprint, keys_.public_key.fingerprint());
}

TEST_F(PullerTest, SignedManifestWithAnEscapingPathIsRefused) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  // Even a manifest the pinned key signed (a compromised or buggy origin)
  // cannot name a path outside the mirror.
  for (const std::string evil : {"../../escaped.md", "/tmp/escaped.md", "cases/../../escaped.md",
                                 ".praxis-mirror/state.json", "cases\\..\\..\\escaped.md"}) {
    Manifest m;
    m.origin = "sterea";
    m.revision = 5;
    m.generated = "2026-10-01T00:00:00Z";
    m.files = {{evil, 3, sha256_hex("bad"), "2026-10-01T00:00:00Z"}};
    const std::string body = serialize_manifest(m);
    const std::string sig = sign_detached(body, keys_.secret_key);
    fetcher_->tamper = [&](const std::string& target, FetchResponse& r) {
      if (target == kManifestRoute) r = {200, body, "\"evil\""};
      if (target == kSignatureRoute) r = {200, sig, "\"evil\""};
      if (target.rfind(std::string(kFilesRoutePrefix), 0) == 0) r = {200, "bad", ""};
    };
    expect_failed_cleanly(do_pull(), before, "invalid manifest");
    EXPECT_TRUE(fetcher_->file_requests.empty()) << evil;
  }
  EXPECT_FALSE(fs::exists(tmp_.path() / "partner" / "escaped.md"));
  EXPECT_FALSE(fs::exists(tmp_.path() / "escaped.md"));
}

TEST_F(PullerTest, CutConnectionMidFileLeavesTheMirrorAndTheNextPullCompletes) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  write_case(origin_, "d");
  fetcher_->cut_at_file = 1;
  expect_failed_cleanly(do_pull(), before, "connection reset");
  fetcher_->cut_at_file = -1;
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
}

TEST_F(PullerTest, OriginDownOrErrorLeavesTheMirror) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target == kSignatureRoute) r = {503, "{}", ""};
  };
  expect_failed_cleanly(do_pull(), before, "HTTP 503");
  fetcher_->tamper = [](const std::string& target, FetchResponse& r) {
    if (target.rfind(std::string(kFilesRoutePrefix), 0) == 0) r = {404, "{}", ""};
  };
  expect_failed_cleanly(do_pull(), before, "HTTP 404");
}

// A pull killed (SIGKILL) at a stage, in a child process.
void pull_and_die_at(testing::FakeFetcher& fetcher, PullOptions p, std::string_view stage) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    p.stage_hook = [stage](std::string_view s) {
      if (s == stage) ::raise(SIGKILL);
    };
    p.log = nullptr;
    (void)pull(fetcher, p);
    ::_exit(0);  // not reached when the stage comes
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed at " << stage;
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST_F(PullerTest, KilledBetweenDownloadAndSwapLeavesTheMirrorAndTheNextPullCleansUp) {
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  write_case(origin_, "a", "edit");
  pull_and_die_at(*fetcher_, options(), "staged");
  EXPECT_EQ(image(), before);                   // the previous mirror, exactly
  EXPECT_EQ(count_siblings(".staging-"), 1u);   // what the killed pull left
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
  EXPECT_EQ(count_siblings(".staging-"), 0u);
  EXPECT_EQ(siblings().size(), 3u);
  EXPECT_NE(std::find_if(log_.begin(), log_.end(),
                         [](const std::string& l) { return l.find("left by an earlier pull") != std::string::npos; }),
            log_.end());
}

TEST_F(PullerTest, KilledAfterTheSwapLeavesTheNewMirrorComplete) {
  ASSERT_TRUE(do_pull().ok());
  write_case(origin_, "a", "edit");
  pull_and_die_at(*fetcher_, options(), "swapped");
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));  // the new state, complete
  EXPECT_EQ(count_siblings(".v"), 2u);                      // the old version not yet removed
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->changed);
  EXPECT_EQ(count_siblings(".v"), 1u);
}

TEST_F(PullerTest, ReplayedOlderManifestIsRefusedUnlessAllowed) {
  ASSERT_TRUE(do_pull().ok());
  const std::string old_manifest = service_->manifest("").body;
  const std::string old_sig = service_->signature().body;
  write_case(origin_, "a", "edit");
  ASSERT_TRUE(do_pull().ok());
  const auto before = image();
  fetcher_->tamper = [&](const std::string& target, FetchResponse& r) {
    if (target == kManifestRoute) r = {200, old_manifest, "\"old\""};
    if (target == kSignatureRoute) r = {200, old_sig, "\"old\""};
  };
  expect_failed_cleanly(do_pull(), before, "older than the mirror's");
}

TEST_F(PullerTest, OriginResetNeedsAllowRollbackOnce) {
  ASSERT_TRUE(do_pull().ok());
  write_case(origin_, "a", "edit");
  ASSERT_TRUE(do_pull().ok());  // revision 2
  // The origin loses its state: it starts again at revision 1.
  fs::remove_all(origin_ / ".praxis-origin");
  write_case(origin_, "d");
  OriginOptions o;
  o.content = origin_;
  o.origin_name = "sterea";
  o.recheck_interval = std::chrono::milliseconds(0);
  fetcher_.reset();
  service_ = std::move(OriginService::open(o, keys_.secret_key)).value();
  fetcher_ = std::make_unique<testing::FakeFetcher>(*service_);
  const auto before = image();
  expect_failed_cleanly(do_pull(), before, "--allow-rollback");
  PullOptions p = options();
  p.allow_rollback = true;
  auto r = do_pull(p);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->revision, 1u);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
  // From there on, ordinary pulls.
  write_case(origin_, "b", "edit");
  auto next = do_pull();
  ASSERT_TRUE(next.ok()) << next.status().message();
  EXPECT_EQ(next->revision, 2u);
}

TEST_F(PullerTest, ManifestOfAnotherOriginIsRefused) {
  PullOptions p = options();
  p.name = "attica";
  auto r = do_pull(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("\"sterea\", not \"attica\""), std::string::npos) << r.status().message();
}

TEST_F(PullerTest, ManifestChangingBetweenItsTwoRequestsIsFetchedAgain) {
  int calls = 0;
  fetcher_->tamper = [&](const std::string& target, FetchResponse& r) {
    if (target == kSignatureRoute && calls++ == 0) r.etag = "\"newer\"";
  };
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(std::count(fetcher_->requests.begin(), fetcher_->requests.end(), std::string(kManifestRoute)), 2);
}

TEST_F(PullerTest, OnlyOnePullAtATime) {
  ASSERT_TRUE(do_pull().ok());
  const int fd = ::open(MirrorLayout(into_).lock_file().c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto r = do_pull();
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("another pull"), std::string::npos);
}

TEST_F(PullerTest, NeverOverwritesAFolderItDidNotMake) {
  write_file(into_ / "mine.md", "the partner's file");
  auto r = do_pull();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("move it away"), std::string::npos);
  EXPECT_EQ(read_file(into_ / "mine.md"), "the partner's file");
  // An empty folder is taken over.
  fs::remove(into_ / "mine.md");
  ASSERT_TRUE(do_pull().ok());
  EXPECT_TRUE(fs::is_symlink(into_));
}

TEST_F(PullerTest, LocallyModifiedMirrorFileIsReplacedNotReused) {
  ASSERT_TRUE(do_pull().ok());
  fs::remove(into_ / "cases" / "b.md");
  write_file(into_ / "cases" / "b.md", "someone edited the mirror by hand");
  write_case(origin_, "a", "edit");
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->downloaded, 2u);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
}

TEST_F(PullerTest, LostStateMeansRehashNotRedownload) {
  ASSERT_TRUE(do_pull().ok());
  fs::remove(into_ / ".praxis-mirror" / "state.json");
  write_case(origin_, "a", "edit");
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->downloaded, 1u);
  EXPECT_EQ(r->reused, 3u);
}

TEST_F(PullerTest, DanglingLinkPullsEverythingAgain) {
  ASSERT_TRUE(do_pull().ok());
  fs::remove_all(into_.parent_path() / fs::read_symlink(into_));
  auto r = do_pull();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->downloaded, 4u);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(origin_));
}

TEST(PullOptions, Validation) {
  PullOptions p;
  p.name = "Bad Name";
  EXPECT_FALSE(p.validate().ok());
  p.name = "sterea";
  EXPECT_FALSE(p.validate().ok());  // no key
  p.keys = {generate_key_pair().public_key};
  EXPECT_FALSE(p.validate().ok());  // no folder
  p.into = "mirror/sterea";
  EXPECT_TRUE(p.validate().ok());
}

TEST(MirrorLayout, RecognisesOnlyItsOwnNames) {
  const MirrorLayout l("/srv/mirror/sterea/");
  EXPECT_EQ(l.base(), "sterea");
  EXPECT_EQ(l.parent(), "/srv/mirror");
  for (const char* ok : {"sterea.staging-0a1b", "sterea.link-ff", "sterea.v12-3fa9c1d2"}) EXPECT_TRUE(l.is_ours(ok)) << ok;
  for (const char* no : {"sterea", "sterea.lock", "sterea.v12", "sterea.v-1", "sterea.vx-12", "sterea.v1-XYZ",
                         "sterea.staging-", "attica.v1-ab", "sterea.v1-ab/..", "sterea2.v1-ab", "own"})
    EXPECT_FALSE(l.is_ours(no)) << no;
}

}  // namespace
}  // namespace praxis::mirror
