#include "web/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "process.h"

namespace praxis::web {
namespace {

namespace fs = std::filesystem;
using praxis::testing::TempDir;
using praxis::testing::write_file;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path();
    write_file(root_ / "static" / "style.css", "body{color:#000}");
    write_file(root_ / "static" / "app.js", "console.log(1)");
    write_file(root_ / "static" / "icon.svg", "<svg/>");
    write_file(root_ / "static" / ".hidden", "secret");
    write_file(root_ / "static" / "sub" / "inner.css", "inner");
    write_file(root_ / "secret.txt", "outside the static folder");
    fs::create_symlink(root_ / "secret.txt", root_ / "static" / "link.txt");
    auto loaded = StaticFiles::load(root_ / "static");
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    files_ = std::move(loaded).value();
  }

  TempDir dir_;
  fs::path root_;
  StaticFiles files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirType) {
  const auto css = files_.serve("style.css", "", "");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{color:#000}");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(files_.serve("app.js", "", "").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files_.serve("icon.svg", "", "").content_type, "image/svg+xml; charset=utf-8");
  EXPECT_EQ(StaticFiles::content_type("x.unknown"), "application/octet-stream");
}

TEST_F(StaticFilesTest, RefusesTraversalInEveryEncoding) {
  const char* attempts[] = {
      "../secret.txt",  "..%2fsecret.txt",     "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "..\\secret.txt",
      "/etc/passwd",    "//etc/passwd",        "../../../../etc/passwd", "sub/inner.css", "sub%2finner.css",
      ".hidden",        "link.txt",            "./style.css",       "style.css/",         "style.css/.",
      "..",             ".",                   "",                  "%00",                "style.css%00.js",
      "STYLE.CSS",           "style.css?x",       "style.css#x",        "~/style.css",
      "..;/secret.txt", "%252e%252e/secret.txt",
  };
  for (std::string_view name : attempts) {
    const auto r = files_.serve(name, "", "");
    EXPECT_EQ(r.status, 404) << "'" << name << "'";
    EXPECT_EQ(r.body.find("outside"), std::string::npos);
  }
  // A NUL byte inside the name, not only its escape.
  const std::string with_nul("style.css\0", 10);
  EXPECT_EQ(files_.serve(with_nul, "", "").status, 404);
  EXPECT_FALSE(files_.contains(".hidden"));
  EXPECT_FALSE(files_.contains("link.txt"));
}

TEST_F(StaticFilesTest, VersionedUrlsAreCachedForAYear) {
  const std::string url = files_.url("style.css");
  ASSERT_EQ(url.rfind("/static/style.css?v=", 0), 0u) << url;
  const std::string version = url.substr(url.find("?v=") + 3);
  EXPECT_EQ(version.size(), 16u);

  auto header = [](const StaticResponse& r, std::string_view name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return std::string();
  };
  const auto current = files_.serve("style.css", version, "");
  EXPECT_EQ(header(current, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(current, "ETag"), "\"" + version + "\"");
  const auto stale = files_.serve("style.css", "0000000000000000", "");
  EXPECT_EQ(header(stale, "Cache-Control"), "public, no-cache");
  EXPECT_EQ(stale.status, 200);

  const auto revalidated = files_.serve("style.css", "", "W/\"zzz\", \"" + version + "\"");
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(files_.serve("style.css", "", "*").status, 304);
  EXPECT_EQ(files_.serve("style.css", "", "\"other\"").status, 200);
  EXPECT_EQ(files_.url("missing.css"), "");
}

TEST(StaticFiles, MissingFolderIsEmptyAndAFileIsAnError) {
  TempDir dir;
  auto none = StaticFiles::load(dir.path() / "nothing");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->names().empty());
  write_file(dir.path() / "file", "x");
  EXPECT_FALSE(StaticFiles::load(dir.path() / "file").ok());
}

TEST(StaticFiles, ValidNames) {
  for (const char* good : {"style.css", "app.min.js", "a_b-c.svg", "favicon.ico"}) EXPECT_TRUE(StaticFiles::valid_name(good)) << good;
  for (const char* bad : {"", ".x", "a/b", "a\\b", "a..b", "..", "a b", "é.css", "a%2fb"})
    EXPECT_FALSE(StaticFiles::valid_name(bad)) << bad;
}

}  // namespace
}  // namespace praxis::web
