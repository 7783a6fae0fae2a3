// Ed25519 keys and signatures (libsodium crypto_sign_*).
//
// Key files are text: '#' comment lines, then the key in base64 (what keygen
// writes) or hex. NAME.pub holds the 32-byte public key; NAME.key the 64-byte
// secret key and is created with mode 0600 — a secret key file that group or
// others can read is refused, as ssh does.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "praxis/status.h"

namespace praxis::mirror {

struct PublicKey {
  std::array<unsigned char, 32> bytes{};
  // "ed25519:" + the first 16 hex digits of SHA-256(key): what people compare.
  std::string fingerprint() const;
  bool operator==(const PublicKey&) const = default;
};

class SecretKey {
 public:
  SecretKey() = default;
  ~SecretKey();  // wipes the bytes
  SecretKey(const SecretKey& other) = default;
  SecretKey& operator=(const SecretKey& other) = default;

  std::array<unsigned char, 64> bytes{};
  PublicKey public_key() const;
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
};

KeyPair generate_key_pair();

// Writes `<stem>.pub` (0644) and `<stem>.key` (0600). Refuses to overwrite
// either unless `overwrite`.
Status write_key_pair(const KeyPair& keys, const std::filesystem::path& stem, bool overwrite = false);

Result<PublicKey> parse_public_key(std::string_view text);
Result<SecretKey> parse_secret_key(std::string_view text);
Result<PublicKey> read_public_key(const std::filesystem::path& file);
Result<SecretKey> read_secret_key(const std::filesystem::path& file);

// A detached signature of `message`, base64 on one line with a final newline
// (the body of manifest.json.sig).
std::string sign_detached(std::string_view message, const SecretKey& key);
// True when `signature_text` (base64, surrounding whitespace ignored) is a
// valid signature of `message` by `key`.
bool verify_detached(std::string_view message, std::string_view signature_text, const PublicKey& key);

// The first key of `keys` that verifies, or nullptr.
const PublicKey* find_signer(std::string_view message, std::string_view signature_text,
                             const std::vector<PublicKey>& keys);

}  // namespace praxis::mirror
