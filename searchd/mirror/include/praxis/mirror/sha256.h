// SHA-256 (libsodium's crypto_hash_sha256), as lowercase hex.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "praxis/status.h"

namespace praxis::mirror {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex();  // finishes; call once

 private:
  alignas(16) std::array<unsigned char, 128> state_{};  // crypto_hash_sha256_state
};

std::string sha256_hex(std::string_view bytes);
bool is_sha256_hex(std::string_view s);  // 64 lowercase hex digits

struct FileDigest {
  std::uint64_t size = 0;
  std::string sha256;
};
// Hashes a regular file (a symbolic link is refused). NotFound when missing,
// InvalidArgument when larger than `max_bytes`.
Result<FileDigest> hash_file(const std::filesystem::path& file, std::uint64_t max_bytes);

}  // namespace praxis::mirror
