#include "praxis/mirror/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "fs_util.h"
#include "praxis/mirror/sha256.h"

namespace praxis::mirror {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxKeyFileBytes = 4096;

std::string to_base64(const unsigned char* bytes, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the NUL
  return out;
}

// Decodes exactly `n` bytes from base64 or hex text; false otherwise.
bool decode_exact(std::string_view text, unsigned char* out, std::size_t n) {
  std::size_t got = 0;
  const char* end = nullptr;
  if (text.size() == n * 2 &&
      sodium_hex2bin(out, n, text.data(), text.size(), nullptr, &got, &end) == 0 && got == n &&
      end == text.data() + text.size())
    return true;
  got = 0;
  end = nullptr;
  return sodium_base642bin(out, n, text.data(), text.size(), nullptr, &got, &end,
                           sodium_base64_VARIANT_ORIGINAL) == 0 &&
         got == n && end == text.data() + text.size();
}

// The key text of a key file: the first line that is neither blank nor a '#' comment.
std::string_view key_line(std::string_view text) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    return line;
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r' || s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

}  // namespace

std::string PublicKey::fingerprint() const {
  const std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return "ed25519:" + sha256_hex(raw).substr(0, 16);
}

SecretKey::~SecretKey() { sodium_memzero(bytes.data(), bytes.size()); }

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  crypto_sign_ed25519_sk_to_pk(pk.bytes.data(), bytes.data());
  return pk;
}

KeyPair generate_key_pair() {
  ensure_sodium();
  KeyPair kp;
  crypto_sign_keypair(kp.public_key.bytes.data(), kp.secret_key.bytes.data());
  return kp;
}

Status write_key_pair(const KeyPair& keys, const fs::path& stem, bool overwrite) {
  const fs::path pub = fs::path(stem.string() + ".pub");
  const fs::path key = fs::path(stem.string() + ".key");
  std::error_code ec;
  if (!overwrite) {
    for (const auto& p : {pub, key})
      if (fs::symlink_status(p, ec).type() != fs::file_type::not_found)
        return Status::InvalidArgument(p.string() + " already exists (keep it, or move it away first)");
  }
  const std::string fp = keys.public_key.fingerprint();
  const std::string pub_text = "# praxis-mirror Ed25519 public key " + fp +
                               "\n# Give this file to partners: they pin it with --public-key.\n" +
                               to_base64(keys.public_key.bytes.data(), keys.public_key.bytes.size()) + "\n";
  std::string key_text = "# praxis-mirror Ed25519 secret key " + fp +
                         "\n# Keep it secret (mode 0600); give it to praxis-searchd --signing-key.\n" +
                         to_base64(keys.secret_key.bytes.data(), keys.secret_key.bytes.size()) + "\n";
  Status st;
  if (overwrite) {
    // Replace atomically; the secret one with its mode from the start.
    st = write_file_atomic(key, key_text, 0600);
    if (st.ok()) st = write_file_atomic(pub, pub_text, 0644);
  } else {
    st = write_new_file(key, key_text, 0600);
    if (st.ok()) st = write_new_file(pub, pub_text, 0644);
  }
  sodium_memzero(key_text.data(), key_text.size());
  if (st.ok() && ::chmod(key.c_str(), 0600) != 0) st = Status::IoError(errno_message("chmod " + key.string(), errno));
  return st;
}

Result<PublicKey> parse_public_key(std::string_view text) {
  PublicKey pk;
  if (!decode_exact(key_line(text), pk.bytes.data(), pk.bytes.size()))
    return Status::InvalidArgument("not an Ed25519 public key (expected 32 bytes in base64 or hex)");
  return pk;
}

Result<SecretKey> parse_secret_key(std::string_view text) {
  SecretKey sk;
  if (!decode_exact(key_line(text), sk.bytes.data(), sk.bytes.size()))
    return Status::InvalidArgument("not an Ed25519 secret key (expected 64 bytes in base64 or hex)");
  // The second half of a libsodium secret key is its public key: check they belong together.
  unsigned char seed[crypto_sign_SEEDBYTES];
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk2[crypto_sign_SECRETKEYBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, sk.bytes.data());
  crypto_sign_seed_keypair(pk, sk2, seed);
  const bool same = sodium_memcmp(sk2, sk.bytes.data(), sizeof sk2) == 0;
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(sk2, sizeof sk2);
  if (!same) return Status::InvalidArgument("damaged Ed25519 secret key (its public half does not match)");
  return sk;
}

Result<PublicKey> read_public_key(const fs::path& file) {
  auto text = read_file_limited(file, kMaxKeyFileBytes);
  if (!text.ok()) return text.status();
  auto key = parse_public_key(*text);
  if (!key.ok()) return Status::InvalidArgument(file.string() + ": " + key.status().message());
  return key;
}

Result<SecretKey> read_secret_key(const fs::path& file) {
  ensure_sodium();
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return Status::NotFound(errno_message(file.string(), errno));
  if ((st.st_mode & 077) != 0)
    return Status::InvalidArgument(file.string() + ": secret key readable by group or others; chmod 600 it");
  auto text = read_file_limited(file, kMaxKeyFileBytes);
  if (!text.ok()) return text.status();
  auto key = parse_secret_key(*text);
  sodium_memzero(text.value().data(), text.value().size());
  if (!key.ok()) return Status::InvalidArgument(file.string() + ": " + key.status().message());
  return key;
}

std::string sign_detached(std::string_view message, const SecretKey& key) {
  ensure_sodium();
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key.bytes.data());
  return to_base64(sig, sizeof sig) + "\n";
}

bool verify_detached(std::string_view message, std::string_view signature_text, const PublicKey& key) {
  ensure_sodium();
  unsigned char sig[crypto_sign_BYTES];
  const std::string_view t = trim(signature_text);
  std::size_t got = 0;
  const char* end = nullptr;
  if (sodium_base642bin(sig, sizeof sig, t.data(), t.size(), nullptr, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      got != sizeof sig || end != t.data() + t.size())
    return false;
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.bytes.data()) == 0;
}

const PublicKey* find_signer(std::string_view message, std::string_view signature_text,
                             const std::vector<PublicKey>& keys) {
  for (const auto& k : keys)
    if (verify_detached(message, signature_text, k)) return &k;
  return nullptr;
}

}  // namespace praxis::mirror
