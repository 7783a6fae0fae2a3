// Ed25519 keys: key files, modes, signing, verification and forgeries.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "praxis/mirror/keys.h"
#include "process.h"

namespace praxis::mirror {
namespace {

using praxis::testing::read_file;
using praxis::testing::TempDir;
using praxis::testing::write_file;

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}

TEST(Keys, KeygenWritesBothFilesSecretOneOwnerOnly) {
  TempDir tmp;
  const KeyPair kp = generate_key_pair();
  ASSERT_TRUE(write_key_pair(kp, tmp.path() / "origin").ok());
  EXPECT_EQ(mode_of(tmp.path() / "origin.key"), 0600u);
  EXPECT_EQ(mode_of(tmp.path() / "origin.pub") & 0600u, 0600u);
  auto pub = read_public_key(tmp.path() / "origin.pub");
  auto sec = read_secret_key(tmp.path() / "origin.key");
  ASSERT_TRUE(pub.ok()) << pub.status().message();
  ASSERT_TRUE(sec.ok()) << sec.status().message();
  EXPECT_EQ(*pub, kp.public_key);
  EXPECT_EQ(sec->public_key(), kp.public_key);
  EXPECT_NE(read_file(tmp.path() / "origin.pub").find(kp.public_key.fingerprint()), std::string::npos);
}

TEST(Keys, KeygenNeverOverwritesUnlessForced) {
  TempDir tmp;
  ASSERT_TRUE(write_key_pair(generate_key_pair(), tmp.path() / "k").ok());
  const std::string before = read_file(tmp.path() / "k.key");
  const Status again = write_key_pair(generate_key_pair(), tmp.path() / "k");
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.message().find("already exists"), std::string::npos);
  EXPECT_EQ(read_file(tmp.path() / "k.key"), before);
  ASSERT_TRUE(write_key_pair(generate_key_pair(), tmp.path() / "k", /*overwrite=*/true).ok());
  EXPECT_NE(read_file(tmp.path() / "k.key"), before);
  EXPECT_EQ(mode_of(tmp.path() / "k.key"), 0600u);
}

TEST(Keys, SecretKeyReadableByOthersIsRefused) {
  TempDir tmp;
  ASSERT_TRUE(write_key_pair(generate_key_pair(), tmp.path() / "k").ok());
  ASSERT_EQ(::chmod((tmp.path() / "k.key").c_str(), 0640), 0);
  auto sec = read_secret_key(tmp.path() / "k.key");
  ASSERT_FALSE(sec.ok());
  EXPECT_NE(sec.status().message().find("chmod 600"), std::string::npos);
}

TEST(Keys, ParsesBase64AndHexWithComments) {
  const KeyPair kp = generate_key_pair();
  const std::string hex = [&] {
    std::string s;
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char b : kp.public_key.bytes) {
      s += kHex[b >> 4];
      s += kHex[b & 15];
    }
    return s;
  }();
  auto from_hex = parse_public_key("# a comment\n\n  " + hex + "  \r\n");
  ASSERT_TRUE(from_hex.ok()) << from_hex.status().message();
  EXPECT_EQ(*from_hex, kp.public_key);
  for (const char* bad : {"", "# only a comment\n", "abc", "not base64 at all!!", "AAAA"})
    EXPECT_FALSE(parse_public_key(bad).ok()) << bad;
}

TEST(Keys, DamagedSecretKeyIsRefused) {
  TempDir tmp;
  const KeyPair kp = generate_key_pair();
  ASSERT_TRUE(write_key_pair(kp, tmp.path() / "k").ok());
  // Replace the public half (the last 32 bytes) with another key's.
  SecretKey other = generate_key_pair().secret_key;
  SecretKey mixed = kp.secret_key;
  std::copy(other.bytes.begin() + 32, other.bytes.end(), mixed.bytes.begin() + 32);
  std::string hex;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char b : mixed.bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  EXPECT_FALSE(parse_secret_key(hex).ok());
}

TEST(Keys, SignatureVerifiesAndForgeriesDoNot) {
  const KeyPair kp = generate_key_pair();
  const KeyPair other = generate_key_pair();
  const std::string message = R"({"format":"praxis-mirror-manifest/1","revision":1})";
  const std::string sig = sign_detached(message, kp.secret_key);
  EXPECT_EQ(sig.back(), '\n');
  EXPECT_TRUE(verify_detached(message, sig, kp.public_key));

  // Another key, another message (one byte), another signature (one bit), junk.
  EXPECT_FALSE(verify_detached(message, sig, other.public_key));
  std::string changed = message;
  changed[changed.size() - 2] = '2';
  EXPECT_FALSE(verify_detached(changed, sig, kp.public_key));
  EXPECT_FALSE(verify_detached(message + " ", sig, kp.public_key));
  std::string flipped = sig;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_detached(message, flipped, kp.public_key));
  EXPECT_FALSE(verify_detached(message, "", kp.public_key));
  EXPECT_FALSE(verify_detached(message, "not a signature", kp.public_key));
  EXPECT_FALSE(verify_detached(message, sign_detached(message, other.secret_key), kp.public_key));

  // Key rotation: any pinned key may sign.
  const std::vector<PublicKey> pinned = {other.public_key, kp.public_key};
  const PublicKey* signer = find_signer(message, sig, pinned);
  ASSERT_NE(signer, nullptr);
  EXPECT_EQ(*signer, kp.public_key);
  EXPECT_EQ(find_signer(message, sig, {other.public_key}), nullptr);
}

TEST(Keys, FingerprintIsStableAndShort) {
  const KeyPair kp = generate_key_pair();
  EXPECT_EQ(kp.public_key.fingerprint(), kp.public_key.fingerprint());
  EXPECT_EQ(kp.public_key.fingerprint().size(), std::string("ed25519:").size() + 16);
  EXPECT_NE(kp.public_key.fingerprint(), generate_key_pair().public_key.fingerprint());
}

}  // namespace
}  // namespace praxis::mirror
