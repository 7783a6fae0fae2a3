#include <gtest/gtest.h>

#include "praxis/mirror/url_codec.h"

namespace praxis::mirror {
namespace {

TEST(UrlCodec, DecodesOnce) {
  EXPECT_EQ(percent_decode("a%20b").value(), "a b");
  EXPECT_EQ(percent_decode("%2e%2E%2f").value(), "../");
  EXPECT_EQ(percent_decode("%252e").value(), "%2e");  // double encoding stays encoded once
  EXPECT_EQ(percent_decode("a+b").value(), "a+b");
  EXPECT_EQ(percent_decode("%00").value(), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("%CE%B1").value(), "\xce\xb1");
}

TEST(UrlCodec, RefusesMalformedEscapes) {
  for (const char* bad : {"%", "%2", "a%", "%zz", "%g0", "%0g", "%%"}) EXPECT_FALSE(percent_decode(bad)) << bad;
}

TEST(UrlCodec, EncodesAllButUnreservedAndSlash) {
  EXPECT_EQ(percent_encode_path("cases/a b.md"), "cases/a%20b.md");
  EXPECT_EQ(percent_encode_path("a%b?c#d+e"), "a%25b%3Fc%23d%2Be");
  EXPECT_EQ(percent_encode_path("α"), "%CE%B1");
  for (const std::string s : {"cases/ανοιχτά δεδομένα.md", "a%2e/b", "~-._"})
    EXPECT_EQ(percent_decode(percent_encode_path(s)).value(), s);
}

}  // namespace
}  // namespace praxis::mirror
