// File-system helpers shared by the origin and the puller (internal).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "praxis/status.h"

namespace praxis::mirror {

// "what: strerror(errno)"
std::string errno_message(std::string_view what, int err);

// Writes `bytes` to a temporary file beside `file`, fsyncs it, renames it over
// `file` and fsyncs the folder: readers see the old or the new file, never half.
Status write_file_atomic(const std::filesystem::path& file, std::string_view bytes, mode_t mode = 0644);

// Creates `file` (O_EXCL, O_NOFOLLOW: never through a link, never over
// anything) with `bytes`, fsynced.
Status write_new_file(const std::filesystem::path& file, std::string_view bytes, mode_t mode = 0644);

// Reads a whole file of at most `max_bytes`.
Result<std::string> read_file_limited(const std::filesystem::path& file, std::size_t max_bytes);

Status fsync_path(const std::filesystem::path& path);  // a file or a folder

// `bytes` random bytes as hex (libsodium's randombytes).
std::string random_hex(std::size_t bytes);

// sodium_init(), once; aborts when libsodium cannot start (no entropy source).
void ensure_sodium();

}  // namespace praxis::mirror
