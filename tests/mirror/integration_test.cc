// praxis-mirror end to end over real HTTP on 127.0.0.1: the program against
// a tiny origin (tiny_origin.h) serving an OriginService, praxis-indexer
// after the pull, and — once praxis-searchd has its --mirror-content flags —
// two praxis-searchd instances, origin and partner.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_origin.h"
#include "praxis/mirror/fetcher.h"
#include "praxis/mirror/keys.h"
#include "praxis/schema.h"
#include "process.h"
#include "tiny_origin.h"

namespace praxis::mirror {
namespace {

namespace fs = std::filesystem;
using praxis::testing::Child;
using praxis::testing::ProcessResult;
using praxis::testing::read_file;
using praxis::testing::run_process;
using praxis::testing::TempDir;
using praxis::testing::write_file;
using testing::snapshot_tree;
using testing::TinyOrigin;

const std::string kMirror = PRAXIS_MIRROR_BIN;
const std::string kIndexer = PRAXIS_INDEXER_BIN;
const std::string kSearchd = PRAXIS_SEARCHD_BIN;
const fs::path kSource = PRAXIS_SOURCE_DIR;

std::vector<fs::path> real_cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kSource / "content" / "cases"))
    if (e.path().extension() == ".md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t number_before(const std::string& text, const std::string& suffix) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("(\\d+) " + suffix))) return 0;
  return std::stoull(m[1].str());
}

class MirrorIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = tmp_.path() / "origin" / "content";
    fs::create_directories(content_ / "cases");
    fs::copy_file(kSource / "content" / "taxonomy.yaml", content_ / "taxonomy.yaml");
    fs::copy_file(kSource / "content" / "synonyms.yaml", content_ / "synonyms.yaml");
    const auto cases = real_cases();
    ASSERT_GE(cases.size(), 7u);
    for (std::size_t i = 0; i < 6; ++i) fs::copy_file(cases[i], content_ / "cases" / cases[i].filename());
    own_ = tmp_.path() / "partner" / "own";
    fs::create_directories(own_ / "cases");
    fs::copy_file(cases[6], own_ / "cases" / cases[6].filename());
    own_before_ = snapshot_tree(own_);
    into_ = tmp_.path() / "partner" / "mirror" / "sterea";
    index_ = tmp_.path() / "partner" / "index";

    // The origin's key pair, made by the program.
    key_ = tmp_.path() / "keys" / "sterea";
    fs::create_directories(key_.parent_path());
    const ProcessResult kg = run_process({kMirror, "keygen", "--out", key_.string()});
    ASSERT_EQ(kg.exit_code, 0) << kg.err;
    struct stat st {};
    ASSERT_EQ(::stat((key_.string() + ".key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    OriginOptions o;
    o.content = content_;
    o.origin_name = "sterea";
    o.signing_key = key_.string() + ".key";
    o.recheck_interval = std::chrono::milliseconds(0);
    auto s = OriginService::open(o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    service_ = std::move(s).value();
    origin_ = std::make_unique<TinyOrigin>(*service_);
  }

  void TearDown() override { EXPECT_EQ(snapshot_tree(own_), own_before_); }

  std::vector<std::string> pull_args(const std::string& url, const std::string& public_key) const {
    return {kMirror, "pull", "--origin", url, "--name", "sterea", "--public-key", public_key, "--into", into_.string(),
            "--timeout", "20"};
  }
  ProcessResult pull() const { return run_process(pull_args(origin_->url(), key_.string() + ".pub")); }

  struct Image {
    std::string link;
    std::map<std::string, std::string> files;
    bool operator==(const Image&) const = default;
  };
  Image image() const {
    std::error_code ec;
    return {fs::read_symlink(into_, ec).string(), snapshot_tree(into_)};
  }
  std::size_t staging_folders() const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(into_.parent_path()))
      n += e.path().filename().string().find(".staging-") != std::string::npos;
    return n;
  }
  void edit_one_case() {
    const fs::path f = fs::directory_iterator(content_ / "cases")->path();
    std::string text = read_file(f);
    text += "\nAn edit made at the origin.\n";
    write_file(f, text);
    edited_ = f;
  }

  TempDir tmp_;
  fs::path content_, own_, into_, index_, key_, edited_;
  std::map<std::string, std::string> own_before_;
  std::unique_ptr<OriginService> service_;
  std::unique_ptr<TinyOrigin> origin_;
};

TEST_F(MirrorIntegration, PullIndexEditPullAgain) {
  std::vector<std::string> args = pull_args(origin_->url(), key_.string() + ".pub");
  args.insert(args.end(), {"--index", index_.string(), "--indexer", kIndexer, "--also-content",
                           "local=" + own_.string()});
  const ProcessResult first = run_process(args);
  std::cout << "---- first pull ----\n" << first.out << first.err;
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("revision 0 -> 1"), std::string::npos);
  EXPECT_NE(first.out.find("8 files: 8 downloaded"), std::string::npos);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(content_));
  {
    Xapian::Database db(index_.string());
    EXPECT_EQ(db.get_doccount(), 7u);
    EXPECT_EQ(db.get_termfreq(schema::facet_term(schema::Facet::source, "sterea")), 6u);
    EXPECT_EQ(db.get_termfreq(schema::facet_term(schema::Facet::source, "local")), 1u);
  }

  edit_one_case();
  const std::uint64_t sent_before = origin_->body_bytes_sent();
  const std::size_t requests_before = origin_->targets().size();
  const ProcessResult second = run_process(args);
  std::cout << "---- second pull, after one edit ----\n" << second.out << second.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("revision 1 -> 2"), std::string::npos);
  EXPECT_NE(second.out.find("8 files: 1 downloaded"), std::string::npos);
  EXPECT_NE(second.out.find("7 unchanged"), std::string::npos);
  const std::uint64_t transferred = number_before(second.out, "bytes transferred");
  const std::uint64_t expected = service_->manifest("").body.size() + service_->signature().body.size() +
                                 fs::file_size(edited_);
  EXPECT_EQ(transferred, expected);
  EXPECT_EQ(origin_->body_bytes_sent() - sent_before, expected);
  const auto targets = origin_->targets();
  EXPECT_EQ(targets.size() - requests_before, 3u);  // manifest, signature, one file
  std::cout << "[ mirror   ] second pull after one edit: " << transferred << " bytes over HTTP (manifest "
            << service_->manifest("").body.size() << " + signature " << service_->signature().body.size()
            << " + file " << fs::file_size(edited_) << ")\n";
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(content_));
  {
    Xapian::Database db(index_.string());
    EXPECT_EQ(db.get_doccount(), 7u);
  }

  const ProcessResult status = run_process({kMirror, "status", into_.string()});
  std::cout << "---- status ----\n" << status.out << status.err;
  ASSERT_EQ(status.exit_code, 0);
  EXPECT_NE(status.out.find("revision:   2"), std::string::npos);
  EXPECT_NE(status.out.find("files:      8"), std::string::npos);
  const ProcessResult js = run_process({kMirror, "status", into_.string(), "--json"});
  const auto j = nlohmann::json::parse(js.out);
  EXPECT_EQ(j["origin"], "sterea");
  EXPECT_EQ(j["file_count"], 8);

  const ProcessResult third = run_process(pull_args(origin_->url(), key_.string() + ".pub"));
  std::cout << "---- third pull, nothing changed ----\n" << third.out << third.err;
  ASSERT_EQ(third.exit_code, 0);
  EXPECT_NE(third.out.find("up to date at revision 2 (304 Not Modified)"), std::string::npos);
}

TEST_F(MirrorIntegration, CutConnectionMidFile) {
  ASSERT_EQ(pull().exit_code, 0);
  const Image before = image();
  edit_one_case();
  origin_->set_mode(TinyOrigin::Mode::cut_files);
  const ProcessResult r = pull();
  std::cout << r.err;
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("praxis-mirror: error: cannot fetch cases/"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is unchanged"), std::string::npos);
  EXPECT_EQ(image(), before);
  EXPECT_EQ(staging_folders(), 0u);
  origin_->set_mode(TinyOrigin::Mode::normal);
  ASSERT_EQ(pull().exit_code, 0);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(content_));
}

TEST_F(MirrorIntegration, KilledPullLeavesTheMirrorAndTheNextOneCompletes) {
  ASSERT_EQ(pull().exit_code, 0);
  const Image before = image();
  edit_one_case();
  origin_->set_mode(TinyOrigin::Mode::stall_files);
  {
    Child child(pull_args(origin_->url(), key_.string() + ".pub"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!origin_->stalled() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(origin_->stalled());
    child.signal(SIGKILL);  // mid-file
    const ProcessResult r = child.wait();
    EXPECT_EQ(r.signal, SIGKILL);
  }
  origin_->set_mode(TinyOrigin::Mode::normal);
  EXPECT_EQ(image(), before);
  EXPECT_EQ(staging_folders(), 1u);
  const ProcessResult next = pull();
  std::cout << next.out;
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("left by an earlier pull"), std::string::npos);
  EXPECT_EQ(staging_folders(), 0u);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(content_));
}

TEST_F(MirrorIntegration, WrongKeyIsRefused) {
  const fs::path other = tmp_.path() / "keys" / "other";
  ASSERT_EQ(run_process({kMirror, "keygen", "--out", other.string()}).exit_code, 0);
  const ProcessResult r = run_process(pull_args(origin_->url(), other.string() + ".pub"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad signature"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(fs::symlink_status(into_)));
}

TEST_F(MirrorIntegration, OriginDownLeavesTheMirror) {
  ASSERT_EQ(pull().exit_code, 0);
  const Image before = image();
  edit_one_case();
  origin_->stop();
  const ProcessResult r = pull();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot fetch the manifest"), std::string::npos) << r.err;
  EXPECT_EQ(image(), before);
}

TEST_F(MirrorIntegration, UsageErrors) {
  EXPECT_EQ(run_process({kMirror, "keygen", "--out", key_.string()}).exit_code, 1);  // exists
  EXPECT_EQ(run_process({kMirror, "pull", "--origin", "ftp://x", "--name", "sterea", "--public-key",
                         key_.string() + ".pub", "--into", into_.string()})
                .exit_code,
            1);
  EXPECT_EQ(run_process({kMirror, "pull"}).exit_code, 2);
  EXPECT_EQ(run_process({kMirror, "status", (tmp_.path() / "nothing").string()}).exit_code, 1);
}

// ---- Two praxis-searchd instances, once searchd serves /mirror/v1/ ----

bool searchd_serves_mirror() {
  if (kSearchd.empty() || !fs::exists(kSearchd)) return false;
  const ProcessResult help = run_process({kSearchd, "--help"});
  return help.out.find("--mirror-content") != std::string::npos &&
         help.out.find("--signing-key") != std::string::npos && help.out.find("--origin-name") != std::string::npos;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// GET through the mirror's own HTTP client; waits for the server to come up.
Result<FetchResponse> http_get(const std::string& base, const std::string& target, bool wait = false) {
  auto f = make_http_fetcher({base, std::chrono::seconds(2), std::chrono::seconds(10), {}});
  if (!f.ok()) return f.status();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait ? 30 : 0);
  for (;;) {
    auto r = f.value()->get(target, "", 64 << 20);
    if (r.ok() || std::chrono::steady_clock::now() >= deadline) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::uint64_t search_total(const std::string& base, const std::string& query) {
  auto r = http_get(base, "/api/search?facets=false&" + query);
  if (!r.ok() || r->status != 200) return 0;
  return nlohmann::json::parse(r->body).value("total", std::uint64_t{0});
}

TEST_F(MirrorIntegration, TwoSearchdInstancesOriginAndPartner) {
  if (!searchd_serves_mirror())
    GTEST_SKIP() << "praxis-searchd does not serve /mirror/v1/ yet (no --mirror-content/--signing-key/--origin-name "
                    "in its --help); the same pulls run above against tiny_origin.h";
  origin_->stop();
  const fs::path origin_index = tmp_.path() / "origin" / "index";
  ASSERT_EQ(run_process({kIndexer, "build", "--content", content_.string(), "--index", origin_index.string(), "--quiet"})
                .exit_code,
            0);
  const int oport = free_port();
  const std::string ourl = "http://127.0.0.1:" + std::to_string(oport);
  auto origin = std::make_unique<Child>(std::vector<std::string>{
      kSearchd, "--index", origin_index.string(), "--content", content_.string(), "--listen",
      "127.0.0.1:" + std::to_string(oport), "--no-access-log", "--mirror-content", content_.string(), "--signing-key",
      key_.string() + ".key", "--origin-name", "sterea"});
  auto up = http_get(ourl, "/healthz", true);
  ASSERT_TRUE(up.ok()) << up.status().message();

  // The routes themselves.
  auto m = http_get(ourl, "/mirror/v1/manifest.json");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->status, 200);
  auto sig = http_get(ourl, "/mirror/v1/manifest.json.sig");
  ASSERT_TRUE(sig.ok());
  auto pub = read_public_key(key_.string() + ".pub");
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(verify_detached(m->body, sig->body, *pub));
  EXPECT_EQ(m->etag, sig->etag);
  for (const std::string evil : {"/mirror/v1/files/..%2f..%2fetc%2fpasswd", "/mirror/v1/files/%2e%2e/%2e%2e/etc/passwd",
                                 "/mirror/v1/files/%252e%252e%252fetc%252fpasswd", "/mirror/v1/files/%c0%ae%c0%ae/x",
                                 "/mirror/v1/files/.praxis-origin/state.json"}) {
    auto r = http_get(ourl, evil);
    ASSERT_TRUE(r.ok()) << evil;
    EXPECT_TRUE(r->status == 404 || r->status == 400) << evil << " -> " << r->status;
    EXPECT_EQ(r->body.find("root:"), std::string::npos);
  }

  std::vector<std::string> args = pull_args(ourl, key_.string() + ".pub");
  args.insert(args.end(), {"--index", index_.string(), "--indexer", kIndexer, "--also-content",
                           "local=" + own_.string()});
  const ProcessResult first = run_process(args);
  std::cout << "---- first pull from praxis-searchd ----\n" << first.out << first.err;
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // The partner's searchd over its own cases and the mirror's.
  const int pport = free_port();
  const std::string purl = "http://127.0.0.1:" + std::to_string(pport);
  Child partner({kSearchd, "--index", index_.string(), "--listen", "127.0.0.1:" + std::to_string(pport),
                 "--no-access-log"});
  ASSERT_TRUE(http_get(purl, "/healthz", true).ok());
  EXPECT_EQ(search_total(purl, "source=sterea"), 6u);
  EXPECT_EQ(search_total(purl, "source=local"), 1u);
  EXPECT_EQ(search_total(purl, ""), 7u);

  edit_one_case();
  // Addition and deletion too.
  const auto cases = real_cases();
  fs::copy_file(cases[7], content_ / "cases" / cases[7].filename());
  fs::remove(content_ / "cases" / cases[5].filename());
  // searchd looks at its content folder again at most once a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const ProcessResult second = run_process(args);
  std::cout << "---- second pull from praxis-searchd (one edit, one addition, one deletion) ----\n"
            << second.out << second.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("2 downloaded"), std::string::npos);
  EXPECT_NE(second.out.find("1 removed (1 tombstoned)"), std::string::npos);
  EXPECT_EQ(snapshot_tree(into_), snapshot_tree(content_));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (search_total(purl, "source=sterea") != 6u && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(search_total(purl, "source=sterea"), 6u);

  // The origin killed: the next pull fails and leaves the mirror.
  edit_one_case();
  const Image before = image();
  origin.reset();
  const ProcessResult down = run_process(pull_args(ourl, key_.string() + ".pub"));
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_EQ(image(), before);
}

}  // namespace
}  // namespace praxis::mirror
