#include "fs_util.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace praxis::mirror {

namespace fs = std::filesystem;

std::string errno_message(std::string_view what, int err) {
  return std::string(what) + ": " + std::strerror(err);
}

namespace {

Status write_all(int fd, std::string_view bytes, const fs::path& file) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(errno_message("cannot write " + file.string(), errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd) != 0) return Status::IoError(errno_message("cannot fsync " + file.string(), errno));
  return Status::Ok();
}

}  // namespace

Status write_new_file(const fs::path& file, std::string_view bytes, mode_t mode) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoError(errno_message("cannot create " + file.string(), errno));
  Status st = write_all(fd, bytes, file);
  if (::close(fd) != 0 && st.ok()) st = Status::IoError(errno_message("cannot close " + file.string(), errno));
  return st;
}

Status write_file_atomic(const fs::path& file, std::string_view bytes, mode_t mode) {
  const fs::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp-" + random_hex(6));
  if (Status st = write_new_file(tmp, bytes, mode); !st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IoError(errno_message("cannot rename " + tmp.string() + " to " + file.string(), err));
  }
  return fsync_path(file.parent_path().empty() ? fs::path(".") : file.parent_path());
}

Result<std::string> read_file_limited(const fs::path& file, std::size_t max_bytes) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound(file.string() + ": no such file");
    return Status::IoError(errno_message("cannot open " + file.string(), err));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return Status::IoError(errno_message("cannot read " + file.string(), err));
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      return Status::InvalidArgument(file.string() + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

Status fsync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(errno_message("cannot open " + path.string(), errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some filesystems refuse fsync on folders; that is not our failure.
  if (rc != 0 && err != EINVAL && err != EROFS) return Status::IoError(errno_message("cannot fsync " + path.string(), err));
  return Status::Ok();
}

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace praxis::mirror
